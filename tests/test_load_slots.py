"""Issue 15 item 1: a report table without an hour column takes its slot from a title line naming a
time range, then the file name, else it is a day total (counted monthly, not in hourly figures)."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from lib.floor.cache import load_floor
from lib.floor.load.values import name_slot, title_slot
from lib.floor.schema import DAY_TOTAL_END, DAY_TOTAL_START
from tests.conftest import make_settings

D = dt.date(2026, 11, 24)
ROSTER = "日期,工号,姓名,组别,班次\n" + "".join(f"2026-11-24,{a},{n},101,A\n" for a, n in (("1001", "张三"), ("1002", "李四")))


@pytest.mark.parametrize("line, expected", [
    ("Time range: 2026-11-24 09:00:00 to 2026-11-24 09:59:59", (540, 600, D)),
    ("统计时间：2026-11-24 09:00—10:00", (540, 600, D)),
    ("2026-11-24 09:00:00 ~ 2026-11-24 10:00:00", (540, 600, D)),
    ("起止时间：2026-11-24 10:00:00 至 2026-11-24 10:59:59", (600, 660, D)),
    ("Agent Performance Detail                        2026-11-24 10:00:05", None),
    ("Time range: 2026-11-23 00:00:00 to 2026-11-24 23:59:59", None),   # several days: no slot
])
def test_title_slot(line, expected):
    assert title_slot([line]) == expected


@pytest.mark.parametrize("name, expected", [
    ("坐席绩效报表_2026-11-24_10时.xls", (600, 660, "hour")),
    ("report_2026-11-24_1000.csv", (600, 660, "hour")),
    ("AGENT_PERFORMACE_DETAIL_20261124-100005.csv", (540, 600, "download")),   # the hour that ended before
    ("AGENT_PERFORMACE_DETAIL_20261124-105959.csv", (540, 600, "download")),
    ("2026-11-24.xlsx", None), ("20261123.csv", None), ("坐席时段报表_2026-11-24.xls", None),
])
def test_name_slot(name, expected):
    assert name_slot(name) == expected


def floor_of(tmp_path: Path, files: dict[str, str], **reports):
    (tmp_path / "reports").mkdir(parents=True, exist_ok=True)
    (tmp_path / "schedule.csv").write_text(ROSTER, encoding="utf-8")
    t = dt.datetime(2026, 11, 24, 9).timestamp()
    for k, (rel, body) in enumerate(files.items()):
        p = tmp_path / "reports" / rel
        p.write_text(body, encoding="utf-8")
        os.utime(p, (t + 600 * k, t + 600 * k))   # later files are newer
    return load_floor(tmp_path, make_settings(reports=reports) if reports else make_settings())


def figures(f, agent):
    r = f.reports[f.reports["agent_id"] == agent].sort_values("end_minute")
    return [(int(h), int(s), int(e), int(v), int(d)) for h, s, e, v, d in
            r[["hour", "start_minute", "end_minute", "volume", "handled"]].itertuples(index=False)]


def test_title_line_wins_over_the_download_stamp(tmp_path):
    body = ('"Time range: 2026-11-24 10:00:00 to 2026-11-24 10:59:59"\n\n'
            "工号,数据量,办理量\n1001,20,2\n")
    f = floor_of(tmp_path, {"AGENT_PERFORMACE_DETAIL_20261124-120301.csv": body})
    assert figures(f, "1001") == [(10, 600, 660, 20, 2)]


def test_download_stamp_alone_is_the_hour_before(tmp_path):
    f = floor_of(tmp_path, {"AGENT_PERFORMACE_DETAIL_20261124-100005.csv": "工号,数据量,办理量\n1001,20,2\n"})
    assert figures(f, "1001") == [(9, 540, 600, 20, 2)]
    assert not (f.problems["severity"] != "info").any() if len(f.problems) else True


def test_redownload_of_a_slot_newest_wins(tmp_path):
    f = floor_of(tmp_path, {"a_20261124-100005.csv": "工号,数据量,办理量\n1001,20,2\n",
                            "a_20261124-100512.csv": "工号,数据量,办理量\n1001,22,3\n"})
    assert figures(f, "1001") == [(9, 540, 600, 22, 3)]
    assert any("较新的文件" in m for m in f.problems["message"])


def test_day_total_counted_monthly_not_hourly(tmp_path):
    from lib.day.flags import flags_at
    from lib.floor.metrics import group_averages, ranking_at
    from lib.month.review import group_month
    cfg = make_settings()
    f = floor_of(tmp_path, {"daily_2026-11-24.csv": "工号,数据量,办理量\n1001,100,10\n",
                            "2026-11-24.csv": "日期,时段,工号,数据量,办理量\n2026-11-24,9,1002,30,3\n"})
    assert figures(f, "1001") == [(24, DAY_TOTAL_START, DAY_TOTAL_END, 100, 10)]
    info = f.problems[f.problems["message"].str.contains("全天合计")]
    assert len(info) == 1 and info["severity"].tolist() == ["info"] and info["file"].iloc[0].endswith("daily_2026-11-24.csv")
    for at in (600, 24 * 60):
        r = ranking_at(f.reports, D, at, 0, None)
        assert r["agent_id"].tolist() == ["1002"]
    day = group_averages(f.reports, D, "day", cfg.morning_end_minute)
    assert day["volume"].tolist() == [30]
    flags = flags_at(f.reports, f.schedule, f.projects, D, 17 * 60, cfg)
    assert "1001" in flags[flags["kind"] == "no_data"]["agent_id"].tolist()   # a day total is no hourly data
    import pandas as pd
    month = group_month(f.reports, pd.DataFrame(), pd.DataFrame(), "2026-11", cfg)
    assert month.set_index("group").loc["101", ["volume", "handled"]].tolist() == [130, 13]


def test_running_totals_with_slots_from_names_and_a_missed_download(tmp_path):
    head = "工号,数据量,办理量\n"
    f = floor_of(tmp_path, {"绩效_2026-11-24_09时.csv": head + "1001,20,2\n",
                            "绩效_2026-11-24_10时.csv": head + "1001,50,4\n",
                            "绩效_2026-11-24_12时.csv": head + "1001,90,9\n"}, cumulative=True)
    # 12时 follows 10时: the 11 o'clock download is missing, so its difference spans 11:00-13:00
    assert figures(f, "1001") == [(9, 540, 600, 20, 2), (10, 600, 660, 30, 2), (11, 660, 780, 40, 5)]
    gap = f.problems[f.problems["message"].str.contains("漏下载")]
    assert len(gap) == 1 and gap["severity"].iloc[0] == "warning" and "11:00-13:00" in gap["message"].iloc[0]
    assert gap["file"].iloc[0].endswith("12时.csv")


def test_title_date_when_neither_a_date_column_nor_a_dated_name(tmp_path):
    body = ('"Agent Performance Detail                        2026-11-24 10:00:05"\n'
            '"Time range: 2026-11-24 09:00:00 to 2026-11-24 09:59:59"\n\n'
            '"---------- AGENTS Details -------------"\n"ID","数据量","办理量"\n"1001","20","2"\n')
    f = floor_of(tmp_path, {"agent_performance.csv": body})
    assert figures(f, "1001") == [(9, 540, 600, 20, 2)]
    assert f.reports["date"].dt.date.tolist() == [D]
    assert not len(f.problems) or not (f.problems["severity"] == "error").any()


def test_hours_tables_leave_day_totals_out(tmp_path):
    from lib.floor.metrics import hourly_by_agent
    f = floor_of(tmp_path, {"daily_2026-11-24.csv": "工号,数据量,办理量\n1001,100,10\n",
                            "2026-11-24.csv": "日期,时段,工号,数据量,办理量\n2026-11-24,9,1001,30,3\n"})
    h = hourly_by_agent(f.reports, D)
    assert h[["agent_id", "hour", "volume"]].values.tolist() == [["1001", 9, 30]]


def test_running_totals_with_title_ranges_since_the_morning(tmp_path):
    def vici(end: str, calls: int, sale: int) -> str:
        return (f'"Time range: 2026-11-24 08:00:00 to 2026-11-24 {end}"\n\n'
                f'"ID","数据量","办理量"\n"1001","{calls}","{sale}"\n')
    f = floor_of(tmp_path, {"a_20261124-100005.csv": vici("09:59:59", 30, 3),
                            "a_20261124-110005.csv": vici("10:59:59", 50, 4),
                            "a_20261124-110930.csv": vici("10:59:59", 52, 5)}, cumulative=True)
    # ranges since 08:00 are told apart by their end; the re-download of 08:00-10:59 wins
    assert figures(f, "1001") == [(8, 480, 600, 30, 3), (10, 600, 660, 22, 2)]
    assert not any("漏下载" in m for m in f.problems["message"])


@pytest.mark.parametrize("name, rows", [
    ("perf.xlsx", [["统计时间：2026-11-24 10:00—11:00"], ["工号", "数据量", "办理量"], ["1001", 20, 2], ["1002", 30, 3]]),
    ("绩效_2026-11-24_10时.xlsx", [["坐席绩效"], ["工号", "日期", "数据量", "办理量"], ["1001", "2026-11-24", 20, 2]]),
    ("daily_2026-11-24.xlsx", [["工号", "数据量", "办理量"], ["1001", 20, 2]]),      # a day total
])
def test_slots_without_an_hour_column_read_the_same_both_ways(tmp_path, monkeypatch, name, rows):
    pytest.importorskip("fastexcel")
    from openpyxl import Workbook
    from lib.floor.sources.local import ColumnarSheet, list_files, read_file
    from tests.test_performance import assert_same, both_ways
    (tmp_path / "reports").mkdir()
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(tmp_path / "reports" / name)
    ref = [r for r in list_files(tmp_path) if r.table == "reports"][0]
    assert isinstance(read_file(ref)[0], ColumnarSheet)
    quick, slow = both_ways(ref, monkeypatch)
    assert_same(quick, slow)
    assert len(quick.frame) == len(rows) - (2 if name != "daily_2026-11-24.xlsx" else 1)


def test_a_day_total_beside_slot_rows_is_not_counted_twice(tmp_path):
    import pandas as pd
    from lib.month.review import group_month
    f = floor_of(tmp_path, {"daily_2026-11-24.csv": "工号,数据量,办理量\n1001,100,10\n1002,40,4\n",
                            "2026-11-24.csv": "日期,时段,工号,数据量,办理量\n2026-11-24,9,1001,30,3\n"})
    assert figures(f, "1001") == [(9, 540, 600, 30, 3)]
    assert figures(f, "1002") == [(24, DAY_TOTAL_START, DAY_TOTAL_END, 40, 4)]
    w = f.problems[f.problems["message"].str.contains("避免重复计算")]
    assert len(w) == 1 and w["severity"].iloc[0] == "warning" and int(w["row"].iloc[0]) == 2
    month = group_month(f.reports, pd.DataFrame(), pd.DataFrame(), "2026-11", make_settings())
    assert month.set_index("group").loc["101", ["volume", "handled"]].tolist() == [70, 7]
