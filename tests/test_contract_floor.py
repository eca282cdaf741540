"""The spreadsheet contract (DATA.md), checked from the outside against LibreOffice-written files.

The fixtures (tests/fixtures/messy_floor, tests/fixtures/bad) are written by
tests/fixtures/make_fixtures.py; every expected figure below is worked out by hand from the rows
listed there (row numbers are the ones a spreadsheet program shows, title rows included).
The CLI runs as a subprocess on a copy of the folder whose file times are set here (git keeps no
mtimes, and "the row from the most recently modified file is used").

messy_floor, 2026-11 (month grid roster 11月 of schedule.xls), "the day" 2026-11-24 (a Tuesday):

  roster  101: 0100 孙丽 资深组长, 0101 张伟 组长 (值 = duty lead), 0107 李娜 全天, 0108 王芳 上午,
               0109 刘洋 A (full day), 0110 周杰 座席 全天
          102: 0201 陈静 组长, 0202 杨磊 下午, 0203 赵敏 全天 (no report rows), 0204 黄强 OFF, 0205 吴婷 全天
          中心: 0001 郑国华 中心主任
  projects on the 24th: 101 新华手机报 (v2, 0.085), 102 宽带续约 (v1, 12%)

  reports of the 24th, volume/handled per slot (slot = start hour; "—" no row):
               9      10     11      13     14       15     16     file
    0107 101  20/2   20/2   25/3    18/2   24/3 *   20/2   20/3   *14: xlsx row 28 says 22/2, CSV row 2
    0108 101  10/1   10/1   12/1 w   —      —        —      —      says 24/3; the newer file wins
    0109 102  15/3   15/3   20/4    16/2   15/2     15/1   14/2   substitute: roster 101, rows say 102
    0110 101   4/1    4/0   -5 x     6/1    6/0     10/1   10/0   x negative volume: error, left out
    0205 102   5/1    5/0   10/0    12/0   12/0     10/0   10/1
    0999 102  10/1   10/1   10/2    10/1   10/1      —      —     not in the roster: warning, kept
    0202 102   —      —      —      14/2   16/2     15/3    6/8   6/8: handled > volume, warning, kept
    w = wrong task (0108 of 101 calls 宽带续约, 102's project)
    slots 9-14 from reports/2026-11-24.xlsx, 14 (0107 only) to 16 from "2026年11月24日 下午.csv"

  reports of the 23rd (reports/20261123.csv, UTF-8 BOM):
    101: 0107 20/2, 0108 20/1, 0109 20/3, 0110 10/1 (no team: roster 101)   -> 70/7
    102: 0205 20/2 + 20/3, 0202 10/1 (no team: roster 102)                   -> 50/6

  reports of the 20th ("reports/补录 2026-11-19.xlsx", sheet 20261120, no date column: the sheet
  name's date comes before the file name's): 0107 (101) 20/2, 0205 (102) 10/1
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures"
CST = dt.timezone(dt.timedelta(hours=8))

XLSX24 = "reports/2026-11-24.xlsx"
CSV24 = "reports/2026年11月24日 下午.csv"
CSV23 = "reports/20261123.csv"
BROKEN = "reports/broken.xlsx"
LATE = "reports/补录 2026-11-19.xlsx"


def ts(s: str) -> float:
    return dt.datetime.strptime(s, "%Y-%m-%d %H:%M").replace(tzinfo=CST).timestamp()


# When each file was last saved on the floor's shared drive.
MTIMES = {
    "schedule.xls": ts("2026-10-28 10:00"),
    "projects.xlsx": ts("2026-11-22 09:00"),
    CSV23: ts("2026-11-23 18:30"),
    XLSX24: ts("2026-11-24 15:05"),
    CSV24: ts("2026-11-24 17:05"),        # newer than the xlsx: its 0107 14:00 row wins
    BROKEN: ts("2026-11-24 12:00"),
    LATE: ts("2026-11-24 08:40"),
}


def copy_floor(name: str, dest: Path, mtimes: dict[str, float] | None = None) -> Path:
    """The fixture folder copied into dest, with the given file times (others: a fixed old time)."""
    root = dest / name
    shutil.copytree(FIX / name, root)
    old = ts("2026-10-01 09:00")
    for p in root.rglob("*"):
        if p.is_file():
            os.utime(p, (old, old))
    for rel, t in (mtimes or {}).items():
        os.utime(root / rel, (t, t))
    return root


def cli(command: str, data: Path, *args: str) -> tuple[int, list[str], list[dict[str, str]], str]:
    """Run `python -m lib.cli COMMAND --data DATA ARGS --format csv`: exit code, header, rows, stderr."""
    env = {k: v for k, v in os.environ.items() if k != "DASHBOARD_CONFIG"}   # the repo's config.toml
    proc = subprocess.run([sys.executable, "-m", "lib.cli", command, "--data", str(data), *args,
                           "--format", "csv"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    crashed = proc.returncode not in (0, 1) or "Traceback (most recent call last)" in proc.stderr
    assert not crashed, f"{command} crashed ({proc.returncode}):\n{proc.stderr[-3000:]}"
    table = list(csv.reader(io.StringIO(proc.stdout)))
    assert table, f"{command}: no output\n{proc.stderr}"
    header = [h.strip() for h in table[0]]
    rows = [dict(zip(header, [c.strip() for c in r])) for r in table[1:] if any(c.strip() for c in r)]
    return proc.returncode, header, rows, proc.stderr


def num(s: str) -> float:
    return float(s)


def row_no(s: str) -> str:
    """A row cell normalised: '' for none, '19' for 19 / 19.0."""
    s = (s or "").strip()
    if s in ("", "0", "nan", "None"):
        return ""
    return str(int(float(s)))


@pytest.fixture(scope="module")
def messy(tmp_path_factory) -> Path:
    return copy_floor("messy_floor", tmp_path_factory.mktemp("messy"), MTIMES)


@pytest.fixture(scope="module")
def bad(tmp_path_factory) -> Path:
    return copy_floor("bad", tmp_path_factory.mktemp("bad"))


def test_repo_config_holds_the_numbers_these_figures_assume():
    # The expected figures below use the repo's config.toml, which must still say what DATA.md
    # and PRODUCT.md say by default.
    with open(ROOT / "config.toml", "rb") as fh:
        raw = tomllib.load(fh)
    assert raw["ranking"]["min_volume"] == 10
    assert raw["day"]["morning_end"] == "12:00"
    assert raw["reports"]["cumulative"] is False
    f = raw["flags"]
    assert (f["low_rate_ratio"], f["low_rate_min_volume"], f["low_volume_ratio"], f["low_volume_min_hours"]) \
        == (0.7, 30, 0.5, 2)


# ------------------------------------------------------------------ ranking

def assert_ranking(rows, expected):
    got = [(r["rank"], r["agent_id"], r["name"], r["group"], num(r["volume"]), num(r["handled"])) for r in rows]
    want = [(str(k) if k else "", a, n, g, v, h) for k, a, n, g, v, h in expected]
    assert got == want
    for r, (_, a, _, _, v, h) in zip(rows, expected):
        assert math.isclose(num(r["rate"]), h / v, rel_tol=0, abs_tol=1e-9), (a, r["rate"], h, v)


def test_ranking_at_1100(messy):
    # Slots ending at or before 11:00: 9 (9-10) and 10 (10-11).
    #   0109  15+15 = 30, 3+3 = 6  -> 0.2            (group 102: the rows name 102)
    #   0107  20+20 = 40, 2+2 = 4  -> 0.1, handled 4
    #   0108  10+10 = 20, 1+1 = 2  -> 0.1, handled 2, id 0108
    #   0999  10+10 = 20, 1+1 = 2  -> 0.1, handled 2, id 0999 (same rate and handled: by id)
    #   0205   5+5  = 10, 1+0 = 1  -> 0.1, handled 1 (volume 10 = min_volume: ranked)
    #   0110   4+4  =  8, 1+0 = 1  -> 0.125 but volume 8 < 10: listed last, no rank
    #   0202 has no row before 13:00: not listed.
    code, header, rows, err = cli("ranking", messy, "--date", "2026-11-24", "--at", "11:00")
    assert code == 0, err
    assert header[:7] == ["rank", "agent_id", "name", "group", "volume", "handled", "rate"]
    assert_ranking(rows, [
        (1, "0109", "刘洋", "102", 30, 6),
        (2, "0107", "李娜", "101", 40, 4),
        (3, "0108", "王芳", "101", 20, 2),
        (4, "0999", "郭新", "102", 20, 2),
        (5, "0205", "吴婷", "102", 10, 1),
        (None, "0110", "周杰", "101", 8, 1),
    ])


def test_ranking_at_1000_unranked_by_id(messy):
    # Only slot 9 (9-10) has ended by 10:00:
    #   0109 15/3 = 0.2; 0107 20/2 = 0.1 (handled 2); 0108 10/1 = 0.1 and 0999 10/1 = 0.1 (same
    #   rate, same handled: by id; 10 = min_volume: ranked);
    #   below 10: 0110 4/1 and 0205 5/1 - listed by agent_id (0110 before 0205), not by volume.
    code, _, rows, err = cli("ranking", messy, "--date", "2026-11-24", "--at", "10:00")
    assert code == 0, err
    assert_ranking(rows, [
        (1, "0109", "刘洋", "102", 15, 3),
        (2, "0107", "李娜", "101", 20, 2),
        (3, "0108", "王芳", "101", 10, 1),
        (4, "0999", "郭新", "102", 10, 1),
        (None, "0110", "周杰", "101", 4, 1),
        (None, "0205", "吴婷", "102", 5, 1),
    ])


def test_ranking_at_1700_group_102(messy):
    # Slots ending at or before 17:00: all of them (9..16). Group 102 = rows naming 102:
    #   0202  14+16+15+6 = 51,         2+2+3+8 = 15     -> 15/51  = 0.2941
    #   0109  15+15+20+16+15+15+14 = 110, 3+3+4+2+2+1+2 = 17 -> 17/110 = 0.1545 (substitute)
    #   0999  10*5 = 50,               1+1+2+1+1 = 6    -> 6/50   = 0.12
    #   0205  5+5+10+12+12+10+10 = 64, 1+0+0+0+0+0+1 = 2 -> 2/64  = 0.03125
    code, header, rows, err = cli("ranking", messy, "--date", "2026-11-24", "--at", "17:00", "--group", "102")
    assert code == 0, err
    assert header[:7] == ["rank", "agent_id", "name", "group", "volume", "handled", "rate"]
    assert_ranking(rows, [
        (1, "0202", "杨磊", "102", 51, 15),
        (2, "0109", "刘洋", "102", 110, 17),
        (3, "0999", "郭新", "102", 50, 6),
        (4, "0205", "吴婷", "102", 64, 2),
    ])


@pytest.mark.parametrize("newer", ["csv", "xlsx"])
def test_duplicate_row_newest_file_wins(tmp_path, newer):
    # 0107's 14:00-15:00 slot on the 24th is in both files: xlsx row 28 (22/2, hour an Excel
    # time cell 14:00) and the 下午 CSV row 2 (24/3, "14:00-15:00"). The newer file's row is used:
    #   CSV newer:  0107 = 20+20+25+18+24+20+20 = 147, 2+2+3+2+3+2+3 = 17
    #   xlsx newer: 0107 = 20+20+25+18+22+20+20 = 145, 2+2+3+2+2+2+3 = 16
    mt = dict(MTIMES)
    if newer == "xlsx":
        mt[XLSX24], mt[CSV24] = mt[CSV24], mt[XLSX24]
    root = copy_floor("messy_floor", tmp_path, mt)
    code, _, rows, err = cli("ranking", root, "--date", "2026-11-24", "--at", "17:00")
    assert code == 0, err
    v, h = (147, 17) if newer == "csv" else (145, 16)
    # The whole day, every group: 0202 15/51, 0109 17/110, 0999 6/50, 0107 h/v, 0108 3/32,
    # 0110 (4+4+6+6+10+10 = 40, 1+0+1+0+1+0 = 3) 3/40, 0205 2/64 - all at or above 10.
    assert_ranking(rows, [
        (1, "0202", "杨磊", "102", 51, 15),
        (2, "0109", "刘洋", "102", 110, 17),
        (3, "0999", "郭新", "102", 50, 6),
        (4, "0107", "李娜", "101", v, h),
        (5, "0108", "王芳", "101", 32, 3),
        (6, "0110", "周杰", "101", 40, 3),
        (7, "0205", "吴婷", "102", 64, 2),
    ])
    # ... and the check reports the duplicate, naming one of the two places it was written.
    code, _, problems, _ = cli("check", root)
    assert code == 1
    places = {(XLSX24, "28"), (CSV24, "2")}
    assert any(any(p["file"].endswith(f.split("/")[-1]) and row_no(p["row"]) == r for f, r in places)
               for p in problems), problems


# ------------------------------------------------------------------ duty log

def duty(rows):
    return {r["group"]: r for r in rows}


def assert_duty(row, agents, volume, handled):
    assert num(row["agents"]) == agents
    assert num(row["volume"]) == volume
    assert num(row["handled"]) == handled
    assert math.isclose(num(row["rate"]), handled / volume, rel_tol=0, abs_tol=1e-9)
    assert math.isclose(num(row["avg_volume"]), volume / agents, rel_tol=0, abs_tol=1e-9)
    assert math.isclose(num(row["avg_handled"]), handled / agents, rel_tol=0, abs_tol=1e-9)


def test_duty_log_morning(messy):
    # Morning = slots ending at or before 12:00: 9, 10, 11 (0110's -5 row is left out).
    #   101: 0107 20+20+25 = 65 / 2+2+3 = 7; 0108 10+10+12 = 32 / 3; 0110 4+4 = 8 / 1
    #        -> 3 agents, 105 / 11, rate 11/105, per agent 35 and 11/3
    #   102: 0109 15+15+20 = 50 / 10; 0205 5+5+10 = 20 / 1; 0999 10+10+10 = 30 / 4
    #        -> 3 agents, 100 / 15, rate 0.15, per agent 100/3 and 5
    code, header, rows, err = cli("duty-log", messy, "--date", "2026-11-24", "--period", "morning")
    assert code == 0, err
    assert header[:7] == ["group", "agents", "volume", "handled", "rate", "avg_volume", "avg_handled"]
    g = duty(rows)
    assert_duty(g["101"], 3, 105, 11)
    assert_duty(g["102"], 3, 100, 15)
    assert {k for k, r in g.items() if r["volume"] and num(r["volume"]) > 0} == {"101", "102"}


def test_duty_log_day(messy):
    # Every slot of the day:
    #   101: 0107 147/17, 0108 32/3, 0110 40/3 -> 3 agents, 219 / 23, per agent 73 and 23/3
    #   102: 0109 110/17, 0205 64/2, 0999 50/6, 0202 51/15 -> 4 agents, 275 / 40, per agent 68.75, 10
    code, header, rows, err = cli("duty-log", messy, "--date", "2026-11-24", "--period", "day")
    assert code == 0, err
    assert header[:7] == ["group", "agents", "volume", "handled", "rate", "avg_volume", "avg_handled"]
    g = duty(rows)
    assert_duty(g["101"], 3, 219, 23)
    assert_duty(g["102"], 4, 275, 40)


# ------------------------------------------------------------------ flags

def test_flags_at_1500(messy):
    # Slots ending at or before 15:00: 9, 10, 11, 13, 14 (0107's 14 from the newer CSV: 24/3).
    #   101: 0107 65+18+24 = 107 / 12; 0108 32 / 3; 0110 8+6+6 = 20 / 2  -> 159 / 17
    #        rate 17/159 = 0.1069, 0.7 x = 0.0748; average per agent 159/3 = 53, half = 26.5
    #        0110: 20 < 26.5 -> low_volume.  0108 (3/32 = 0.094) and 0107 (0.112): not low.
    #   102: 0109 50+16+15 = 81 / 14; 0205 20+12+12 = 44 / 1; 0999 50 / 6; 0202 14+16 = 30 / 4
    #        -> 205 / 25, rate 0.1220, 0.7 x = 0.0854; average 205/4 = 51.25, half = 25.6
    #        0205: 1/44 = 0.023 < 0.0854 with volume 44 >= 30 -> low_rate.
    #        0109 0.173, 0999 0.12, 0202 0.133: not low; nobody below 25.6 in volume.
    #   wrong_task: 0108 (101) called 宽带续约 at 11:00; 0109 calls 宽带续约 for 102 = right.
    #   no_data: 0203 (102, 全天) has no row at all; 0204 is OFF (rest) and is not missing.
    code, header, rows, err = cli("flags", messy, "--date", "2026-11-24", "--at", "15:00")
    assert code == 0, err
    assert header[:5] == ["agent_id", "name", "group", "kind", "detail"]
    got = {(r["agent_id"], r["kind"]) for r in rows}
    for must in [("0110", "low_volume"), ("0205", "low_rate"), ("0108", "wrong_task"), ("0203", "no_data")]:
        assert must in got, (must, sorted(got))
    for must_not in [("0109", "wrong_task"), ("0999", "wrong_task"), ("0204", "no_data"),
                     ("0107", "low_rate"), ("0108", "low_rate"), ("0109", "low_rate"), ("0999", "low_rate"),
                     ("0202", "low_rate"), ("0202", "low_volume"), ("0108", "low_volume"),
                     ("0107", "low_volume")]:
        assert must_not not in got, (must_not, sorted(got))
    by = {(r["agent_id"], r["kind"]): r for r in rows}
    assert by[("0205", "low_rate")]["group"] == "102"
    assert by[("0108", "wrong_task")]["group"] == "101"
    assert by[("0203", "no_data")]["group"] == "102"


# ------------------------------------------------------------------ monthly

def test_monthly_by_group(messy):
    # 2026-11 = the 20th + the 23rd + the 24th (0109 counts for 101 on the 23rd, 102 on the 24th):
    #   101: 20 + 70 + 219 = 309, 2 + 7 + 23 = 32
    #   102: 10 + 50 + 275 = 335, 1 + 6 + 40 = 47, less the row kept with a warning (the 24th's afternoon
    #   CSV, row 12: 办理量 8 > 数据量 6), which the month leaves out (DATA.md): 329, 39
    code, header, rows, err = cli("monthly", messy, "--month", "2026-11")
    assert code == 0, err
    assert header[:4] == ["group", "volume", "handled", "rate"]
    g = {r["group"]: r for r in rows}
    for group, v, h in [("101", 309, 32), ("102", 329, 39)]:
        assert (num(g[group]["volume"]), num(g[group]["handled"])) == (v, h)
        assert math.isclose(num(g[group]["rate"]), h / v, rel_tol=0, abs_tol=1e-9)


# ------------------------------------------------------------------ check

def same_file(reported: str, expected: str) -> bool:
    reported = reported.replace("\\", "/")
    return reported == expected or reported.endswith("/" + expected) or reported == expected.split("/")[-1]


def sheet_ok(reported: str, expected: set[str], file: str) -> bool:
    if "*csv" in expected:   # a CSV has no sheet: accept none, or the file's name or stem
        name = file.split("/")[-1]
        expected = (expected - {"*csv"}) | {"", name, name.rsplit(".", 1)[0]}
    return reported in expected


def find(problems, file, sheets, rows, columns, severities):
    return [p for p in problems
            if same_file(p["file"], file) and sheet_ok(p["sheet"], sheets, file)
            and row_no(p["row"]) in rows and p["column"] in columns and p["severity"] in severities]


CSV_SHEET = {"*csv"}

MESSY_PROBLEMS = [
    # (file, sheet(s), row(s), column(s), severity(ies), why)
    (BROKEN, {""}, {""}, {""}, {"error"}, "random bytes, not a workbook: whole file"),
    (XLSX24, {"日报"}, {"19"}, {"数据量"}, {"error"}, "0110 at 11点 with volume -5"),
    (XLSX24, {"日报"}, {"9"}, {"工号"}, {"warning"}, "0999 is not in the roster (its first row)"),
    (CSV24, CSV_SHEET, {"12"}, {"成功量", "外呼量"}, {"warning"}, "0202 at 16:00-17:00: handled 8 > volume 6"),
]


@pytest.fixture(scope="module")
def messy_check(messy):
    return cli("check", messy)


@pytest.mark.parametrize("expected", MESSY_PROBLEMS, ids=[m[5].split(" ")[0] for m in MESSY_PROBLEMS])
def test_check_messy_floor_names_each_problem(messy_check, expected):
    code, header, problems, err = messy_check
    assert code == 1, err
    assert header[:6] == ["file", "sheet", "row", "column", "severity", "message"]
    file, sheets, rows, columns, sev, why = expected
    assert find(problems, file, sheets, rows, columns, sev), (why, problems)


def test_check_messy_floor_nothing_else_is_left_out(messy_check):
    # The only errors are those two: the title rows, the two-row merged header, the 合计 row,
    # the blank (formatted or space-only) rows and columns, text figures and every hour form are fine.
    _, _, problems, _ = messy_check
    errors = {(p["file"].replace("\\", "/").split("/")[-1], row_no(p["row"])) for p in problems
              if p["severity"] == "error"}
    assert errors == {("broken.xlsx", ""), ("2026-11-24.xlsx", "19")}, problems
    # The 合计 line (34) leaves with one info line that counts it (issue 15: no row leaves without a
    # trace); the blank rows after it (35, 36) are no problem.
    assert [(row_no(p["row"]), p["severity"], p["message_en"]) for p in problems
            if same_file(p["file"], XLSX24) and row_no(p["row"]) in {"34", "35", "36"}] == \
        [("34", "info", "skipped 1 totals row: row 34")]


def test_check_messy_floor_clean_files_draw_no_remark(messy_check):
    _, _, problems, _ = messy_check
    for clean in ("schedule.xls", "projects.xlsx", "20261123.csv", LATE.split("/")[-1]):
        assert not [p for p in problems if p["file"].endswith(clean) and not p["message_en"].startswith("skipped ")], \
            problems
    # projects.xlsx's 合计 row (10) is counted, at info level, and nothing else of it.
    assert [(row_no(p["row"]), p["severity"], p["message"]) for p in problems if p["file"].endswith("projects.xlsx")] \
        == [("10", "info", "跳过 1 行合计/小计行：第 10 行")]


# The malformed set: one file per way of going wrong; every other file and row still loads.
BAD_PROBLEMS = [
    # (file, sheet(s), row(s), column(s), severity(ies), why)
    ("reports/no_handled.xlsx", {"日报"}, {"", "1"}, {"", "办理量", "handled"}, {"error"},
     "required column 办理量 missing: the whole sheet is left out (header row 1 or none)"),
    ("reports/no_header.xlsx", {"Sheet1"}, {""}, {""}, {"error"},
     "no header row in the first 30 rows of the sheet"),
    ("reports/bad_number.csv", CSV_SHEET, {"3"}, {"数据量"}, {"error"}, "`abc` in 数据量"),
    ("reports/bad_date.xlsx", {"明细"}, {"4"}, {"日期"}, {"error"},
     "2026-13-45 in 日期 (row 4: title row 1, header row 2)"),
    ("reports/bad_hour.csv", CSV_SHEET, {"3"}, {"时段"}, {"error"}, "午饭后 in 时段"),
    ("reports/bad.xls", {""}, {""}, {""}, {"error"}, "a .xls cut off after 2048 bytes"),
    ("reports/empty.csv", CSV_SHEET, {""}, {""}, {"error", "warning"}, "a 0-byte file"),
    ("reports/big5.csv", CSV_SHEET, {""}, {""}, {"error"},
     "Big5: neither UTF-8 nor GBK (read as GBK it is gibberish without a header)"),
]


@pytest.fixture(scope="module")
def bad_check(bad):
    return cli("check", bad)


@pytest.mark.parametrize("expected", BAD_PROBLEMS, ids=[b[0].split("/")[-1] for b in BAD_PROBLEMS])
def test_check_bad_file(bad_check, expected):
    code, header, problems, err = bad_check
    assert code == 1, err
    assert header[:6] == ["file", "sheet", "row", "column", "severity", "message"]
    file, sheets, rows, columns, sev, why = expected
    assert find(problems, file, sheets, rows, columns, sev), (why, [p for p in problems if file.split("/")[-1] in p["file"]])


def test_bad_set_everything_else_loads(bad, bad_check):
    _, _, problems, _ = bad_check
    assert not [p for p in problems if p["file"].endswith(("schedule.csv", "projects.csv"))], problems
    # Good rows: bad_number.csv rows 2, 4; bad_date.xlsx rows 3, 5; bad_hour.csv rows 2, 4.
    #   0107: 20/2 (9) + 15/1 (11) + 20/2 (15) = 55 / 5 -> 0.0909
    #   0205: 12/1 (10) + 10/1 (13) + 10/1 (16) = 32 / 3 -> 0.09375
    # no_handled.xlsx (99 a row) is left out whole.
    code, _, rows, err = cli("ranking", bad, "--date", "2026-11-24", "--at", "18:00")
    assert code == 0, err
    assert_ranking(rows, [(1, "0205", "吴婷", "102", 32, 3), (2, "0107", "李娜", "101", 55, 5)])


# ------------------------------------------------------------------ the API behind the CLI

def settings_for(root: Path):
    from lib.config import settings_from_dict
    with open(ROOT / "config.toml", "rb") as fh:
        raw = tomllib.load(fh)
    raw.setdefault("source", {})["path"] = str(root)
    return settings_from_dict(raw, ROOT)


def test_load_floor_frames(tmp_path):
    from lib.floor.cache import load_floor
    from lib.floor.schema import PROBLEMS, TABLES

    root = copy_floor("messy_floor", tmp_path, MTIMES)
    f = load_floor(root, settings_for(root))
    for name in ("schedule", "projects", "reports"):
        df = getattr(f, name)
        assert list(df.columns)[:len(TABLES[name])] == list(TABLES[name]), name
    assert list(f.problems.columns)[:6] == PROBLEMS

    # Roster: 12 people x 30 days of the month grid, the month from the title 2026年11月排班表.
    s = f.schedule
    assert len(s) == 12 * 30
    assert set(s["date"].dt.strftime("%Y-%m-%d")) == {f"2026-11-{d:02d}" for d in range(1, 31)}
    day = s[s["date"] == "2026-11-24"].set_index("agent_id")
    assert len(day) == 12
    assert day.loc["0101", ["role", "shift", "shift_kind", "duty"]].tolist() == ["lead", "值", "full", True]
    assert day["duty"].sum() == 1
    assert day.loc["0204", ["shift", "shift_kind", "working"]].tolist() == ["OFF", "rest", False]
    assert day.loc["0109", ["shift_kind", "working", "group"]].tolist() == ["full", True, "101"]
    assert day.loc["0108", "shift_kind"] == "morning"
    assert day.loc["0202", "shift_kind"] == "afternoon"
    assert day.loc["0203", ["shift_kind", "working"]].tolist() == ["full", True]
    assert day.loc["0100", "role"] == "senior_lead"
    assert day.loc["0001", ["role", "group"]].tolist() == ["director", "中心"]
    assert day.loc["0110", "role"] == "agent"    # 座席
    assert day.loc["0205", "role"] == "agent"    # 坐席代表
    sat = s[(s["date"] == "2026-11-28")].set_index("agent_id")   # a Saturday: 休 and OFF
    assert not sat.loc["0107", "working"] and not sat.loc["0204", "working"] and sat.loc["0100", "working"]
    mon = s[s["date"] == "2026-11-23"].set_index("agent_id")
    assert mon.loc["0201", "duty"] and mon["duty"].sum() == 1

    # Projects: 6 rows (the 合计 row is not data); 8.5% == 0.085, 12% == 0.12.
    p = f.projects
    assert len(p) == 6
    got = {(d.strftime("%Y-%m-%d"), g): (proj, scr, r, th) for d, g, proj, scr, r, th in
           p[["date", "group", "project", "script", "target_rate", "target_handled"]].itertuples(index=False)}
    want = {
        ("2026-11-23", "101"): ("新华手机报", "v2", 0.085, 170), ("2026-11-23", "102"): ("宽带续约", "v1", 0.12, 120),
        ("2026-11-24", "101"): ("新华手机报", "v2", 0.085, 180), ("2026-11-24", "102"): ("宽带续约", "v1", 0.12, 130),
        ("2026-11-25", "101"): ("新华手机报", "v3", 0.085, 180), ("2026-11-25", "102"): ("宽带续约", "v1", 0.12, 130),
    }
    assert set(got) == set(want)
    for k, (proj, scr, r, th) in want.items():
        assert got[k][:2] == (proj, scr) and math.isclose(got[k][2], r, abs_tol=1e-12) and got[k][3] == th, k

    # Reports: xlsx 30 data rows - the negative one - the duplicate that lost = 28; CSV 11; 23rd 7;
    # the 20th 2.
    r = f.reports
    assert len(r) == 28 + 11 + 7 + 2
    assert (r["volume"] >= 0).all()
    by_day = r.groupby(r["date"].dt.strftime("%Y-%m-%d")).size().to_dict()
    assert by_day == {"2026-11-20": 2, "2026-11-23": 7, "2026-11-24": 39}
    late = r[r["date"] == "2026-11-20"].set_index("agent_id")
    assert late.loc["0107", ["group", "hour", "volume", "handled"]].tolist() == ["101", 9, 20, 2]
    assert late.loc["0205", ["group", "hour", "volume", "handled"]].tolist() == ["102", 9, 10, 1]
    r24 = r[r["date"] == "2026-11-24"]
    a0107 = r24[r24["agent_id"] == "0107"].sort_values("hour")
    assert a0107["hour"].tolist() == [9, 10, 11, 13, 14, 15, 16]
    assert a0107["end_minute"].tolist() == [600, 660, 720, 840, 900, 960, 1020]
    assert a0107["volume"].tolist() == [20, 20, 25, 18, 24, 20, 20]
    assert a0107[a0107["hour"] == 14]["file"].iloc[0].endswith("下午.csv")
    sub = r24[r24["agent_id"] == "0109"]
    assert set(sub["group"]) == {"102"} and set(sub["row_group"]) == {"102"} and set(sub["home_group"]) == {"101"}
    unknown = r24[r24["agent_id"] == "0999"]
    assert len(unknown) == 5 and set(unknown["home_group"]) == {""} and set(unknown["group"]) == {"102"}
    r23 = r[r["date"] == "2026-11-23"].set_index("agent_id")
    assert r23.loc["0110", ["row_group", "group", "home_group"]].tolist() == ["", "101", "101"]
    # Where a row came from: 0110's 13-14 row is spreadsheet row 24 of sheet 日报.
    w = r24[(r24["agent_id"] == "0110") & (r24["hour"] == 13)].iloc[0]
    assert same_file(w["file"], XLSX24) and w["sheet"] == "日报" and w["row"] == 24
    # talk time: "0:41:10" = 41*60 + 10 = 2470 s (row 4); 1500 (a number, row 5).
    first = r24[(r24["hour"] == 9)].set_index("agent_id")
    assert first.loc["0107", "talk_seconds"] == 2470 and first.loc["0108", "talk_seconds"] == 1500
    assert first.loc["0108", "volume"] == 10 and first.loc["0108", "connected"] == 6   # text figures
    # The 下午 CSV's date came from its file name; 0202's 6/8 row is kept.
    pm = r24[r24["file"].str.endswith("下午.csv")]
    assert len(pm) == 11
    assert ((pm["agent_id"] == "0202") & (pm["volume"] == 6) & (pm["handled"] == 8)).sum() == 1

    files = f.files.assign(name=f.files["file"].str.split("/").str[-1])
    assert {"schedule.xls", "projects.xlsx", "2026-11-24.xlsx", "2026年11月24日 下午.csv",
            "20261123.csv"} <= set(files["name"])
    tables = dict(zip(files["name"], files["table"]))
    assert tables["schedule.xls"] == "schedule" and tables["projects.xlsx"] == "projects"
    assert tables["20261123.csv"] == "reports"
    one = files[files["name"] == "20261123.csv"].iloc[0]
    assert one["rows"] == 7
    assert str(one["first_date"])[:10] == str(one["last_date"])[:10] == "2026-11-23"
    pmf = files[files["name"] == "2026年11月24日 下午.csv"].iloc[0]
    assert pmf["rows"] == 11 and str(pmf["first_date"])[:10] == "2026-11-24"


def test_load_floor_reads_an_unchanged_folder_once(tmp_path, monkeypatch):
    import lib.floor.load as load_pkg
    import lib.floor.sources.local as local
    from lib.floor.cache import load_floor

    opened = []
    real = local.read_file

    def spy(ref):
        opened.append(ref.rel)
        return real(ref)

    monkeypatch.setattr(local, "read_file", spy)
    if getattr(load_pkg, "read_file", None) is real:
        monkeypatch.setattr(load_pkg, "read_file", spy)
    import lib.floor.load.batch as batch   # report CSVs read together
    monkeypatch.setattr(batch, "read_file", spy)

    root = copy_floor("messy_floor", tmp_path, MTIMES)
    cfg = settings_for(root)
    first = load_floor(root, cfg)
    assert len(opened) == 7, opened   # schedule, projects, 5 files in reports/
    opened.clear()
    again = load_floor(root, cfg)
    assert opened == []
    assert len(again.reports) == len(first.reports)
    # A changed file costs only itself.
    os.utime(root / CSV23, (ts("2026-11-24 18:00"),) * 2)
    third = load_floor(root, cfg)
    assert opened == [CSV23]
    assert len(third.reports) == len(first.reports)


# The export forms of issue 15 (tests/fixtures/exports_floor, written by LibreOffice): a half-hour
# 时段 .xls of text cells and a pipe-separated English CSV. Figures worked out by hand:
#   1001 张三 (xls): 9:00-9:30 20/2 + 9:30-10:00 16/1 = the 9 o'clock row 36/3 ending 10:00;
#                    10:00-10:30 12/1 (connected '-', talk '—': not given) ends 10:30
#   1002 李四 (xls): 10/1 + 14/2 = 24/3 ending 10:00; 10:30-11:00 6/1 (the 10 o'clock row) ends 11:00
#   1003 Sumit Kumar (csv): 9:00 AM 30/3, 10:00 AM 20/2       (11/24/2026)
#   1004 Summer Li (csv):  09am to 10am 25/5 (11/24/2026), 10:00AM 15/1 (24/11/2026)
#   the 汇总 rows (6, 10), 总计 (11) and Totals: (6 of the CSV) are not data.
EXPORTS = "exports_floor"


def test_exports_ranking_at_1000(tmp_path):
    root = copy_floor(EXPORTS, tmp_path)
    code, _, rows, err = cli("ranking", root, "--date", "2026-11-24", "--at", "10:00")
    assert code == 0, err
    # 1004 5/25 = 0.2, 1002 3/24 = 0.125, 1003 3/30 = 0.1, 1001 3/36 = 0.083
    assert_ranking(rows, [(1, "1004", "Summer Li", "102", 25, 5), (2, "1002", "李四", "101", 24, 3),
                          (3, "1003", "Sumit Kumar", "102", 30, 3), (4, "1001", "张三", "101", 36, 3)])


def test_exports_ranking_at_1100(tmp_path):
    root = copy_floor(EXPORTS, tmp_path)
    code, _, rows, err = cli("ranking", root, "--date", "2026-11-24", "--at", "11:00")
    assert code == 0, err
    # 1004 6/40 = 0.15, 1002 4/30 = 0.133, 1003 5/50 = 0.1, 1001 4/48 = 0.083
    assert_ranking(rows, [(1, "1004", "Summer Li", "102", 40, 6), (2, "1002", "李四", "101", 30, 4),
                          (3, "1003", "Sumit Kumar", "102", 50, 5), (4, "1001", "张三", "101", 48, 4)])


def test_exports_check_counts_the_totals_rows_and_nothing_else(tmp_path):
    root = copy_floor(EXPORTS, tmp_path)
    code, _, problems, err = cli("check", root)
    assert code == 0, (err, problems)
    assert sorted((p["file"].split("/")[-1], row_no(p["row"]), p["severity"], p["message"]) for p in problems) == [
        ("agents_20261124.csv", "6", "info", "跳过 1 行合计/小计行：第 6 行"),
        ("坐席时段报表_2026-11-24.xls", "6", "info", "跳过 3 行合计/小计行：第 6、10、11 行")]
