"""Input tables from Google Sheets through real gspread calls against the in-process fake of Sheets v4."""
import pandas as pd
import pytest

from lib.floor.cache import load_floor
from lib.floor.sources import gsheets
from tests.conftest import make_settings
from tests.store.conftest import gspread_client
from tests.store.fake_sheets import FakeSheets


def fill(book, title, rows):
    sheet = book.sheet(title)
    for r, row in enumerate(rows, 1):
        for c, v in enumerate(row, 1):
            sheet.put(r, c, {"v": v})


@pytest.fixture
def sheets(monkeypatch):
    fake = FakeSheets()
    roster = fake.add_book("ROSTERKEY", "11月排班表", ("11月",))
    fill(roster, "11月", [["2026年11月排班表"], ["工号", "姓名", "组别", "岗位", 24, 25],
                          ["007", "张三", "101", "坐席", "全天", "休"], ["1200", "李四", "102", "组长", "值", "全天"]])
    reports = fake.add_book("REPORTSKEY", "坐席日报告", ("2026-11-24", "说明"))
    # Unformatted values: the date as a serial number, the hour as a fraction of a day (9:00 = 0.375)
    fill(reports, "2026-11-24", [["日期", "时段", "工号", "数据量", "办理量"], [46350, 0.375, "007", 40, "4"],
                                 [46350, "10:00-11:00", "007", 30, 3], [46350, "10:00-11:00", "1200", "x", 3]])
    fill(reports, "说明", [["这张表是说明，不是数据"]])
    gsheets.use_client(gspread_client(fake))
    yield fake
    gsheets._client.clear()


def test_roster_and_reports_load_from_spreadsheets(sheets, tmp_path):
    cfg = make_settings(source={"kind": "gsheets", "path": str(tmp_path),
                                "gsheets": {"schedule": "ROSTERKEY",
                                            "reports": "https://docs.google.com/spreadsheets/d/REPORTSKEY/edit#gid=0"}})
    f = load_floor(tmp_path, cfg)
    assert f.schedule.set_index(["agent_id", "date"]).loc[("007", pd.Timestamp("2026-11-25")), "shift_kind"] == "rest"
    r = f.reports.sort_values("hour")
    assert r["agent_id"].tolist() == ["007", "007"]                  # "007" keeps its zeros
    assert r["date"].tolist() == [pd.Timestamp("2026-11-24")] * 2   # 46350 = 2026-11-24
    assert r["hour"].tolist() == [9, 10] and r["volume"].tolist() == [40.0, 30.0]
    assert r["group"].tolist() == ["101", "101"]
    bad = f.problems[f.problems["severity"] == "error"]
    assert bad[["file", "sheet", "row", "column"]].values.tolist() == [["Google Sheets「坐席日报告」", "2026-11-24", 4, "数据量"]]
    # the notes worksheet is a warning, not an error, since the spreadsheet's data loaded
    assert f.problems[f.problems["sheet"] == "说明"]["severity"].tolist() == ["warning"]


def test_a_missing_spreadsheet_is_reported_and_the_rest_loads(sheets, tmp_path):
    cfg = make_settings(source={"kind": "gsheets", "path": str(tmp_path),
                                "gsheets": {"schedule": "ROSTERKEY", "reports": "NOSUCHKEY"}})
    f = load_floor(tmp_path, cfg)
    assert len(f.schedule) == 4 and f.reports.empty
    p = f.problems[f.problems["severity"] == "error"].iloc[0]
    assert p["file"] == "Google Sheets: reports" and "NOSUCHKEY" in p["message_en"]
