"""A file of junk in reports/ costs its read and one short list of problems, and nothing else breaks.

Problems are listed up to PER_FILE per file, the rest counted in one line per file (by severity);
a report sheet whose first SAMPLE data rows hold not one readable row is left out as a whole
with one error, without splitting the rest of its rows.
"""
from __future__ import annotations

import random
import shutil
import string
from pathlib import Path

import pandas as pd

from lib.config import settings_from_dict
from lib.floor.cache import clear_cache, load_floor
from lib.floor.load import parse_file
from lib.floor.load.problems import PER_FILE, Problems, capped
from lib.floor.load.reports import SAMPLE
from lib.floor.metrics import ranking_at
from lib.floor.sources import local

FIXTURE = Path(__file__).parent / "fixtures" / "messy_floor"
HEADER = "日期,时段,工号,姓名,组别,项目,数据量,接通量,办理量,销售额,通话时长\n"


def _junk(path: Path, rows: int) -> None:
    r = random.Random(3)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(HEADER)
        for _ in range(rows):
            fh.write(",".join("".join(r.choice(string.ascii_letters) for _ in range(6)) for _ in range(11)) + "\n")


def _floor(root: Path):
    clear_cache()
    return load_floor(root, settings_from_dict({}, root))


def test_a_junk_csv_is_one_error_and_the_rest_of_the_floor_is_unchanged(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "f")
    before = _floor(tmp_path / "f")
    _junk(tmp_path / "f" / "reports" / "junk.csv", 5000)
    after = _floor(tmp_path / "f")
    mine = after.problems[after.problems["file"] == "reports/junk.csv"]
    assert len(mine) <= PER_FILE + 1
    whole = mine[mine["row"].isna()]
    assert whole["message"].str.contains("不像坐席日报告").any()
    assert whole["message_en"].str.contains("about 5000 rows").any()
    assert (mine["severity"] == "error").all()
    # everything else reads as before: the same problems, the same ranking
    others = after.problems[after.problems["file"] != "reports/junk.csv"].reset_index(drop=True)
    pd.testing.assert_frame_equal(others, before.problems)
    day = pd.Timestamp("2026-11-24").date()
    pd.testing.assert_frame_equal(ranking_at(after.reports, day, 18 * 60, 10), ranking_at(before.reports, day, 18 * 60, 10))


def test_the_top_of_a_junk_csv_is_read_without_splitting_the_rest(tmp_path):
    (tmp_path / "reports").mkdir()
    _junk(tmp_path / "reports" / "junk.csv", 3000)
    [ref] = [r for r in local.list_files(tmp_path) if r.rel == "reports/junk.csv"]
    [sheet] = local.read_file(ref)
    parsed = parse_file(ref, settings_from_dict({}, tmp_path))
    assert parsed.frame is None and sheet._rows is None      # only the top was split into cells
    [sheet] = local.read_file(ref)
    assert len(sheet.rows) == 3001 and sheet.size_hint() == 3001


def test_a_report_with_a_few_good_rows_keeps_them_and_counts_the_problems_past_fifty(tmp_path):
    (tmp_path / "reports").mkdir()
    lines = [HEADER]
    for i in range(SAMPLE + 300):   # every third row is good, the others have an unreadable 数据量
        vol = "30" if i % 3 == 0 else "abc"
        lines.append(f"2026-11-24,9,{1000 + i},N{i},101,P,{vol},10,3,,\n")
    (tmp_path / "reports" / "r.csv").write_text("".join(lines), encoding="utf-8")
    parsed = parse_file([r for r in local.list_files(tmp_path)][0], settings_from_dict({}, tmp_path))
    assert len(parsed.frame) == (SAMPLE + 300 + 2) // 3            # 167 good rows kept
    bad = SAMPLE + 300 - len(parsed.frame)                         # 333 rows left out, each with a problem
    listed = [p for p in parsed.problems if "more" not in p]
    [more] = [p for p in parsed.problems if "more" in p]
    assert len(listed) == PER_FILE and more["more"] == {"error": bad - PER_FILE}
    assert more["message"].startswith(f"另有 {bad - PER_FILE} 个问题未列出（错误 {bad - PER_FILE}）")
    assert more["message_en"].startswith(f"{bad - PER_FILE} more problems not listed ({bad - PER_FILE} errors)")


def test_capped_merges_counts_and_keeps_the_first_problems_per_file():
    p = Problems(cap=2)
    for i in range(5):
        p.add("a.csv", "", i, "", "warning" if i % 2 else "error", f"z{i}", f"e{i}")
    p.add("b.csv", "", 1, "", "info", "z", "e")
    rows = p.listed() + [{"file": "a.csv", "sheet": "", "row": 9, "column": "", "severity": "warning",
                          "message": "late", "message_en": "late"}]
    out = capped(rows, cap=2)
    assert [(r["file"], r["row"]) for r in out if "more" not in r] == [("a.csv", 0), ("a.csv", 1), ("b.csv", 1)]
    [more] = [r for r in out if "more" in r]
    assert more["more"] == {"error": 2, "warning": 2} and more["severity"] == "error"
