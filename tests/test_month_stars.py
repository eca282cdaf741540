"""The month's 服务明星 (issue 20.2): the suggestion against hand-computed bars, the confirmed list
written to the store and read back, an edited list written as exactly the corrections and voids it
needs, and the review page's section (a manager confirms; a lead sees the list, no form)."""
from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lib.month.month_stars import (CONFIRMED_COLUMNS, SUGGESTED_COLUMNS, confirmed_stars, save_stars,
                                   star_changes, star_problems, suggested_stars)
from lib.store import open_store
from tests.conftest import ROOT, make_settings

MONTH = "2026-11"
NAN = float("nan")


def agent(aid, ratio=1.2, volume=2000.0, qa=92.0, deductions=0.0, days=20, name=None, group="102"):
    return {"agent_id": aid, "name": name or f"坐席{aid}", "group": group, "volume": volume, "handled": 0.0,
            "rate": 0.1, "days": days, "qa_avg": qa, "deductions": deductions, "absences": 0.0,
            "rate_ratio": ratio, "stars": 3, "reason": "星级理由"}


# Default bars ([month_stars]): rate_ratio ≥ 1.05, volume ≥ 1,000, QA ≥ 85, at most 0 points lost, ≥ 15 days.
AGENTS = pd.DataFrame([
    agent("1001", ratio=1.05, volume=1000.0, qa=85.0, days=15),   # every bar exactly met: in
    agent("1002", ratio=1.0499),                                  # rate just below: out
    agent("1003", volume=999.0),                                  # volume just below: out
    agent("1004", qa=84.9),                                       # QA just below: out
    agent("1005", qa=NAN),                                        # no QA score: out
    agent("1006", deductions=-1.0),                               # a point lost (a leave): out
    agent("1007", days=14),                                       # too few days: out
    agent("1008", ratio=1.2, volume=2000.0),                      # in: third (less volume than the two below)
    agent("1009", ratio=1.2, volume=2500.0),                      # in: second (same as 999, later id)
    agent("999", ratio=1.2, volume=2500.0),                       # in: first (999 before 1009 in id order)
    agent("1011", ratio=1.05 - 1e-12),                            # 1.05 computed as 1.0499999999: in (EPS)
])


def test_the_suggestion_meets_every_bar_best_rate_first():
    out = suggested_stars(AGENTS, make_settings())
    assert list(out.columns) == SUGGESTED_COLUMNS
    # 1011's ratio is a hair below 1001's 1.05: it meets the bar (EPS) and comes last
    assert out["agent_id"].tolist() == ["999", "1009", "1008", "1001", "1011"]
    r = out.set_index("agent_id")["reason"]
    assert r["1008"] == "办理率为中心同项目的 120%（≥105%）· 数据量 2,000（≥1,000）· 出勤 20 天（≥15）· 质检均分 92.0（≥85）· 本月无考勤扣分"
    assert r["1001"] == "办理率为中心同项目的 105%（≥105%）· 数据量 1,000（≥1,000）· 出勤 15 天（≥15）· 质检均分 85.0（≥85）· 本月无考勤扣分"
    en = suggested_stars(AGENTS, make_settings(), "en").set_index("agent_id")["reason"]["1008"]
    assert en == ("handle rate 120% of the center's on the same projects (≥105%) · volume 2,000 (≥1,000) · "
                  "20 days worked (≥15) · QA average 92.0 (≥85) · no attendance points lost this month")
    assert "星级" not in "".join(out["reason"])   # the month's stars are not the star level


def test_the_bars_come_from_config():
    cfg = make_settings(month_stars={"max_deduction": 1.0, "most": 2})
    out = suggested_stars(AGENTS, cfg)
    assert out["agent_id"].tolist() == ["999", "1009"]          # at most 2
    more = make_settings(month_stars={"max_deduction": 1.0})
    out = suggested_stars(AGENTS, more).set_index("agent_id")
    assert "1006" in out.index                                  # 1 point lost, at most 1: in
    assert out.loc["1006", "reason"].endswith("考勤扣分 1（≤1）")
    assert "1006" not in suggested_stars(AGENTS.assign(deductions=AGENTS["deductions"] * 1.5), more)["agent_id"].tolist()
    low = make_settings(month_stars={"min_days": 14, "qa_min": 84.9})
    ids = suggested_stars(AGENTS, low)["agent_id"].tolist()
    assert "1007" in ids and "1004" in ids and "1005" not in ids


def test_nothing_to_suggest():
    assert suggested_stars(AGENTS.iloc[0:0], make_settings()).empty
    none = suggested_stars(AGENTS[AGENTS["agent_id"] == "1002"], make_settings())
    assert none.empty and list(none.columns) == SUGGESTED_COLUMNS


def stars(*rows):
    return pd.DataFrame([dict(zip(CONFIRMED_COLUMNS, r)) for r in rows], columns=CONFIRMED_COLUMNS)


@pytest.fixture
def store(tmp_path):
    return open_store(make_settings(), tmp_path)


def history(store):
    return store.read_month("month_stars", MONTH, history=True)


def test_confirm_writes_the_list_and_reads_it_back(store):
    first = stars(("1008", "坐席1008", "102", "第一"), ("999", "坐席999", "101", "=SUM(A1)"))
    changes = save_stars(store, MONTH, first, "0801")
    assert len(changes.append) == 2 and not changes.correct and not changes.void
    rows = history(store)
    assert rows[["月份", "工号", "姓名", "组别", "理由", "提交人"]].values.tolist() == [
        [MONTH, "1008", "坐席1008", "102", "第一", "0801"], [MONTH, "999", "坐席999", "101", "=SUM(A1)", "0801"]]
    back = confirmed_stars(store.read_month("month_stars", MONTH), MONTH)
    assert back.values.tolist() == [["999", "坐席999", "101", "=SUM(A1)"], ["1008", "坐席1008", "102", "第一"]]
    # the formula-looking reason is a text cell in the workbook, not a formula
    from openpyxl import load_workbook
    cells = [c for f in sorted((store.root / "month_stars").rglob("*.xlsx"))
             for row in load_workbook(f).active.iter_rows() for c in row if c.value == "=SUM(A1)"]
    assert cells and all(c.data_type == "s" for c in cells)
    # confirming the same list again writes nothing
    assert save_stars(store, MONTH, first, "0801").empty and len(history(store)) == 2


def test_an_edited_list_is_exactly_its_corrections_and_voids(store):
    save_stars(store, MONTH, stars(("1008", "坐席1008", "102", "第一"), ("999", "坐席999", "101", "第二"),
                                   ("1001", "坐席1001", "102", "第三")), "0801")
    before = history(store)
    ids = dict(zip(before["工号"], before["记录编号"]))
    # remove 1001, add 1011, change 999's reason, keep 1008 as it is
    edited = stars(("1008", "坐席1008", "102", "第一"), ("999", "坐席999", "101", "第二，更正"),
                   ("1011", "坐席1011", "103", "新增"))
    changes = star_changes(edited, before, MONTH)
    assert [r["工号"] for r in changes.append] == ["1011"]
    assert [(rid, row["理由"]) for rid, row in changes.correct] == [(ids["999"], "第二，更正")]
    assert changes.void == [ids["1001"]]
    save_stars(store, MONTH, edited, "0802")
    rows = history(store)
    new = rows.iloc[3:]
    assert new[["工号", "理由", "更正记录", "作废", "提交人"]].values.tolist() == [
        ["1011", "新增", "", "", "0802"],
        ["999", "第二，更正", ids["999"], "", "0802"],
        ["1001", "第三", ids["1001"], "是", "0802"]]
    assert confirmed_stars(rows, MONTH)[["agent_id", "reason"]].values.tolist() == [
        ["999", "第二，更正"], ["1008", "第一"], ["1011", "新增"]]
    # again: nothing; and a second edit of the corrected reason corrects the latest version
    assert save_stars(store, MONTH, edited, "0802").empty and len(history(store)) == 6
    third = stars(("999", "坐席999", "101", "第三版"))
    save_stars(store, MONTH, third, "0802")
    assert confirmed_stars(history(store), MONTH).values.tolist() == [["999", "坐席999", "101", "第三版"]]
    assert len(history(store)) == 9   # one correction, two voids


def test_an_agent_stored_twice_is_listed_once_and_the_copy_voided(store):
    store.append("month_stars", [{"月份": MONTH, "工号": "1008", "姓名": "甲", "组别": "102", "理由": "一"},
                                 {"月份": MONTH, "工号": "1008", "姓名": "甲", "组别": "102", "理由": "二"}], "0801")
    rows = history(store)
    assert confirmed_stars(rows, MONTH).values.tolist() == [["1008", "甲", "102", "二"]]
    changes = star_changes(stars(("1008", "甲", "102", "二")), rows, MONTH)
    assert changes.void == [rows["记录编号"].iloc[0]] and not changes.append and not changes.correct
    assert confirmed_stars(rows, "2026-10").empty


def test_the_list_needs_a_reason_for_each_star():
    problems = star_problems(stars(("1008", "甲", "102", "  "), ("999", "乙", "101", "好")))
    assert problems == {"reason_1008": ("mstars.err.no_reason", {"name": "甲"})}
    with pytest.raises(ValueError):
        star_changes(stars(("1008", "甲", "102", "一"), ("1008", "甲", "102", "二")), None, MONTH)


# -- the review page ----------------------------------------------------------------------------

QA = {"1411": 90.0, "1403": 88.0, "1208": 84.0}   # 1208's month meets every bar but QA (84 < 85)


@pytest.fixture
def floor_dir(demo_dir, tmp_path, monkeypatch):
    """A private copy of the demo center, sign-in off (the local administrator), with QA scores of
    three agents whose month (to 2026-11-25 11:05) meets the rate, volume, days and attendance bars."""
    data = tmp_path / "floor"
    shutil.copytree(demo_dir, data, ignore=shutil.ignore_patterns("records"))
    text = (ROOT / "config.toml").read_text(encoding="utf-8").replace('path = ""', f'path = "{data.as_posix()}"', 1)
    text = re.sub(r"(?m)^enabled = \w+", "enabled = false", text, count=1)
    (tmp_path / "config.toml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(tmp_path / "config.toml"))
    open_store(make_settings(), data).append(
        "qa", [{"日期": "2026-11-10", "工号": a, "组别": f"10{a[1]}", "总分": s} for a, s in QA.items()], "0803")
    return data


def review(at=None):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90) if at is None else at
    at.run()
    at = at.switch_page("pages/review.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


SHOWN = {"review_stars_suggested": ["工号", "姓名", "组别", "相对项目水平", "数据量", "质检均分", "考勤扣分", "出勤天数", "理由"],
         "review_stars_confirmed": ["工号", "姓名", "组别", "理由"]}


def table(at, key):
    """The section's table (a dataframe's key is not in its element: told by its columns), None without."""
    return next((d.value for d in at.dataframe if list(d.value.columns) == SHOWN[key]), None)


def stored(data):
    return open_store(make_settings(), data).read_month("month_stars", MONTH, history=True)


def test_a_manager_confirms_the_suggestion_then_edits_it(floor_dir):
    at = review()
    assert "服务明星" in [t.label for t in at.tabs]
    suggested = table(at, "review_stars_suggested")
    assert suggested["工号"].tolist() == ["1411", "1403"]       # 1208: QA 84
    assert suggested["理由"].iloc[0].startswith("办理率为中心同项目的 135%（≥105%）· 数据量 4,653（≥1,000）")
    assert table(at, "review_stars_confirmed") is None and "本月服务明星尚未确认。" in [c.value for c in at.caption]
    at.button(key="review_stars_confirm").click().run()
    assert not at.exception and "已确认本月服务明星 2 人（新增 2，更正 0，撤下 0）。" in [s.value for s in at.success]
    rows = stored(floor_dir)
    assert rows["工号"].tolist() == ["1411", "1403"] and set(rows["提交人"]) == {"admin"}
    assert table(at, "review_stars_confirmed")["工号"].tolist() == ["1403", "1411"]   # read back, id order

    # edit: remove 1403, add 1208 (its month as reason, QA below the bar said so), change 1411's reason
    at.checkbox(key="review_stars_keep_1403").uncheck().run()
    at.selectbox(key="review_stars_add").set_value("1208").run()
    at.button(key="review_stars_add_button").click().run()
    assert not at.exception and not [w for w in at.warning if "Session State" in w.value]
    assert "质检均分 84.0（<85）" in at.text_input(key="review_stars_reason_1208").value
    at.text_input(key="review_stars_reason_1411").input("=SUM(A1) 本月最佳").run()
    at.button(key="review_stars_confirm").click().run()
    assert "已确认本月服务明星 2 人（新增 1，更正 1，撤下 1）。" in [s.value for s in at.success]
    rows = stored(floor_dir)
    assert len(rows) == 5 and rows["作废"].tolist() == ["", "", "", "", "是"]
    at = review(at)   # another run: the list as stored
    shown = table(at, "review_stars_confirmed")
    assert shown[["工号", "理由"]].values.tolist()[1] == ["1411", "=SUM(A1) 本月最佳"]
    assert shown["工号"].tolist() == ["1208", "1411"]
    at.button(key="review_stars_confirm").click().run()   # the same list again: nothing written
    assert "名单与已确认的一致，未写入任何记录。" in [s.value for s in at.success] and len(stored(floor_dir)) == 5


def test_a_reason_left_empty_writes_nothing(floor_dir):
    at = review()
    at.text_input(key="review_stars_reason_1411").input("  ").run()
    at.button(key="review_stars_confirm").click().run()
    assert "请填写魏红静的理由" in [e.value for e in at.error] and stored(floor_dir).empty


def test_a_lead_sees_the_confirmed_list_and_cannot_confirm(floor_dir, tmp_path):
    save_stars(open_store(make_settings(), floor_dir), MONTH,
               stars(("1411", "魏红静", "104", "本月最佳"), ("1403", "刘晶霞", "104", "[x](http://h/)")), "0801")
    from lib.people import accounts
    users = tmp_path / "users.json"
    cfg = tmp_path / "config.toml"
    text = re.sub(r"(?m)^enabled = \w+", "enabled = true", cfg.read_text(encoding="utf-8"), count=1)
    cfg.write_text(text.replace('users_file = "~/.teamboard/users.json"', f'users_file = "{users.as_posix()}"'),
                   encoding="utf-8")
    accounts.add_user(users, "1100", "secret-1")   # the lead of 101
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90).run()
    at.text_input(key="signin_id").input("1100")
    at.text_input(key="signin_password").input("secret-1")
    at.button[0].click().run()
    at.switch_page("pages/review.py").run()
    assert not at.exception
    assert table(at, "review_stars_confirmed")[["工号", "理由"]].values.tolist() == [
        ["1403", "[x](http://h/)"], ["1411", "本月最佳"]]
    keys = {getattr(w, "key", None) for w in at.button} | {getattr(w, "key", None) for w in at.checkbox}
    assert not {k for k in keys if k and k.startswith("review_stars")}
    assert table(at, "review_stars_suggested") is None


def test_names_and_reasons_are_shown_as_typed(floor_dir):
    from lib.ui.safe import unliteral
    name = "**粗**[x](http://h/)<b>"
    save_stars(open_store(make_settings(), floor_dir), MONTH, stars(("1411", name, "104", "<i>好</i> **本月**")), "0801")
    at = review()
    box = at.checkbox(key="review_stars_keep_1411")
    assert unliteral(box.label) == f"{name}（1411）· 104组" and "\\*\\*" in box.label and "\\<b\\>" in box.label
    assert at.text_input(key="review_stars_reason_1411").value == "<i>好</i> **本月**"
    assert table(at, "review_stars_confirmed")[["姓名", "理由"]].values.tolist() == [[name, "<i>好</i> **本月**"]]


def test_english(floor_dir):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.query_params["lang"] = "en"
    at = review(at)
    assert "Stars of the month" in [t.label for t in at.tabs]
    assert at.checkbox(key="review_stars_keep_1411").label == "魏红静 (1411) · group 104"
    assert at.text_input(key="review_stars_reason_1411").value.startswith(
        "handle rate 135% of the center's on the same projects (≥105%) · volume 4,653 (≥1,000)")
    assert at.button(key="review_stars_confirm").label == "Confirm the list"
