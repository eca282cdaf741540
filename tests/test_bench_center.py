"""The benchmark's center writer: its fast workbook writer gives the very cells openpyxl's does, and a
year's center has this month's roster only unless past rosters are asked for."""
import datetime as dt

from bench.center import months_back, write_center, write_report
from lib.config import settings
from lib.floor.load import parse_file
from lib.floor.sources.local import list_files

DAY = dt.date(2026, 10, 30)


def test_the_fast_writer_gives_the_same_report_as_openpyxl(tmp_path):
    (tmp_path / "a" / "reports").mkdir(parents=True)
    (tmp_path / "b" / "reports").mkdir(parents=True)
    write_report(tmp_path / "a" / "reports" / "d.xlsx", DAY, 3, 8, 0, 30)
    write_report(tmp_path / "b" / "reports" / "d.xlsx", DAY, 3, 8, 0, 30, fast=True)
    cfg = settings()
    a = parse_file(next(r for r in list_files(tmp_path / "a")), cfg)
    b = parse_file(next(r for r in list_files(tmp_path / "b")), cfg)
    fa, fb = a.frame.drop(columns=["file", "mtime"]), b.frame.drop(columns=["file", "mtime"])
    assert len(fa) == 3 * 30 and fa.equals(fb)
    assert [p["message_en"] for p in a.problems] == [p["message_en"] for p in b.problems]
    assert fa["date"].iloc[0].date() == DAY and int(fa["volume"].sum()) == int(fb["volume"].sum())


def test_months_back_and_the_rosters_of_a_year(tmp_path):
    assert months_back(dt.date(2026, 10, 31), 31) == [(2026, 10)]
    assert months_back(dt.date(2026, 10, 31), 32) == [(2026, 9), (2026, 10)]
    assert months_back(dt.date(2026, 1, 31), 62) == [(2025, 12), (2026, 1)]
    write_center(tmp_path / "c", dt.date(2026, 10, 2), 3, 2, 8, workers=1, n_agents=15, past_rosters=True)
    names = sorted(p.name for p in (tmp_path / "c").iterdir() if p.is_file())
    assert names == ["projects.xlsx", "schedule.xlsx", "schedule_2026-09.xlsx"]
    write_center(tmp_path / "d", dt.date(2026, 10, 2), 3, 2, 8, workers=1, n_agents=15)
    assert sorted(p.name for p in (tmp_path / "d").iterdir() if p.is_file()) == ["projects.xlsx", "schedule.xlsx"]
    assert sorted(p.name for p in (tmp_path / "d" / "reports").iterdir()) == [
        "2026-09-30.xlsx", "2026-10-01.xlsx", "2026-10-02.xlsx"]
