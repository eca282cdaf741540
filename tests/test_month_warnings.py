"""Rows kept with a warning and the month (lib.floor.metrics.month_report_rows): a row whose 办理量 or 接通量
exceeds its 数据量 is shown on the day but left out of every figure of the month, and the review lists it
per group with a link to its file on the data check. On tests/test_wall.py's tiny floor as of
2026-11-25 11:05, group 102's month is 2001 80/12, 2002 8/1, 2003 90/8 on the 25th and 2001 50/5 on the
24th: 26 handled of 228 = 11.40%. A typo on the 20th (2001: 数据量 39, 办理量 999) would make it
1,025 of 267.
"""
from __future__ import annotations

import datetime as dt

import pytest

from lib.floor.cache import load_floor
from lib.floor.metrics import month_by_group, month_report_rows, month_rows, ranking_at
from lib.month.review import left_out_rows
from tests.conftest import make_settings, open_page
from tests.test_wall import config_for, write_tiny_floor

TYPO = "日期,时段,工号,姓名,组别,项目,数据量,办理量\n2026-11-20,09:00-10:00,2001,陈一,102,新华手机报,39,999\n"


@pytest.fixture
def root(tmp_path):
    root = write_tiny_floor(tmp_path / "floor")
    (root / "reports" / "2026-11-20.csv").write_text(TYPO, encoding="utf-8")
    return root


def test_the_row_is_kept_with_a_warning_shown_on_its_day_and_left_out_of_the_month(root):
    cfg = make_settings()
    f = load_floor(root, cfg)
    assert any("办理量 999 大于数据量 39（行已保留）" in m for m in f.problems["message"])
    assert ranking_at(f.reports, dt.date(2026, 11, 20), 600, 10)["handled"].tolist() == [999.0]   # the day says it
    assert len(month_rows(f.reports, "2026-11")) - len(month_report_rows(f.reports, "2026-11")) == 1
    upto = f.reports[(f.reports["date"] < "2026-11-25") | (f.reports["end_minute"] <= 660)]   # as of 11:05
    g = month_by_group(upto, "2026-11").set_index("group")
    assert (g.loc["102", "handled"], g.loc["102", "volume"]) == (26.0, 228.0)
    assert round(g.loc["102", "rate"], 4) == 0.114
    out = left_out_rows(f.reports, "2026-11")
    assert out[["group", "agent_id", "volume", "handled", "file", "row"]].values.tolist() == [
        ["102", "2001", 39.0, 999.0, "reports/2026-11-20.csv", 2]]


def test_the_review_lists_the_rows_left_out_per_group_with_a_link_to_the_data_check(root, tmp_path, monkeypatch):
    config_for(root, tmp_path, monkeypatch)
    at = open_page("pages/review.py")
    assert not at.exception
    said = [w.value for w in at.warning if "未计入月度数字" in w.value]
    assert said and "本月有 1 行因数字自相矛盾" in said[0]
    assert "102组：1 行（办理量 999，数据量 39）未计入" in said[0].replace("\\", "")
    assert "(data_health?file=reports/2026-11-20.csv)" in said[0]
    health = open_page("pages/data_health.py", file="reports/2026-11-20.csv")
    assert health.selectbox(key="health_file").value == "reports/2026-11-20.csv"
