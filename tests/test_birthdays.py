"""Birthdays (issue 20.4): the roster's optional 生日 column, month and day only, and who has a
birthday on a day: the lead's morning tab lists the group's, no other screen, download or command
shows the column, and the year of a full date is kept nowhere (frame, parse cache, messages).

The roster files are real: workbooks written with openpyxl (text cells, date cells, a date-time
cell, a number cell) and read as the app reads them (python-calamine), and CSV. The clock is the
tests' (2026-11-25 11:05).
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from openpyxl import Workbook, load_workbook

from lib.cli.main import main as cli
from lib.day.birthdays import birthday_keys, birthdays_on
from lib.floor import cache as floor_mod
from lib.floor.cache import load_floor
from lib.floor.load.values import month_day
from lib.floor.schema import conform
from lib.quality.lead_book import load_workbench
from lib.store import open_store
from lib.ui.safe import unliteral
from tests.conftest import ROOT, make_settings, open_page
from tests.test_rights_scan import everything

DAY = dt.date(2026, 11, 25)
YEARS = ("1990", "1992", "1988", "1995", "1993", "1994")   # every birth year written in the files below

# (工号, the 生日 cell as written, what the roster keeps): every form DATA.md accepts.
FORMS = [
    ("1001", "03-15", "03-15"),
    ("1002", "3-5", "03-05"),
    ("1003", "12/1", "12-01"),
    ("1004", "3.15", "03-15"),                         # text: a CSV's, or a cell typed as text
    ("1005", "10月1日", "10-01"),
    ("1006", "03月08日", "03-08"),
    ("1007", "1990-07-04", "07-04"),
    ("1008", "1992/2/29", "02-29"),
    ("1009", dt.date(1988, 11, 25), "11-25"),          # a date cell
    ("1010", dt.datetime(1995, 6, 30, 8, 30), "06-30"),  # a date-time cell
    ("1011", 4.15, "04-15"),                           # a number cell: what Excel makes of 4.15 typed in
    ("1012", None, ""),                                # blank: no birthday
    ("1013", "1993年3月15日", "03-15"),
    ("1014", "２月２９日", "02-29"),                    # full-width digits
    ("1015", 32947, "03-15"),                          # a date as its serial number (Google Sheets)
    ("1016", "1990-12-24 08:00", "12-24"),
]
# (工号, the cell, the value the message repeats): none is a month and day; the row loads all the same.
BAD = [("1101", "13-40", "'13-40'"), ("1102", "2月30日", "'2月30日'"), ("1103", "下周", "'下周'"),
       ("1104", 3.1, "'3.1'"),                         # 3.1 is what a cell holds for '3.1' and '3.10'
       ("1105", "1994-02-30", "'…-02-30'")]            # the year is not repeated either


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    """A parse cache of this test's own, so what is on disk is this test's parse alone."""
    monkeypatch.setenv("TEAMBOARD_CACHE_DIR", str(tmp_path / "cache"))
    floor_mod.clear_cache()
    yield
    floor_mod.clear_cache()


def _long_workbook(path: Path, rows: list[tuple[str, object]], header: str = "生日") -> None:
    """A long-form roster of 2026-11-25: one row per person (the day a date cell), 生日 last."""
    wb = Workbook()
    ws = wb.active
    ws.title = "排班表"
    ws.append(["日期", "工号", "姓名", "组别", "岗位", "班次", header])
    for i, (aid, cell) in enumerate(rows):
        ws.append([dt.datetime(2026, 11, 25), aid, f"坐席{aid}", "101", "坐席", "全天", cell])
        ws.cell(ws.max_row, 1).number_format = "yyyy-mm-dd"
        if isinstance(cell, dt.datetime):
            ws.cell(ws.max_row, 7).number_format = "yyyy-mm-dd hh:mm"
        elif isinstance(cell, dt.date):
            ws.cell(ws.max_row, 7).number_format = "yyyy-mm-dd"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


def _problems(floor) -> pd.DataFrame:
    p = floor.problems
    return p if isinstance(p, pd.DataFrame) else pd.DataFrame(p)


def _birthdays(floor) -> dict[str, str]:
    s = floor.schedule
    return dict(zip(s["agent_id"], s["birthday"]))


# ------------------------------------------------------------------ reading the column

def test_every_form_of_a_workbook_is_its_month_and_day(tmp_path):
    _long_workbook(tmp_path / "floor" / "schedule.xlsx", [(a, c) for a, c, _ in FORMS])
    floor = load_floor(tmp_path / "floor", make_settings())
    assert _birthdays(floor) == {a: want for a, _, want in FORMS}
    assert floor.schedule["birthday"].dtype == "str"
    assert _problems(floor).query("column == '生日'").empty


def test_a_month_grid_and_its_aliases(tmp_path):
    """The month grid: 出生日期 is the 生日 column, not a day; each day's line carries the birthday."""
    wb = Workbook()
    ws = wb.active
    ws.title = "排班表"
    ws.append(["2026年11月排班表"])
    ws.append(["工号", "姓名", "组别", "岗位", "出生日期", 24, 25, 26])
    ws.append(["1001", "张三", "101", "坐席", dt.date(1990, 11, 25), "全天", "全天", "休"])
    ws.cell(3, 5).number_format = "yyyy-mm-dd"
    ws.append(["1002", "李四", "101", "组长", "11月26日", "休", "值", "全天"])
    ws.append(["1003", "王五", "102", "坐席", "", "全天", "", "全天"])
    (tmp_path / "floor").mkdir()
    wb.save(tmp_path / "floor" / "schedule.xlsx")
    s = load_floor(tmp_path / "floor", make_settings()).schedule
    got = {(a, d.day): b for a, d, b in zip(s["agent_id"], s["date"], s["birthday"])}
    assert got == {("1001", 24): "11-25", ("1001", 25): "11-25", ("1001", 26): "11-25",
                   ("1002", 24): "11-26", ("1002", 25): "11-26", ("1002", 26): "11-26",
                   ("1003", 24): "", ("1003", 26): ""}
    assert sorted(s["date"].dt.day.unique()) == [24, 25, 26]   # 出生日期 was not read as a day


@pytest.mark.parametrize("header", ["生日", "出生日期", "Birthday", "date of birth", "DOB"])
def test_header_aliases(tmp_path, header):
    _long_workbook(tmp_path / "floor" / "schedule.xlsx", [("1001", "3月15日")], header=header)
    assert _birthdays(load_floor(tmp_path / "floor", make_settings())) == {"1001": "03-15"}


def test_a_csv(tmp_path):
    root = tmp_path / "floor"
    root.mkdir()
    (root / "schedule.csv").write_text(
        "日期,工号,姓名,组别,班次,birthday\n"
        "2026-11-25,1001,张三,101,全天,3.10\n"      # text: 10 March, no doubt as a CSV's text
        "2026-11-25,1002,李四,101,全天,11/25\n"
        "2026-11-25,1003,王五,101,全天,1990-11-25\n"
        "2026-11-25,1004,赵六,101,全天,\n"
        "2026-11-25,1005,钱七,101,全天,2月30日\n", encoding="utf-8")
    floor = load_floor(root, make_settings())
    assert _birthdays(floor) == {"1001": "03-10", "1002": "11-25", "1003": "11-25", "1004": "", "1005": ""}
    p = _problems(floor).query("column == 'birthday'")
    assert p[["file", "sheet", "row", "severity"]].values.tolist() == [["schedule.csv", "", 6, "warning"]]
    assert "'2月30日'" in p["message"].iloc[0] and "'2月30日'" in p["message_en"].iloc[0]


def test_a_google_sheets_roster(tmp_path):
    """Google Sheets gives a date cell unformatted, as its serial number (32947 = 1990-03-15)."""
    from lib.floor.sources import gsheets
    from tests.store.conftest import gspread_client
    from tests.store.fake_sheets import FakeSheets
    fake = FakeSheets()
    book = fake.add_book("ROSTERKEY", "11月排班表", ("11月",))
    rows = [["2026年11月排班表"], ["工号", "姓名", "组别", "岗位", "生日", 24, 25],
            ["007", "张三", "101", "坐席", 32947, "全天", "休"], ["1200", "李四", "102", "组长", "11月25日", "值", "全天"],
            ["1201", "王五", "102", "坐席", "13-40", "全天", "全天"]]
    for r, row in enumerate(rows, 1):
        for c, v in enumerate(row, 1):
            book.sheet("11月").put(r, c, {"v": v})
    gsheets.use_client(gspread_client(fake))
    try:
        floor = load_floor(tmp_path, make_settings(source={"kind": "gsheets", "path": str(tmp_path),
                                                           "gsheets": {"schedule": "ROSTERKEY"}}))
    finally:
        gsheets._client.clear()
    assert _birthdays(floor) == {"007": "03-15", "1200": "11-25", "1201": ""}
    p = _problems(floor).query("column == '生日'")
    assert p[["file", "sheet", "row", "severity"]].values.tolist() == [["Google Sheets「11月排班表」", "11月", 5, "warning"]]
    assert birthdays_on(floor.schedule, DAY).to_dict("records") == [{"agent_id": "1200", "name": "李四", "group": "102"}]


def test_day_first_when_the_floor_writes_dates_so(tmp_path):
    root = tmp_path / "floor"
    root.mkdir()
    (root / "schedule.csv").write_text("日期,工号,姓名,组别,班次,生日\n25/11/2026,1001,张三,101,全天,15/3\n"
                                       "25/11/2026,1002,李四,101,全天,3月15日\n", encoding="utf-8")
    floor = load_floor(root, make_settings(reports={"date_order": "dmy"}))
    assert _birthdays(floor) == {"1001": "03-15", "1002": "03-15"}   # 3月15日 is month first whatever the order


def test_a_bad_value_names_file_sheet_row_and_column_and_the_row_still_loads(tmp_path):
    _long_workbook(tmp_path / "floor" / "schedule.xlsx", [("1001", "03-15")] + [(a, c) for a, c, _ in BAD])
    floor = load_floor(tmp_path / "floor", make_settings())
    assert _birthdays(floor) == {"1001": "03-15", **{a: "" for a, _, _ in BAD}}
    assert floor.schedule["working"].all() and len(floor.schedule) == 1 + len(BAD)   # every row loaded
    p = _problems(floor).query("column == '生日'").sort_values("row")
    # The header is row 1, 1001 row 2: the bad values are rows 3 to 7, as the spreadsheet shows them.
    assert p[["file", "sheet", "row", "column", "severity"]].values.tolist() == [
        ["schedule.xlsx", "排班表", row, "生日", "warning"] for row in range(3, 3 + len(BAD))]
    for (_, _, shown), zh, en in zip(BAD, p["message"], p["message_en"]):
        assert f"生日 {shown} 不是有效的月和日" in zh and "该行照常读取，不记生日" in zh
        assert f"birthday {shown} is not a valid month and day" in en and "kept without a birthday" in en
    ambiguous = p[p["row"] == 6]
    assert "3月1日 或 3月10日" in ambiguous["message"].iloc[0] and "1 or 10 March" in ambiguous["message_en"].iloc[0]
    assert not p["message"].str.contains("1994").any() and not p["message_en"].str.contains("1994").any()


def test_a_long_form_says_a_bad_value_once_per_person(tmp_path):
    root = tmp_path / "floor"
    root.mkdir()
    lines = [f"2026-11-{d},1001,张三,101,全天,13-40" for d in (23, 24, 25)]
    (root / "schedule.csv").write_text("日期,工号,姓名,组别,班次,生日\n" + "\n".join(lines) + "\n", encoding="utf-8")
    p = _problems(load_floor(root, make_settings())).query("column == '生日'")
    assert p["row"].tolist() == [2]
    assert p["message"].iloc[0].endswith("（此人另有 2 行同样的值）")
    assert p["message_en"].iloc[0].endswith("(and 2 more rows of this person)")


def test_no_year_is_kept_anywhere(tmp_path):
    """Not in the frame, not in the parse cache on disk, not read back from it, not in a message."""
    _long_workbook(tmp_path / "floor" / "schedule.xlsx", [(a, c) for a, c, _ in FORMS + BAD])
    cfg = make_settings()
    first = load_floor(tmp_path / "floor", cfg)
    floor_mod.clear_cache(on_disk=False)   # a new process: the roster's parse read back from disk
    again = load_floor(tmp_path / "floor", cfg)
    for floor in (first, again):
        cells = floor.schedule.astype(str).to_numpy().ravel().tolist()
        assert not [c for c in cells if any(y in c for y in YEARS)]
        assert not [m for m in _problems(floor)[["message", "message_en"]].to_numpy().ravel()
                    if any(y in m for y in YEARS)]
    pd.testing.assert_frame_equal(first.schedule, again.schedule)
    entries = list((tmp_path / "cache").rglob("*.arrow"))
    assert entries
    for path in entries:
        table = pa.ipc.open_file(pa.memory_map(str(path))).read_all()
        text = table.to_pandas().astype(str).to_numpy().ravel().tolist()
        meta = table.schema.metadata[b"teamboard"].decode()
        assert not any(y in c for y in YEARS for c in text) and not any(y in meta for y in YEARS)


def test_a_roster_without_the_column_has_no_birthdays(tmp_path):
    root = tmp_path / "floor"
    root.mkdir()
    (root / "schedule.csv").write_text("日期,工号,姓名,组别,班次\n2026-11-25,1001,张三,101,全天\n", encoding="utf-8")
    floor = load_floor(root, make_settings())
    assert floor.schedule["birthday"].tolist() == [""] and _problems(floor).query("severity != 'info'").empty
    assert birthdays_on(floor.schedule, DAY).empty


def test_a_number_cell_with_one_decimal():
    """Excel keeps '3.10' typed into a cell as the number 3.1: a number cell whose one decimal may be
    the day's tens is refused; one that can be a single day only is read (2.3: there is no 30
    February; 3.4: no 40th). Text '3.1' is 1 March."""
    assert month_day(2.3) == "02-03" and month_day(3.4) == "03-04" and month_day("3.1") == "03-01"
    assert month_day(3.15) == "03-15" and month_day(12.01) == "12-01"
    for cell in (3.1, 3.2, 12.1):
        with pytest.raises(ValueError, match="ambiguous"):
            month_day(cell)
    for cell in (3.0, 315, 13.01, 3.123):
        with pytest.raises(ValueError, match="not a month and day"):
            month_day(cell)


# ------------------------------------------------------------------ birthdays_on

def _roster(rows) -> pd.DataFrame:
    return conform(pd.DataFrame(rows, columns=["date", "agent_id", "name", "group", "role", "working", "birthday"]),
                   "schedule")


ROSTER = _roster([
    # 2027-02-28 (no 29 February that year) and 2028-02-28 / 02-29 (a leap year)
    *[(d, "1002", "李四", "101", "agent", True, "02-29") for d in ("2027-02-28", "2028-02-28", "2028-02-29")],
    *[(d, "1001", "张三", "101", "agent", True, "02-28") for d in ("2027-02-28", "2028-02-28", "2028-02-29")],
    *[(d, "999", "周九", "102", "agent", False, "02-28") for d in ("2027-02-28", "2028-02-28")],   # resting
    ("2027-02-28", "1100", "王芳", "101", "lead", True, "03-01"),
    ("2027-02-28", "2001", "孙二", "102", "agent", True, ""),
    # 1003's birthday is 02-28, but 2027-02-28 is not on the roster for them: only the 27th
    ("2027-02-27", "1003", "吴三", "101", "agent", True, "02-28"),
])


def test_birthdays_on_by_hand():
    got = birthdays_on(ROSTER, dt.date(2027, 2, 28))
    # 999 before 1001 (ids by value), 1002's 29 February kept on the 28th of 2027; 1003 is not on that day.
    assert got.to_dict("records") == [{"agent_id": "999", "name": "周九", "group": "102"},
                                      {"agent_id": "1001", "name": "张三", "group": "101"},
                                      {"agent_id": "1002", "name": "李四", "group": "101"}]
    assert list(got.columns) == ["agent_id", "name", "group"]
    assert birthdays_on(ROSTER, dt.date(2027, 2, 28), "101")["agent_id"].tolist() == ["1001", "1002"]
    assert birthdays_on(ROSTER, "2027-02-28", group="102")["agent_id"].tolist() == ["999"]
    assert birthdays_on(ROSTER, dt.date(2027, 2, 28), "103").empty
    # A leap year: each on their own day.
    assert birthdays_on(ROSTER, dt.date(2028, 2, 28))["agent_id"].tolist() == ["999", "1001"]
    assert birthdays_on(ROSTER, dt.date(2028, 2, 29))["agent_id"].tolist() == ["1002"]
    assert birthdays_on(ROSTER, dt.date(2027, 3, 1)).empty      # 1100 has no line on 1 March
    assert birthdays_on(ROSTER, dt.date(2027, 2, 27)).empty     # 1003's line of the 27th: not their day
    assert birthday_keys(dt.date(2027, 2, 28)) == ("02-28", "02-29")
    assert birthday_keys(dt.date(2028, 2, 28)) == ("02-28",) and birthday_keys("2028-02-29") == ("02-29",)


# ------------------------------------------------------------------ the demo with birthdays, the pages

# The demo's 生日 as this test writes them into a copy (over the demo's own): 102's lead and
# one of its agents today, one agent of 102 tomorrow, one of 101 today; everyone else 19 July (a date
# cell of 1994 for every other one) so a screen that shows the column would show '07-19' or 1994.
TODAY_102 = {"1200": "11月25日", "1203": dt.date(1994, 11, 25)}
OTHERS = {"1205": "11-26", "1101": "11/25"}
LEAKS = re.compile(r"(?<![\d-])(07-19|11-26)(?![\d-])|1994")   # a value of the column as the frame or a file has it


@pytest.fixture(scope="module")
def birthday_floor(demo_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("bd") / "floor"
    shutil.copytree(demo_dir, out, ignore=shutil.ignore_patterns("records"))
    wb = load_workbook(out / "schedule.xlsx")
    ws = wb.active
    header = [c.value for c in ws[2]]
    col = header.index("生日") + 1 if "生日" in header else ws.max_column + 1   # the demo's own, else a new one
    ws.cell(2, col, "生日")
    for r in range(3, ws.max_row + 1):
        aid = str(ws.cell(r, 1).value)
        value = {**TODAY_102, **OTHERS}.get(aid, dt.date(1994, 7, 19) if r % 2 else "07-19")
        ws.cell(r, col, value)
        if isinstance(value, dt.date):
            ws.cell(r, col).number_format = "yyyy-mm-dd"
    wb.save(out / "schedule.xlsx")
    return out


@pytest.fixture
def birthday_config(birthday_floor, tmp_path, monkeypatch):
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    text = text.replace('path = ""', f'path = "{birthday_floor.as_posix()}"', 1)
    text = text.replace("enabled = true", "enabled = false", 1)
    (tmp_path / "config.toml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(tmp_path / "config.toml"))
    return birthday_floor


def _names(floor_dir: Path, ids) -> list[str]:
    s = load_floor(floor_dir, make_settings()).schedule
    names = dict(zip(s["agent_id"], s["name"]))
    return [names[a] for a in ids]


def _birthday_lines(at) -> list[str]:
    return [unliteral(m.value) for m in at.markdown if "生日" in m.value or "Birthday" in m.value]


def test_the_lead_s_morning_tab_lists_today_s_birthdays_of_the_group(birthday_config):
    lead, agent = _names(birthday_config, ["1200", "1203"])
    at = open_page("pages/lead.py", group="102")
    assert _birthday_lines(at) == [f"**今天生日**：{lead}、{agent}"]   # 1205's is tomorrow, 1101's in 101
    en = open_page("pages/lead.py", group="102", lang="en")
    assert _birthday_lines(en) == [f"**Birthdays today:** {lead}, {agent}"]
    (of_101,) = _names(birthday_config, ["1101"])
    assert _birthday_lines(open_page("pages/lead.py", group="101")) == [f"**今天生日**：{of_101}"]


def test_the_morning_tab_says_nothing_when_nobody_has_a_birthday(birthday_config):
    assert _birthday_lines(open_page("pages/lead.py", group="104")) == []


def test_the_demo_without_the_column_says_nothing(demo_config):
    at = open_page("pages/lead.py", group="102")
    assert _birthday_lines(at) == [] and not at.exception


def test_the_workbench_and_its_export_hold_no_birthday(birthday_floor):
    cfg = make_settings()
    floor = load_floor(birthday_floor, cfg)
    assert {"11-25", "11-26", "07-19"} <= set(floor.schedule["birthday"])   # the column is there to leak
    store = open_store(cfg, birthday_floor)
    w = load_workbench(floor, cfg, DAY, 11 * 60 + 5, "102", lambda name, d: store.read_day(name, d))
    for name, value in vars(w).items():
        if isinstance(value, pd.DataFrame):
            assert "birthday" not in value.columns, name


PAGES = ["dashboard.py", "pages/wall.py", "pages/duty_desk.py", "pages/lead.py", "pages/agent.py",
         "pages/review.py", "pages/followup.py", "pages/data_health.py"]
QUERY = {"pages/lead.py": {"group": "102"}, "pages/agent.py": {"agent": "1203"}}
BIRTHDAY_WORDS = re.compile(r"生日|birthday|出生", re.IGNORECASE)


@pytest.mark.parametrize("page", PAGES)
def test_no_screen_shows_the_column(birthday_config, page):
    """As the local administrator, who sees everything: no screen names the column or shows a value
    of it (the wall too: [wall] birthdays is false); the lead's morning line is the one mention."""
    text = everything(open_page(page, **QUERY.get(page, {})))
    if page == "pages/lead.py":
        assert "今天生日" in text   # the scan sees the morning tab
        text = text.replace("今天生日", "")
    assert not BIRTHDAY_WORDS.search(text), BIRTHDAY_WORDS.search(text)
    assert not LEAKS.search(text), LEAKS.search(text)


@pytest.mark.parametrize("argv", [["check"], ["ranking", "--date", "2026-11-25", "--at", "11:00"],
                                  ["flags", "--date", "2026-11-25", "--at", "11:00"],
                                  ["duty-log", "--date", "2026-11-25", "--period", "morning"],
                                  ["monthly", "--month", "2026-11", "--agents"]])
@pytest.mark.parametrize("fmt", ["text", "csv"])
def test_no_command_prints_the_column(birthday_floor, capsys, argv, fmt):
    cli([argv[0], "--data", str(birthday_floor), *argv[1:], "--format", fmt])
    out = capsys.readouterr().out
    assert out and not BIRTHDAY_WORDS.search(out)
    assert not LEAKS.search(out), LEAKS.search(out)
