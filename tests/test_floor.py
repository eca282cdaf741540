"""The floor across files: CSV encodings, duplicates, running totals, groups from the roster, the cache."""
import os

import pandas as pd
import pytest

from lib.floor import cache as floor_mod
from lib.floor.cache import load_floor
from lib.floor.sources import local
from tests.conftest import make_settings

ROSTER = "日期,工号,姓名,组别,岗位,班次\n" + "\n".join(
    f"2026-11-24,{i},{n},{g},坐席,{s}" for i, n, g, s in
    [("1001", "张三", "101", "全天"), ("1002", "李四", "101", "休"), ("2001", "王五", "102", "全天")]) + "\n"


def write(path, text, encoding="utf-8", mtime=None):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    if mtime:
        os.utime(path, (mtime, mtime))


@pytest.fixture
def folder(tmp_path):
    write(tmp_path / "schedule.csv", ROSTER)
    return tmp_path


def test_gbk_and_bom_csv_with_alias_headers(folder):
    write(folder / "reports" / "2026年11月24日 上午.csv", "时段,坐席工号,外呼量,成功量\n9,1001,40,4\n", "gbk")
    write(folder / "reports" / "b.csv", "日期,时间,工号,数据量,办理量\n2026-11-24,10,2001,30,3\n", "utf-8-sig")
    f = load_floor(folder, make_settings())
    assert f.problems.empty, f.problems
    r = f.reports.sort_values("agent_id")
    assert r["agent_id"].tolist() == ["1001", "2001"] and r["volume"].tolist() == [40.0, 30.0]
    assert r["name"].tolist() == ["张三", "王五"]            # names come from the roster when the report has none
    assert r["group"].tolist() == ["101", "102"]


def test_substitute_works_for_the_group_the_row_names(folder):
    write(folder / "reports" / "r.csv", "日期,时段,工号,组别,数据量,办理量\n2026-11-24,9,1002,102,20,2\n2026-11-24,9,1001,,20,1\n")
    r = load_floor(folder, make_settings()).reports.set_index("agent_id")
    assert (r.loc["1002", "group"], r.loc["1002", "home_group"], r.loc["1002", "row_group"]) == ("102", "101", "102")
    assert (r.loc["1001", "group"], r.loc["1001", "row_group"]) == ("101", "")


def test_an_agent_the_roster_does_not_know_is_a_warning_and_kept(folder):
    write(folder / "reports" / "r.csv", "日期,时段,工号,数据量,办理量\n2026-11-24,9,9999,20,2\n2026-11-24,10,9999,20,2\n")
    f = load_floor(folder, make_settings())
    assert len(f.reports) == 2 and f.reports["group"].tolist() == ["", ""]
    p = f.problems
    assert p[["file", "row", "severity"]].values.tolist() == [["reports/r.csv", 2, "warning"]]
    assert "9999" in p.iloc[0]["message"] and "2 行" in p.iloc[0]["message"]


def test_the_same_slot_in_two_files_takes_the_newest_file(folder):
    write(folder / "reports" / "old.csv", "日期,时段,工号,项目,数据量,办理量\n2026-11-24,9,1001,P,40,4\n2026-11-24,10,1001,P,10,1\n", mtime=1_700_000_000)
    write(folder / "reports" / "new.csv", "日期,时段,工号,项目,数据量,办理量\n2026-11-24,09:00-10:00,1001,P,44,5\n", mtime=1_700_000_500)
    f = load_floor(folder, make_settings())
    r = f.reports.sort_values("hour")
    assert r["volume"].tolist() == [44.0, 10.0] and r["file"].tolist() == ["reports/new.csv", "reports/old.csv"]
    p = f.problems
    assert p[["file", "row", "severity"]].values.tolist() == [["reports/old.csv", 2, "warning"]]
    assert "reports/new.csv" in p.iloc[0]["message"]


def test_running_totals_become_hourly_figures(folder):
    write(folder / "reports" / "r.csv", "日期,时段,工号,项目,数据量,办理量\n"
          "2026-11-24,9,1001,P,40,4\n2026-11-24,10,1001,P,70,5\n2026-11-24,11,1001,P,100,9\n"
          "2026-11-24,9,2001,P,10,1\n2026-11-24,10,2001,P,8,1\n")
    f = load_floor(folder, make_settings(reports={"cumulative": True}))
    a = f.reports[f.reports["agent_id"] == "1001"].sort_values("hour")
    assert a["volume"].tolist() == [40.0, 30.0, 30.0]      # 40, 70-40, 100-70
    assert a["handled"].tolist() == [4.0, 1.0, 4.0]        # 4, 5-4, 9-5
    # 2001 went from 10 to 8: a running total cannot fall, so that row is an error and left out
    assert f.reports[f.reports["agent_id"] == "2001"]["volume"].tolist() == [10.0]
    assert f.problems[["row", "severity"]].values.tolist() == [[6, "error"]]


def test_a_broken_file_is_reported_and_everything_else_loads(folder):
    write(folder / "reports" / "good.csv", "日期,时段,工号,数据量,办理量\n2026-11-24,9,1001,40,4\n")
    (folder / "reports" / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip" * 10)
    (folder / "reports" / "empty.xlsx").write_bytes(b"")
    (folder / "reports" / "~$good.xlsx").write_bytes(b"lock")     # Excel's lock file is not data
    f = load_floor(folder, make_settings())
    assert len(f.reports) == 1
    bad = f.problems.set_index("file")
    assert set(bad.index) == {"reports/broken.xlsx", "reports/empty.xlsx"}
    assert (bad["severity"] == "error").all()


def test_a_second_load_of_unchanged_files_reads_nothing_and_a_change_reads_one_file(folder):
    write(folder / "reports" / "a.csv", "日期,时段,工号,数据量,办理量\n2026-11-24,9,1001,40,4\n", mtime=1_700_000_000)
    write(folder / "reports" / "b.csv", "日期,时段,工号,数据量,办理量\n2026-11-24,10,1001,40,4\n", mtime=1_700_000_000)
    cfg = make_settings()
    first = load_floor(folder, cfg)
    reads = local.READS["count"]
    assert load_floor(folder, cfg) is first            # the very same object: nothing read, nothing combined
    assert local.READS["count"] == reads
    write(folder / "reports" / "b.csv", "日期,时段,工号,数据量,办理量\n2026-11-24,10,1001,50,5\n", mtime=1_700_000_900)
    second = load_floor(folder, cfg)
    assert local.READS["count"] == reads + 1            # only the changed file
    assert second.reports["volume"].sum() == 90.0
    assert first.reports["volume"].sum() == 80.0        # the cached frame was not mutated


def test_the_floor_never_uses_openpyxl_to_read(folder, monkeypatch):
    import openpyxl
    def refuse(*a, **k):
        raise AssertionError("openpyxl used to read an input file")
    monkeypatch.setattr(openpyxl, "load_workbook", refuse)
    wb = openpyxl.Workbook()
    wb.active.append(["日期", "时段", "工号", "数据量", "办理量"])
    wb.active.append(["2026-11-24", 9, "1001", 10, 1])
    (folder / "reports").mkdir()
    wb.save(folder / "reports" / "x.xlsx")
    assert len(load_floor(folder, make_settings()).reports) == 1


def test_empty_folder_gives_empty_canonical_frames(tmp_path):
    f = load_floor(tmp_path, make_settings())
    assert f.reports.empty and list(f.reports.columns)[:3] == ["date", "hour", "end_minute"]
    assert f.problems["severity"].tolist() == ["warning"]     # no roster


def test_an_unforeseen_failure_in_one_file_leaves_the_rest_loaded(folder, monkeypatch):
    import lib.floor.load as load
    write(folder / "reports" / "a.csv", "日期,时段,工号,数据量,办理量\n2026-11-24,9,1001,40,4\n")
    write(folder / "reports" / "b.csv", "日期,时段,工号,数据量,办理量\n2026-11-24,10,1001,40,4\n")
    real = load.parse_reports

    def explode(sheet, *a, **k):
        if sheet.file.endswith("b.csv"):
            raise RuntimeError("boom")
        return real(sheet, *a, **k)
    monkeypatch.setattr(load, "parse_reports", explode)
    import lib.floor.load.batch as batch   # the report CSVs are first parsed together: fail there too
    real_bulk = batch.bulk_frame

    def explode_bulk(body, rows, *a, **k):
        if any(f.endswith("b.csv") for f, _ in rows.sheets):
            raise RuntimeError("boom in bulk")
        return real_bulk(body, rows, *a, **k)
    monkeypatch.setattr(batch, "bulk_frame", explode_bulk)
    f = load_floor(folder, make_settings())
    assert f.reports["file"].tolist() == ["reports/a.csv"]
    assert f.problems[["file", "severity"]].values.tolist() == [["reports/b.csv", "error"]]
    assert "boom" in f.problems.iloc[0]["message_en"]


def test_rows_of_spaces_anywhere_are_blank(folder):
    write(folder / "reports" / "r.csv", "日期,时段,工号,数据量,办理量\n2026-11-24,9,1001,40,4\n ,,,,\n,, ,,\n\u3000,,,,\n")
    f = load_floor(folder, make_settings())
    assert len(f.reports) == 1 and f.problems.empty
