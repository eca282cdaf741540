"""Issue 15's dialer exports whose slot is not in a column (tests/fixtures/vicidial_floor and
jixiao_floor, `python tests/fixtures/make_fixtures.py vicidial`), through the CLI, against hand
computation.

vicidial_floor: VICIdial "Agent Performance Detail" CSVs (the PHP layout verbatim: title lines, a
blank line, AGENTS Details, the header, H:MM:SS times, a TOTALS row), the slot only in the
"Time range" title line, named after the download time. The center maps CALLS -> volume and
SALE -> handled ([aliases], written into the test's config).
  _100005 (09:00:00 to 09:59:59): 6001 40/4, 6002 30/6, 6003 50/6
  _101502 (the same hour downloaded again, newer): 6001 40/4, 6002 32/6, 6003 50/6   <- wins
  _120301 (10:00:00 to 10:59:59, downloaded late: the title, not the stamp, gives 10 o'clock):
           6001 35/7, 6002 28/2, 6003 45/9
jixiao_floor: 坐席绩效报表 .xls of text cells (LibreOffice), running totals since the morning
([reports] cumulative = true), the hour only in the file name (_09时 = 09:00-10:00), 1001 [张三]
id cells, a 合计 row; the 11时 download is missing.
  09时: 1001 30/3, 1002 20/4, 1003 25/2   10时: 55/6, 42/5, 50/6   12时: 100/11, 80/9, 90/10
"""
from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_contract_floor import assert_ranking, copy_floor, row_no, ts

ROOT = Path(__file__).resolve().parent.parent
VICI = {f"reports/AGENT_PERFORMACE_DETAIL_{s}.csv": ts(t) for s, t in (
    ("20261124-100005", "2026-11-24 10:00"), ("20261124-101502", "2026-11-24 10:15"),
    ("20261124-120301", "2026-11-24 12:03"))}
JIXIAO = {f"reports/坐席绩效报表_2026-11-24_{h}时.xls": ts(f"2026-11-24 {int(h) + 1}:01") for h in ("09", "10", "12")}


def config(tmp: Path, aliases: str = "", cumulative: bool = False) -> Path:
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    if cumulative:
        assert "\ncumulative = false" in text
        text = text.replace("\ncumulative = false", "\ncumulative = true", 1)
    if aliases:
        assert text.count("\n[aliases]\n") == 1   # the shipped table holds comments only
        text = text.replace("\n[aliases]\n", "\n[aliases]\n" + aliases, 1)
    p = tmp / "config.toml"
    p.write_text(text, encoding="utf-8")
    return p


def run(command: str, data: Path, cfg: Path, *args: str):
    env = {**os.environ, "DASHBOARD_CONFIG": str(cfg)}
    p = subprocess.run([sys.executable, "-m", "lib.cli", command, "--data", str(data), *args, "--format", "csv"],
                       cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in p.stderr, p.stderr
    table = [r for r in csv.reader(io.StringIO(p.stdout)) if any(c.strip() for c in r)]
    header = [h.strip() for h in table[0]] if table else []
    return p.returncode, [dict(zip(header, [c.strip() for c in r])) for r in table[1:]], p.stderr


@pytest.fixture(scope="module")
def vici(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("vici")
    return copy_floor("vicidial_floor", tmp, VICI), config(tmp, 'volume = ["CALLS"]\nhandled = ["SALE"]\n')


@pytest.fixture(scope="module")
def jixiao(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("jixiao")
    return copy_floor("jixiao_floor", tmp, JIXIAO), config(tmp, cumulative=True)


def test_vicidial_ranking_at_1000(vici):
    code, rows, err = run("ranking", *vici, "--date", "2026-11-24", "--at", "10:00")
    assert code == 0, err
    # the re-download wins: 6002 6/32 = 0.1875, 6003 6/50 = 0.12, 6001 4/40 = 0.1
    assert_ranking(rows, [(1, "6002", "Wang Fang", "201", 32, 6), (2, "6003", "Chen Jie", "202", 50, 6),
                          (3, "6001", "Li Wei", "201", 40, 4)])


@pytest.mark.parametrize("at", ["11:00", "12:00"])
def test_vicidial_ranking_at_1100(vici, at):
    code, rows, err = run("ranking", *vici, "--date", "2026-11-24", "--at", at)
    assert code == 0, err
    # 6003 15/95 = 0.158, 6001 11/75 = 0.147, 6002 8/60 = 0.133 (the 12:03 file is the 10 o'clock hour)
    assert_ranking(rows, [(1, "6003", "Chen Jie", "202", 95, 15), (2, "6001", "Li Wei", "201", 75, 11),
                          (3, "6002", "Wang Fang", "201", 60, 8)])


def test_vicidial_monthly(vici):
    code, rows, err = run("monthly", *vici, "--month", "2026-11")
    assert code == 0, err
    got = {r["group"]: (float(r["volume"]), float(r["handled"])) for r in rows}
    assert got == {"201": (40 + 32 + 35 + 28, 4 + 6 + 7 + 2), "202": (50 + 45, 6 + 9)}


def test_vicidial_check(vici):
    code, problems, err = run("check", *vici)
    got = sorted((p["file"].split("/")[-1], row_no(p["row"]), p["severity"]) for p in problems)
    # the TOTALS row of each file (row 9), the older download of 09:00 left out, 201's two projects
    assert got == [("AGENT_PERFORMACE_DETAIL_20261124-100005.csv", "6", "warning"),
                   ("AGENT_PERFORMACE_DETAIL_20261124-100005.csv", "9", "info"),
                   ("AGENT_PERFORMACE_DETAIL_20261124-101502.csv", "9", "info"),
                   ("AGENT_PERFORMACE_DETAIL_20261124-120301.csv", "9", "info"),
                   ("projects.xlsx", "2", "info")], problems
    assert code == 1   # the duplicate download is a warning


def test_jixiao_ranking_at_1000(jixiao):
    code, rows, err = run("ranking", *jixiao, "--date", "2026-11-24", "--at", "10:00")
    assert code == 0, err
    # 1002 4/20 = 0.2, 1001 3/30 = 0.1, 1003 2/25 = 0.08 (names from the 1001 [张三] cells)
    assert_ranking(rows, [(1, "1002", "李四", "101", 20, 4), (2, "1001", "张三", "101", 30, 3),
                          (3, "1003", "王五", "102", 25, 2)])


@pytest.mark.parametrize("at", ["11:00", "12:00"])
def test_jixiao_ranking_at_1100(jixiao, at):
    code, rows, err = run("ranking", *jixiao, "--date", "2026-11-24", "--at", at)
    assert code == 0, err
    # running totals at 11:00 (09时 + the 10时 difference): 1003 6/50 = 0.12, 1002 5/42 = 0.119,
    # 1001 6/55 = 0.109; at 12:00 the same (the 12时 difference spans 11:00-13:00)
    assert_ranking(rows, [(1, "1003", "王五", "102", 50, 6), (2, "1002", "李四", "101", 42, 5),
                          (3, "1001", "张三", "101", 55, 6)])


def test_jixiao_ranking_at_1300_and_monthly(jixiao):
    code, rows, err = run("ranking", *jixiao, "--date", "2026-11-24", "--at", "13:00")
    assert code == 0, err
    # 1002 9/80 = 0.1125, 1003 10/90 = 0.111, 1001 11/100 = 0.11
    assert_ranking(rows, [(1, "1002", "李四", "101", 80, 9), (2, "1003", "王五", "102", 90, 10),
                          (3, "1001", "张三", "101", 100, 11)])
    code, rows, err = run("monthly", *jixiao, "--month", "2026-11")
    assert code == 0, err
    assert {r["group"]: (float(r["volume"]), float(r["handled"])) for r in rows} == \
        {"101": (180, 20), "102": (90, 10)}


def test_jixiao_check_names_the_missed_download(jixiao):
    code, problems, err = run("check", *jixiao)
    got = sorted((p["file"].split("/")[-1], row_no(p["row"]), p["severity"]) for p in problems)
    assert got == [("坐席绩效报表_2026-11-24_09时.xls", "6", "info"), ("坐席绩效报表_2026-11-24_10时.xls", "6", "info"),
                   ("坐席绩效报表_2026-11-24_12时.xls", "3", "warning"),
                   ("坐席绩效报表_2026-11-24_12时.xls", "6", "info")], problems
    gap = [p for p in problems if p["severity"] == "warning"][0]
    assert "11:00-11:00" not in gap["message"] and "缺少 11:00-12:00" in gap["message"] and "11:00-13:00" in gap["message"]


def test_vicidial_fixture_is_the_published_layout():
    lines = (ROOT / "tests/fixtures/vicidial_floor/reports/AGENT_PERFORMACE_DETAIL_20261124-100005.csv") \
        .read_text(encoding="utf-8").split("\n")
    assert lines[:5] == [
        '"Agent Performance Detail                        2026-11-24 10:00:05"',
        '"Time range: 2026-11-24 09:00:00 to 2026-11-24 09:59:59"', "",
        '"---------- AGENTS Details -------------"',
        '"USER NAME","ID","CURRENT USER GROUP","MOST RECENT USER GROUP","CALLS","TIME","PAUSE","PAUSAVG","WAIT",'
        '"WAITAVG","TALK","TALKAVG","DISPO","DISPAVG","DEAD","DEADAVG","CUSTOMER","CUSTAVG","SALE","NI"']
    assert lines[8].startswith('"","","TOTALS","AGENTS:3","120",')
