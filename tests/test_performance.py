"""What keeps the load fast, checked by counts and by agreement, never by the clock (figures: docs/PERFORMANCE.md).

- Report workbooks read column by column (lib/load/quick.py) give exactly what the cell-by-cell path
  gives, on every fixture and on sheets built to tempt it; where it is unsure it hands over.
- One changed file costs one parse, one floor build and the combining of that file's rows only,
  however many sessions ask at once.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from lib.floor import cache as floor_mod
from lib.floor.cache import load_floor
from lib.floor.load import parse_file
from lib.floor.sources import local
from lib.floor.sources.local import ColumnarSheet, list_files
from tests.conftest import ROOT, make_settings

pytest.importorskip("fastexcel")

FIXTURES = ROOT / "tests" / "fixtures"
HDR = ["日期", "时段", "工号", "姓名", "组别", "项目", "数据量", "接通量", "办理量", "销售额", "通话时长"]
D = dt.datetime(2026, 11, 24)


def both_ways(ref, monkeypatch, cfg=None):
    """(parse with the column reader, parse cell by cell) of one file."""
    cfg = cfg or make_settings()
    quick = parse_file(ref, cfg)
    with monkeypatch.context() as m:
        m.setattr(local, "COLUMNAR", set())
        slow = parse_file(ref, cfg)
    return quick, slow


def assert_same(quick, slow):
    if slow.frame is None:
        assert quick.frame is None
    else:
        pd.testing.assert_frame_equal(quick.frame, slow.frame, check_exact=True)
        assert quick.frame.attrs == slow.frame.attrs
    assert quick.problems == slow.problems
    assert quick.sheets == slow.sheets


def report_refs(root: Path):
    return [r for r in list_files(root) if r.table == "reports"]


@pytest.mark.parametrize("folder", ["messy_floor", "bad"])
def test_every_fixture_report_reads_the_same_both_ways(folder, monkeypatch):
    refs = report_refs(FIXTURES / folder)
    assert refs
    for ref in refs:
        assert_same(*both_ways(ref, monkeypatch))


def test_the_demo_reports_read_the_same_both_ways_and_each_file_is_opened_once(demo_dir, monkeypatch):
    from lib.floor.load.headers import alias_map
    from lib.floor.load.quick import quick_reports
    from lib.floor.load.reports import _required

    cfg = make_settings()
    for ref in report_refs(demo_dir)[:5]:
        sheets = local.read_file(ref)
        assert all(isinstance(s, ColumnarSheet) for s in sheets)
        # the clean demo export is answered in bulk: no second, cell-by-cell read of the file
        assert quick_reports(sheets[0], alias_map("reports", cfg.aliases), _required(sheets[0]),
                             cfg.header_scan_rows, ref.mtime) is not None
        before = local.READS["count"]
        quick, slow = both_ways(ref, monkeypatch)
        assert local.READS["count"] == before + 2   # one read each way
        assert_same(quick, slow)


def _sheet(ws, rows, at=(1, 1)):
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            if v is not None:
                ws.cell(at[0] + i, at[1] + j, v)


def _row(**over):
    base = dict(zip(HDR, [D, "09:00-10:00", "1001", "张三", "", "新华手机报", 40, 20, 4, 40, "0:10:00"]))
    base.update({HDR[HDR.index(k)] if k in HDR else k: v for k, v in over.items()})
    return [base[h] for h in HDR]


CASES = {
    "clean, below a title, offset to C3, with a blank row": (
        [["坐席代表日报告 2026-11-24"], [], HDR, _row(), [], _row(工号="1002", 时段="10:00-11:00")], (3, 3)),
    "a total row": ([HDR, _row(), ["合计", None, None, None, None, None, 40, 20, 4, 40, None]], (1, 1)),
    "an hour as a time cell": ([HDR, _row(时段=dt.time(9, 0))], (1, 1)),
    "an hour as a whole number": ([HDR, _row(时段=9), _row(工号="1002", 时段=10.0)], (1, 1)),
    "an hour as a fraction": ([HDR, _row(时段=9), _row(工号="1002", 时段=9.5)], (1, 1)),
    "sales of a third": ([HDR, _row(销售额=1 / 3)], (1, 1)),
    "an id as a number, names with spaces": ([HDR, _row(工号=1001, 姓名=" 张三\u3000")], (1, 1)),
    "handled above volume": ([HDR, _row(办理量=50)], (1, 1)),
    "a negative volume": ([HDR, _row(数据量=-1)], (1, 1)),
    "a blank id": ([HDR, _row(工号=None)], (1, 1)),
    "the header repeated": ([HDR, _row(), HDR, _row(工号="1002")], (1, 1)),
    "dates as text and serials": ([HDR, _row(日期="2026/11/24"), _row(工号="1002", 日期=46350)], (1, 1)),
    "talk as mm:ss, seconds and text": ([HDR, _row(通话时长="01:40"), _row(工号="1002", 通话时长=100),
                                          _row(工号="1003", 通话时长=" 0:01:40 ")], (1, 1)),
    "a boolean and a date in text columns": ([HDR, _row(姓名=True), _row(工号="1002", 项目=D)], (1, 1)),
    "a date cell with a time": ([HDR, _row(日期=dt.datetime(2026, 11, 24, 9, 30))], (1, 1)),
    "figures typed as text": ([HDR, _row(数据量="1,040", 办理量=" 4 ", 销售额="8.5%")], (1, 1)),
    "a long id number": ([HDR, _row(工号=12345678901234567)], (1, 1)),
    "a tiny number for a name": ([HDR, _row(姓名=0.00001)], (1, 1)),
    "blank optional figures": ([HDR, _row(接通量=None, 销售额=None, 通话时长=None)], (1, 1)),
    "names that start like a total": ([HDR, _row(姓名="Sumit Kumar"), _row(工号="1002", 姓名="Summer Li")], (1, 1)),
    "a 汇总 row in the hour column and TOTALS": ([HDR, _row(), _row(时段="汇总"), ["", "", "TOTALS", "AGENTS:1"]], (1, 1)),
    "ids with the name, full-width digits": ([HDR, _row(工号="1001 [张三]", 姓名=None), _row(工号="１００２")], (1, 1)),
    "US dates, AM/PM hours, dashes": ([HDR, _row(日期="11/24/2026", 时段="9:00 AM", 接通量="-", 销售额="N/A")], (1, 1)),
}


@pytest.mark.parametrize("case", list(CASES))
def test_sheets_built_to_tempt_the_column_reader_read_the_same_both_ways(case, tmp_path, monkeypatch):
    rows, at = CASES[case]
    wb = Workbook()
    _sheet(wb.active, rows, at)
    wb.active.title = "日报"
    wb.create_sheet("Sheet2")   # an empty second sheet
    (tmp_path / "reports").mkdir()
    wb.save(tmp_path / "reports" / "2026-11-24.xlsx")
    [ref] = report_refs(tmp_path)
    assert_same(*both_ways(ref, monkeypatch))


def _book(path: Path, rows: list, at=(1, 1), second_sheet: bool = False) -> None:
    wb = Workbook()
    _sheet(wb.active, rows, at)
    wb.active.title = "日报"
    if second_sheet:
        wb.create_sheet("Sheet2")
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


def test_workbooks_read_together_equal_each_read_alone_and_cell_by_cell(tmp_path, monkeypatch):
    """lib.floor.load.batch.batch_workbooks: every tempting case in one folder beside three clean days;
    what is read together equals each file's own parse, and what is not is left for parse_file."""
    from lib.floor.load.batch import batch_workbooks

    for n, (rows, at) in enumerate(CASES.values()):
        _book(tmp_path / "reports" / f"case-{n:02d}.xlsx", rows, at, second_sheet=n % 2 == 0)
    for d in (23, 24, 25):
        day = dt.datetime(2026, 11, d)
        _book(tmp_path / "reports" / f"2026-11-{d}.xlsx",
              [["坐席代表日报告"], HDR, _row(日期=day, 数据量=d), _row(日期=day, 工号="1002", 数据量=d + 10, 办理量=5),
               ["合计", None, None, None, None, None, 2 * d + 10, 40, 9, 80, None]], second_sheet=d == 24)
    _book(tmp_path / "reports" / "two-sheets.xlsx", [HDR, _row()])
    cfg = make_settings()
    refs = report_refs(tmp_path)
    done, rest = batch_workbooks(refs, cfg)
    clean = {f"2026-11-{d}.xlsx" for d in (23, 24, 25)}
    assert clean <= {r.path.name for r in done} and len(done) + len(rest) == len(refs)
    for ref in refs:
        alone = parse_file(ref, cfg)
        if ref in done:
            assert_same(done[ref], alone)
            assert_same(done[ref], _slow(ref, cfg))
    # the figures by hand: two agents a day, the totals row left out and said
    day = done[next(r for r in refs if r.path.name == "2026-11-24.xlsx")]
    assert day.frame[["agent_id", "volume", "handled"]].values.tolist() == [["1001", 24.0, 4.0], ["1002", 34.0, 5.0]]
    assert day.frame["date"].dt.date.unique().tolist() == [dt.date(2026, 11, 24)]
    assert [p["message_en"] for p in day.problems] == ["skipped 1 totals row: row 5"]
    assert day.sheets[0]["sheet"] == "日报" and day.sheets[0]["rows"] == 2


def loaded_both_ways(root: Path, cfg, monkeypatch, batcher: str) -> tuple:
    """(the floor with files read together, with lib.floor.cache's `batcher` sending each its own way,
    the files the first opened), each loaded from a cold cache."""
    floor_mod.clear_cache()
    before = local.READS["count"]
    together = load_floor(root, cfg)
    reads = local.READS["count"] - before
    with monkeypatch.context() as m:
        m.setattr(floor_mod, batcher, lambda refs, settings: ({}, [(r, None) for r in refs]))
        floor_mod.clear_cache()
        alone = load_floor(root, cfg)
    return together, alone, reads


def test_a_folder_of_workbooks_loads_the_same_read_together_or_alone(demo_dir, tmp_path, monkeypatch):
    root = copy_demo(demo_dir, tmp_path)
    together, alone, reads = loaded_both_ways(root, make_settings(), monkeypatch, "batch_workbooks")
    assert reads == len(list_files(root))   # each file opened once
    pd.testing.assert_frame_equal(together.reports, alone.reports, check_exact=True)
    pd.testing.assert_frame_equal(together.problems, alone.problems, check_exact=True)
    pd.testing.assert_frame_equal(together.files, alone.files, check_exact=True)


def copy_demo(demo_dir: Path, tmp_path: Path) -> Path:
    root = tmp_path / "floor"
    shutil.copytree(demo_dir, root, ignore=shutil.ignore_patterns("records"))
    return root


def touch(path: Path, seconds: float = 60) -> None:
    st = path.stat()
    os.utime(path, (st.st_atime, st.st_mtime + seconds))


@pytest.mark.parametrize("cumulative", [False, True])
def test_a_floor_built_after_a_change_equals_one_built_from_nothing(tmp_path, cumulative):
    root = tmp_path / "messy"
    shutil.copytree(FIXTURES / "messy_floor", root)
    cfg = make_settings(reports={"cumulative": cumulative})
    floor_mod.clear_cache()
    load_floor(root, cfg)
    for f in sorted((root / "reports").iterdir()):
        touch(f)
        after = load_floor(root, cfg)
        floor_mod.clear_cache()
        fresh = load_floor(root, cfg)
        pd.testing.assert_frame_equal(after.reports, fresh.reports, check_exact=True)
        pd.testing.assert_frame_equal(after.problems, fresh.problems, check_exact=True)


def test_one_changed_day_combines_only_that_days_rows(demo_dir, tmp_path):
    root = copy_demo(demo_dir, tmp_path)
    cfg = make_settings()
    floor_mod.clear_cache()
    first = load_floor(root, cfg)
    today = root / "reports" / "2026-11-25.xlsx"
    touch(today)
    before = dict(floor_mod.STATS)
    second = load_floor(root, cfg)
    today_rows = int((first.reports["date"] == pd.Timestamp("2026-11-25")).sum())
    # 25 days present, one file changed: 1 parse, 1 build, and only today's rows combined again
    assert floor_mod.STATS["parses"] - before["parses"] == 1
    assert floor_mod.STATS["combines"] - before["combines"] == 1
    assert floor_mod.STATS["combined_rows"] - before["combined_rows"] == today_rows
    assert today_rows < len(second.reports) / 20
    pd.testing.assert_frame_equal(second.reports, first.reports.assign(
        mtime=first.reports["mtime"].where(first.reports["file"] != "reports/2026-11-25.xlsx", today.stat().st_mtime)))


def test_fifty_sessions_after_one_change_cost_one_load(demo_dir, tmp_path):
    root = copy_demo(demo_dir, tmp_path)
    cfg = make_settings()
    floor_mod.clear_cache()
    load_floor(root, cfg)
    touch(root / "reports" / "2026-11-25.xlsx")
    before, reads = dict(floor_mod.STATS), local.READS["count"]
    go = threading.Barrier(50)

    def session(_):
        go.wait()   # all at the same moment: the worst case for a cache
        return load_floor(root, cfg)

    with ThreadPoolExecutor(max_workers=50) as pool:
        floors = list(pool.map(session, range(50)))
    assert floor_mod.STATS["parses"] - before["parses"] == 1
    assert floor_mod.STATS["combines"] - before["combines"] == 1
    assert local.READS["count"] - reads == 1
    assert all(f is floors[0] for f in floors)   # one floor, shared by every session


def test_fifty_wall_screens_at_the_same_minute_cost_one_ranking(demo_dir):
    from lib.floor import metrics
    from lib.day.wall import wall_view
    from lib import clock

    cfg = make_settings()
    floor_mod.clear_cache()
    f = load_floor(demo_dir, cfg)
    day, now = dt.date(2026, 11, 25), clock.now(cfg)
    before = dict(metrics.VIEW_STATS)
    views = [wall_view(f.reports, f.newest_mtime, cfg, day, 11 * 60 + 5, now, False) for _ in range(50)]
    computed = metrics.VIEW_STATS["computed"] - before["computed"]
    kept = metrics.VIEW_STATS["kept"] - before["kept"]
    assert computed <= 6 and kept >= 49 * 3   # ranking, standings, totals and their rows: once each
    assert all(v.ranking.equals(views[0].ranking) for v in views)


def test_a_kept_view_is_a_copy_and_only_frozen_frames_are_kept(demo_dir):
    from lib.floor.metrics import ranking_at

    cfg = make_settings()
    floor_mod.clear_cache()
    reports = load_floor(demo_dir, cfg).reports
    first = ranking_at(reports, "2026-11-25", 660, 10)
    first["rank"] = 0                                   # the caller's copy, not the kept view
    again = ranking_at(reports, "2026-11-25", 660, 10)
    assert list(again["rank"][:3]) == [1, 2, 3]
    mine = reports.copy()                               # not the floor's: computed every time
    mine["handled"] = 0.0
    assert ranking_at(mine, "2026-11-25", 660, 10)["handled"].sum() == 0


def test_the_floors_text_columns_are_each_in_one_piece_after_a_change(demo_dir, tmp_path):
    root = copy_demo(demo_dir, tmp_path)
    cfg = make_settings()
    floor_mod.clear_cache()
    load_floor(root, cfg)
    touch(root / "reports" / "2026-11-25.xlsx")
    reports = load_floor(root, cfg).reports
    # 25 daily files concatenated would leave 25 Arrow chunks per text column, and the pages'
    # filters cost a quarter more: the unchanged days come as one slice, the changed day as another
    chunks = {c: s.array._pa_array.num_chunks for c, s in reports.items() if s.dtype == "str"}
    assert chunks and set(chunks.values()) == {2}, chunks
    touch(root / "reports" / "2026-11-25.xlsx")
    again = load_floor(root, cfg).reports
    assert {s.array._pa_array.num_chunks for c, s in again.items() if s.dtype == "str"} == {2}
    floor_mod.clear_cache()
    pd.testing.assert_frame_equal(again, load_floor(root, cfg).reports)   # the same rows as a cold load


# ---------------------------------------------------------------- exports as they come (issue 15)
# The bulk path now also takes totals rows (counted, as the other path counts them), ids written with
# the name ('1001 [张三]'), '-' in an optional figure, and CSV text (split by pyarrow, the month's
# hourly downloads of one layout together: lib/floor/load/batch.py). Each answer must equal the
# cell-by-cell path's, and the forms below must be answered in bulk (else this proves nothing).

def _slow(ref, cfg):
    import lib.floor.load.quick as quick

    real = quick.quick_reports
    quick.quick_reports = lambda *a, **k: None
    try:
        return parse_file(ref, cfg)
    finally:
        quick.quick_reports = real


VICI_HEAD = ('"Agent Performance Detail                        2026-11-24 {now}"\n'
             '"Time range: 2026-11-24 {h}:00:00 to 2026-11-24 {h}:59:59"\n\n'
             '"---------- AGENTS Details -------------"\n'
             '"USER NAME","ID","CURRENT USER GROUP","CALLS","TALK","SALE","NI"\n')


def vici(h: int, rows: list[tuple], totals: bool = True) -> str:
    body = "".join(",".join(f'"{c}"' for c in r) + "\n" for r in rows)
    tot = '"","","TOTALS","{}","","{}",""\n'.format(sum(int(r[3]) for r in rows), sum(int(r[5]) for r in rows))
    return VICI_HEAD.format(now=f"{h + 1:02d}:05:03", h=f"{h:02d}") + body + (tot if totals else "")


AGENTS = [("Li Wei", "6001", "201", "40", "0:25:10", "4", "10"), ("Sumit Kumar", "6002", "201", "30", "0:22:00", "6", "8"),
          ("Summer Li", "6003", "202", "50", "1:05:05", "6", "12")]
CSV_FILES = {
    # clean downloads of one layout: read together
    "AGENT_PERFORMACE_DETAIL_20261124-100503.csv": vici(9, AGENTS),
    "AGENT_PERFORMACE_DETAIL_20261124-110503.csv": vici(10, AGENTS[:2]),
    "AGENT_PERFORMACE_DETAIL_20261124-120503.csv": vici(11, [("张三", "６００４", "201", "20", "0:10:00", "2", "1")]),
    "AGENT_PERFORMACE_DETAIL_20261124-140503.csv": vici(13, AGENTS, totals=False).replace("\n", "\r\n"),
    # a warning row (SALE above CALLS) in a download of the same layout: that one file the other way
    "AGENT_PERFORMACE_DETAIL_20261124-150503.csv": vici(14, [("Li Wei", "6001", "201", "4", "0:05:00", "9", "1")]),
    # a blank line inside, a quoted line break in a name: the csv module's split is the truth
    "AGENT_PERFORMACE_DETAIL_20261124-160503.csv": vici(15, AGENTS).replace('"Li Wei"', '"Li\nWei"'),
    "AGENT_PERFORMACE_DETAIL_20261124-170503.csv": vici(16, AGENTS).replace('\n"Summer', '\n\n"Summer'),
    # another layout, pipe-separated, a total written 'Totals:', dashes, ids with names, doubled quotes:
    # read together too
    "agents_20261124.csv": ("Agent ID|Agent Name|Date|Hour|Dials|Connected|Handled\n"
                            "1003 [Sumit]||11/24/2026|9:00 AM|30|-|3\n"
                            '1004|"Summer ""Sam"" Li"|11/24/2026|10:00 AM|25|10|5\n'
                            "Totals:||||55|10|8\n"),
    "agents_20261125.csv": ("Agent ID|Agent Name|Date|Hour|Dials|Connected|Handled\n"
                            "1003 [Sumit]||11/25/2026|9:00 AM|31|N/A|2\n"),
}
BULK = {"AGENT_PERFORMACE_DETAIL_20261124-100503.csv", "AGENT_PERFORMACE_DETAIL_20261124-110503.csv",
        "AGENT_PERFORMACE_DETAIL_20261124-120503.csv", "AGENT_PERFORMACE_DETAIL_20261124-140503.csv",
        "agents_20261124.csv", "agents_20261125.csv"}


def test_report_csvs_read_together_equal_each_read_cell_by_cell(tmp_path):
    from lib.floor.load.batch import batch_csv_reports

    (tmp_path / "reports").mkdir()
    for name, text in CSV_FILES.items():
        (tmp_path / "reports" / name).write_text(text, encoding="utf-8", newline="")
    cfg = make_settings(aliases={"volume": ["CALLS"], "handled": ["SALE"]})
    refs = report_refs(tmp_path)
    done, rest = batch_csv_reports(refs, cfg)
    assert {r.path.name for r in done} == BULK
    assert {r.path.name for r, _ in rest} == set(CSV_FILES) - BULK
    for ref in refs:
        slow = _slow(ref, cfg)
        assert_same(done[ref], slow) if ref in done else None
        assert_same(parse_file(ref, cfg), slow)   # each alone, the single-sheet bulk path or the other
    # the figures themselves, by hand: 09:00 holds three agents, the TOTALS row is left out and counted
    nine = done[next(r for r in refs if r.path.name.endswith("100503.csv"))]
    assert nine.frame[["agent_id", "hour", "volume", "handled", "talk_seconds"]].values.tolist() == [
        ["6001", 9, 40.0, 4.0, 1510.0], ["6002", 9, 30.0, 6.0, 1320.0], ["6003", 9, 50.0, 6.0, 3905.0]]
    assert nine.frame["name"].tolist() == ["Li Wei", "Sumit Kumar", "Summer Li"]
    assert [p["message_en"] for p in nine.problems] == ["skipped 1 totals row: row 9"]
    noon = done[next(r for r in refs if r.path.name.endswith("120503.csv"))]
    assert noon.frame["agent_id"].tolist() == ["6004"] and noon.frame["hour"].tolist() == [11]


def test_the_month_of_csv_downloads_loads_as_one_read_of_each_file(tmp_path, monkeypatch):
    (tmp_path / "reports").mkdir()
    for name, text in CSV_FILES.items():
        (tmp_path / "reports" / name).write_text(text, encoding="utf-8", newline="")
    cfg = make_settings(aliases={"volume": ["CALLS"], "handled": ["SALE"]})
    together, alone, reads = loaded_both_ways(tmp_path, cfg, monkeypatch, "batch_csv_reports")
    assert reads == len(CSV_FILES)   # a file the bulk path gave back is not read again
    pd.testing.assert_frame_equal(together.reports, alone.reports, check_exact=True)
    pd.testing.assert_frame_equal(together.problems, alone.problems, check_exact=True)


HALF = ["统计日期", "时段", "坐席号", "技能组", "呼叫总数", "外呼接通数", "成功数", "通话总时长"]


def test_a_half_hour_export_with_totals_ids_and_dashes_is_read_in_bulk_and_the_same(tmp_path, monkeypatch):
    from lib.floor.load.headers import alias_map
    from lib.floor.load.quick import quick_reports
    from lib.floor.load.reports import _required

    rows = [["坐席时段报表 2026-11-24"], HALF,
            ["2026-11-24", "09:00:00-09:30:00", "1001 [张三]", "101", "20", "10", "2", "0:10:00"],
            ["2026-11-24", "09:30:00-10:00:00", "1001 [张三]", "101", "16", "-", "1", "0:08:00"],
            ["2026-11-24", "汇总", "1001 [张三]", "101", "36", "10", "3", "0:18:00"],
            ["2026-11-24", "09:00:00-09:30:00", "1002(李四)", "101", "10", "5", "1", "—"],
            ["2026-11-24", "汇总", "1002(李四)", "101", "10", "5", "1", "0:00:00"],
            ["总计", None, None, None, "46", "15", "4", "0:18:00"]]
    wb = Workbook()
    _sheet(wb.active, rows)
    (tmp_path / "reports").mkdir()
    wb.save(tmp_path / "reports" / "坐席时段报表_2026-11-24.xlsx")
    [ref] = report_refs(tmp_path)
    cfg = make_settings()
    sheet = local.read_file(ref)[0]
    frame = quick_reports(sheet, alias_map("reports", cfg.aliases), _required(sheet), cfg.header_scan_rows, ref.mtime)
    assert frame is not None   # in bulk
    quick, slow = both_ways(ref, monkeypatch)
    assert_same(quick, slow)
    assert quick.frame[["agent_id", "name", "start_minute", "volume", "connected"]].fillna(-1).values.tolist() == [
        ["1001", "张三", 540, 20.0, 10.0], ["1001", "张三", 570, 16.0, -1.0], ["1002", "李四", 540, 10.0, 5.0]]
    assert [p["message_en"] for p in quick.problems] == ["skipped 3 totals rows: rows 5, 7, 8"]


def test_a_junk_csv_under_the_report_header_among_downloads_is_tried_alone(tmp_path):
    from lib.floor.load.batch import batch_csv_reports

    (tmp_path / "reports").mkdir()
    for name in list(CSV_FILES)[:2]:
        (tmp_path / "reports" / name).write_text(CSV_FILES[name], encoding="utf-8", newline="")
    junk = VICI_HEAD.format(now="18:05:03", h="17") + "".join(f'"x{i}","y{i}","z","q","w","e","r"\n' for i in range(900))
    (tmp_path / "reports" / "AGENT_PERFORMACE_DETAIL_20261124-180503.csv").write_text(junk, encoding="utf-8")
    cfg = make_settings(aliases={"volume": ["CALLS"], "handled": ["SALE"]})
    done, rest = batch_csv_reports(report_refs(tmp_path), cfg)
    assert len(done) == 2 and [r.path.name for r, _ in rest] == ["AGENT_PERFORMACE_DETAIL_20261124-180503.csv"]
    [(ref, raw)] = rest
    alone = parse_file(ref, cfg, raw)
    assert alone.frame is None and "does not look like an agent report" in alone.problems[0]["message_en"]
