"""The parse cache on disk (lib/floor/disk.py) and loading by period (lib/floor/cache.load_floor(period=)).

A year of report files, a roster replaced each month: a start reads the kept parses of unchanged
files and parses only new or changed ones; a page's floor holds only its month and the month
before; a kill that cut an entry short, a cache that cannot be written, two processes starting
together on a cold cache — none of them changes a figure.
"""
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from lib.floor import cache as floor_mod
from lib.floor import disk
from lib.floor.cache import load_floor, month_period
from tests.conftest import ROOT, make_settings

DAYS = [dt.date(2026, 9, 30), dt.date(2026, 10, 1), dt.date(2026, 10, 31), dt.date(2026, 11, 2),
        dt.date(2026, 11, 24)]


def _report(path: Path, day: dt.date, volume: int) -> None:
    """A day's export as a workbook: a title line, the header, two agents in two slots."""
    wb = Workbook()
    ws = wb.active
    ws.title = "坐席日报告"
    ws.append([f"坐席日报告 {day.isoformat()}"])
    ws.append(["日期", "时段", "工号", "姓名", "数据量", "办理量"])
    for slot in ("09:00-10:00", "10:00-11:00"):
        ws.append([dt.datetime(day.year, day.month, day.day), slot, "1001", "张三", volume, 4])
        ws.append([dt.datetime(day.year, day.month, day.day), slot, "2001", "王五", volume + 10, 3])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


def _roster(path: Path, days: list[dt.date]) -> None:
    rows = ["日期,工号,姓名,组别,岗位,班次"]
    rows += [f"{d.isoformat()},1001,张三,101,坐席,全天\n{d.isoformat()},2001,王五,102,坐席,全天" for d in days]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


@pytest.fixture
def year(tmp_path, monkeypatch):
    """Reports of five days over three months; the roster knows every day; a cache of this test's own."""
    monkeypatch.setenv("TEAMBOARD_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "floor"
    for n, d in enumerate(DAYS):
        _report(root / "reports" / f"{d.isoformat()}.xlsx", d, 40 + n)
    _roster(root / "schedule.csv", DAYS)
    floor_mod.clear_cache()
    yield root
    floor_mod.clear_cache()


def _summary(f) -> tuple:
    r = f.reports
    return len(r), float(r["volume"].sum()), sorted(r["date"].dt.date.unique().tolist())


def test_a_second_start_reads_the_kept_parses_and_parses_nothing(year):
    cfg = make_settings()
    first = load_floor(year, cfg)
    assert _summary(first) == (20, 2 * (40 + 50 + 41 + 51 + 42 + 52 + 43 + 53 + 44 + 54), DAYS)
    entries = sorted((year.parent / "cache").glob("v-*/*.arrow"))
    assert len(entries) == 11   # five reports and the roster, and the five days combined with the roster
    floor_mod.clear_cache(on_disk=False)   # a new process: nothing in memory, the disk cache kept
    before = dict(floor_mod.STATS)
    again = load_floor(year, cfg)
    assert floor_mod.STATS["parses"] == before["parses"]
    assert floor_mod.STATS["combined_rows"] == before["combined_rows"]   # nothing combined again
    assert floor_mod.STATS["disk_reads"] - before["disk_reads"] == 1    # the roster; the days came combined
    assert floor_mod.STATS["disk_parts"] - before["disk_parts"] == 5
    pd.testing.assert_frame_equal(again.reports, first.reports)
    pd.testing.assert_frame_equal(again.schedule, first.schedule)
    pd.testing.assert_frame_equal(again.files, first.files)


def test_a_changed_file_alone_is_parsed_again(year):
    cfg = make_settings()
    load_floor(year, cfg)
    floor_mod.clear_cache(on_disk=False)
    _report(year / "reports" / "2026-11-24.xlsx", dt.date(2026, 11, 24), 100)
    before = floor_mod.STATS["parses"]
    f = load_floor(year, cfg)
    assert floor_mod.STATS["parses"] - before == 1
    day = f.reports[f.reports["date"] == "2026-11-24"]
    assert day["volume"].sum() == 2 * (100 + 110)


def test_a_new_loader_never_reads_an_old_parse(year, monkeypatch):
    cfg = make_settings()
    load_floor(year, cfg)
    floor_mod.clear_cache(on_disk=False)
    monkeypatch.setattr(disk, "loader_version", lambda: "another-loader")
    before = floor_mod.STATS["parses"]
    load_floor(year, cfg)
    assert floor_mod.STATS["parses"] - before == 6
    assert (year.parent / "cache" / "v-another-loader").is_dir()


def test_an_entry_cut_short_by_a_kill_is_parsed_again_and_rewritten(year):
    cfg = make_settings()
    first = load_floor(year, cfg)
    entries = sorted(disk.entry_path(year.parent / "cache", k) for k in floor_mod._meta)   # the files' parses
    combined = sorted(set((year.parent / "cache").glob("v-*/*.arrow")) - set(entries))
    assert len(entries) == 6 and len(combined) == 5
    combined[0].write_bytes(combined[0].read_bytes()[:100])   # a day's combined rows cut short too
    victim = entries[0]
    data = victim.read_bytes()
    victim.write_bytes(data[: len(data) // 2])
    for e in entries[1:3]:
        e.write_bytes(b"")   # a kill before anything was written
    floor_mod.clear_cache(on_disk=False)
    before = dict(floor_mod.STATS), dict(disk.STATS)
    again = load_floor(year, cfg)
    assert floor_mod.STATS["parses"] - before[0]["parses"] == 3
    assert disk.STATS["broken"] - before[1]["broken"] == 4
    pd.testing.assert_frame_equal(again.reports, first.reports)
    assert all(disk.read_meta(victim.parent.parent, k) is not None
               for k in floor_mod._meta)   # every entry readable again


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path, year, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("TEAMBOARD_CACHE_DIR", str(blocker / "cache"))
    floor_mod.clear_cache()
    f = load_floor(year, make_settings())
    assert _summary(f)[0] == 20 and f.problems.empty


def test_no_cache_dir_keeps_nothing_on_disk(year, monkeypatch):
    monkeypatch.setenv("TEAMBOARD_CACHE_DIR", "")
    floor_mod.clear_cache()
    assert make_settings().cache_path is None
    f = load_floor(year, make_settings(), month_period(dt.date(2026, 11, 24)))
    assert _summary(f)[2] == DAYS[1:]
    assert not (year.parent / "cache").exists()


def test_a_period_holds_its_month_and_the_month_before_and_knows_the_rest(year):
    cfg = make_settings()
    period = month_period(dt.date(2026, 11, 24))
    assert period == (dt.date(2026, 10, 1), dt.date(2026, 11, 30))
    f = load_floor(year, cfg, period)
    assert _summary(f)[2] == DAYS[1:]                       # September's file is not in memory
    assert f.report_months == ("2026-09", "2026-10", "2026-11")
    assert len(f.files) == 6 and f.period == period          # the data check still lists every file
    assert set(f.schedule["date"].dt.month) == {9, 10, 11}  # a file is read whole: the roster spans three months
    held = {k[1] for k in floor_mod._files}
    assert str(year / "reports" / "2026-09-30.xlsx") not in held
    assert load_floor(year, cfg, period) is f               # unchanged: the very same floor
    sept = load_floor(year, cfg, month_period(dt.date(2026, 9, 30)))
    assert _summary(sept)[2] == DAYS[:1]
    assert load_floor(year, cfg, period) is f               # both periods kept at once


def test_january_reaches_back_into_december():
    assert month_period(dt.date(2027, 1, 1)) == (dt.date(2026, 12, 1), dt.date(2027, 1, 31))
    assert month_period(dt.date(2026, 12, 15), 0) == (dt.date(2026, 12, 1), dt.date(2026, 12, 31))


def test_a_month_no_roster_covers_takes_the_nearest_rosters(year):
    _roster(year / "schedule.csv", [DAYS[-1]])   # the habit: this month's roster only
    floor_mod.clear_cache()
    f = load_floor(year, make_settings(), month_period(dt.date(2026, 10, 31)))
    assert _summary(f)[2] == DAYS[:3]           # September and October's reports
    assert f.schedule["date"].dt.date.unique().tolist() == [DAYS[-1]]   # November's roster came along


LOAD = """
import sys, json
from pathlib import Path
from lib.floor import cache
from tests.conftest import make_settings
f = cache.load_floor(Path(sys.argv[1]), make_settings())
print(json.dumps([len(f.reports), float(f.reports["volume"].sum()), cache.STATS["parses"], len(f.problems)]))
"""


def test_two_processes_starting_together_on_a_cold_cache(year):
    env = {**os.environ, "TEAMBOARD_CACHE_DIR": str(year.parent / "cache"), "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-c", LOAD, str(year)], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1][-2000:] for o in outs]
    results = [eval(o[0].strip().splitlines()[-1]) for o in outs]
    total = 2 * (40 + 50 + 41 + 51 + 42 + 52 + 43 + 53 + 44 + 54)
    assert [r[:2] for r in results] == [[20, total]] * 2 and [r[3] for r in results] == [0, 0]
    assert not list((year.parent / "cache").glob("v-*/.*.tmp"))   # no temporary file left behind
    third = subprocess.run([sys.executable, "-c", LOAD, str(year)], cwd=ROOT, env=env, capture_output=True,
                           text=True, timeout=120, check=True)
    assert eval(third.stdout.strip().splitlines()[-1]) == [20, total, 0, 0]   # a warm start parses nothing


def _report_rows_held() -> int:
    """Report rows held in the per-file parse cache (beside the floors' own combined rows)."""
    return sum(len(p.frame) for p in floor_mod._files.values() if p.ref.table == "reports" and p.frame is not None)


def test_a_floor_holds_each_report_row_once_and_reads_back_only_a_changed_day(year):
    """A cold start with a period: every file parsed (to learn its days), no report's own rows kept
    once the floor combined them (they are on disk); one file changed: that file parsed, no other read."""
    cfg = make_settings()
    period = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    f = load_floor(year, cfg, period)
    assert _summary(f) == (8, 2 * (43 + 53 + 44 + 54), DAYS[3:])
    assert _report_rows_held() == 0
    _report(year / "reports" / "2026-11-24.xlsx", dt.date(2026, 11, 24), 100)
    before = dict(floor_mod.STATS)
    g = load_floor(year, cfg, period)
    assert floor_mod.STATS["parses"] - before["parses"] == 1
    assert floor_mod.STATS["disk_reads"] - before["disk_reads"] == 0   # Nov 2 came from its combined part
    assert _summary(g) == (8, 2 * (43 + 53 + 100 + 110), DAYS[3:]) and _report_rows_held() == 0
    # the roster changed: every day of the period grouped again, its rows read back from disk
    _roster(year / "schedule.csv", DAYS[:4])
    before = dict(floor_mod.STATS)
    h = load_floor(year, cfg, period)
    assert floor_mod.STATS["parses"] - before["parses"] == 1   # the roster
    assert floor_mod.STATS["disk_reads"] - before["disk_reads"] == 2   # Nov 2 and the new Nov 24
    assert _summary(h) == _summary(g)


def test_without_a_disk_cache_the_rows_stay_in_memory(year, monkeypatch):
    monkeypatch.setenv("TEAMBOARD_CACHE_DIR", "")
    cfg = make_settings()
    period = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    load_floor(year, cfg, period)
    # nothing to read them back from: every file's rows kept (parsing again would cost more)
    assert _report_rows_held() == 20
    before = dict(floor_mod.STATS)
    _report(year / "reports" / "2026-11-24.xlsx", dt.date(2026, 11, 24), 100)
    assert _summary(load_floor(year, cfg, period))[1] == 2 * (43 + 53 + 100 + 110)
    assert floor_mod.STATS["parses"] - before["parses"] == 1


def test_last_months_rates_are_read_from_the_files_without_a_floor_of_the_month(year):
    """A page's floor holds November; October's rates per group come from the
    files day by day (lib.floor.cache.month_group_rates), the same as a floor of the whole month gives."""
    from lib.floor.metrics import month_by_group
    cfg = make_settings()
    page = load_floor(year, cfg, floor_mod.day_period(dt.date(2026, 11, 24)))
    assert page.period == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    floors = len(floor_mod._floors)
    got = floor_mod.month_group_rates(year, cfg, "2026-10")
    assert len(floor_mod._floors) == floors and _report_rows_held() <= 8   # no floor of October built
    assert got[["group", "volume", "handled"]].values.tolist() == [["101", 2 * 41 + 2 * 42, 16.0],
                                                                   ["102", 2 * 51 + 2 * 52, 12.0]]
    assert got["rate"].tolist() == pytest.approx([16 / 166, 12 / 206])
    whole = month_by_group(load_floor(year, cfg).reports, "2026-10").sort_values("group")
    assert whole["rate"].tolist() == pytest.approx(got["rate"].tolist())
    assert floor_mod.month_group_rates(year, cfg, "2026-10") is got   # kept while the files are unchanged


def test_a_days_pages_hold_its_month_and_the_two_weeks_before_the_day_never_more():
    """day_period: the day's whole month, and the 14 days before the day where they reach back."""
    assert floor_mod.day_period(dt.date(2026, 11, 24)) == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert floor_mod.day_period(dt.date(2026, 11, 15)) == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert floor_mod.day_period(dt.date(2026, 11, 2)) == (dt.date(2026, 10, 19), dt.date(2026, 11, 30))
    assert floor_mod.day_period(dt.date(2026, 1, 1)) == (dt.date(2025, 12, 18), dt.date(2026, 1, 31))
    # the files held on each day of a month (one a day, up to the day): never more than the month has
    for n in range(1, 31):
        day = dt.date(2026, 11, n)
        first, _ = floor_mod.day_period(day)
        assert (day - first).days + 1 <= 30


def test_a_few_agents_days_are_read_from_the_files_without_a_floor(year):
    """span_rows: an agent's rows and their group's on some days, combined as a floor would, with
    no floor of those days built, kept while the files are unchanged."""
    cfg = make_settings()
    load_floor(year, cfg, floor_mod.day_period(dt.date(2026, 11, 24)))
    floors = len(floor_mod._floors)
    span = floor_mod.span_rows(year, cfg, (dt.date(2026, 10, 1), dt.date(2026, 10, 31)), frozenset({"1001"}))
    assert len(floor_mod._floors) == floors and _report_rows_held() <= 8
    r = span.reports
    # 1001 alone in group 101 (2001 works for 102): the two October days, two slots each
    assert sorted(r["agent_id"].unique()) == ["1001"] and set(r["group"]) == {"101"}
    assert sorted(r["date"].dt.date.unique()) == [dt.date(2026, 10, 1), dt.date(2026, 10, 31)]
    assert float(r["volume"].sum()) == 2 * 41 + 2 * 42 and float(r["handled"].sum()) == 16
    assert floor_mod.span_rows(year, cfg, (dt.date(2026, 10, 1), dt.date(2026, 10, 31)), frozenset({"1001"})) is span
    both = floor_mod.span_rows(year, cfg, (dt.date(2026, 9, 30), dt.date(2026, 10, 1)), frozenset({"1001", "2001"}))
    assert float(both.reports["volume"].sum()) == 2 * 40 + 2 * 50 + 2 * 41 + 2 * 51


def test_a_recent_listing_is_reused_only_when_asked(year):
    """load_floor(listed_within=): the wall's screens share a listing up to a second old; every other
    caller lists the folder again and sees a new file at once."""
    cfg = make_settings()
    first = load_floor(year, cfg)
    _report(year / "reports" / "2026-11-25.xlsx", dt.date(2026, 11, 25), 60)
    assert load_floor(year, cfg, listed_within=60) is first   # the listing of a moment ago: the same floor
    again = load_floor(year, cfg)
    assert dt.date(2026, 11, 25) in _summary(again)[2]
    assert load_floor(year, cfg, listed_within=60) is again   # and the wall's next tick takes the new one
