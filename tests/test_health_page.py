"""The data-health page on a floor of many problems: how many of each severity were found, then the
problems table a page (lib.ui.tables.PAGE_ROWS rows) at a time with a page picker, filtered by
severity and by file. Never more than one page of rows is drawn.

The floor: the demo, plus five report files of 80 unreadable rows each (an error a row: 50 listed,
then one line counting the other 30, lib.floor.load.problems.PER_FILE) and one of 10 rows whose
办理量 exceeds the 数据量 (a warning a row): 5 × 51 + 10 = 265 rows in the table, 2 pages.
"""
from __future__ import annotations

import pandas as pd
import pytest

from lib.floor.load.problems import PER_FILE, Problems, capped, problems_frame, severity_counts
from lib.ui.tables import PAGE_ROWS
from tests.conftest import open_page

HEADER = "日期,时段,工号,姓名,组别,项目,数据量,接通量,办理量,销售额,通话时长\n"
FILES, BAD = 5, 80
ROWS = FILES * (PER_FILE + 1) + 10
PAGE = "pages/data_health.py"


@pytest.fixture
def many_problems(private_demo):
    for k in range(FILES):
        lines = [f"2026-11-24,9,X{k}{i:03d},N,101,P,abc,10,3,,\n" for i in range(BAD)]
        (private_demo / "reports" / f"bad-{k}.csv").write_text(HEADER + "".join(lines), encoding="utf-8")
    agents = [f"{1101 + i}" for i in range(10)]   # on the demo's roster: no unknown-agent warning
    lines = [f"2026-11-24,9,{a},N,,P,10,5,30,,\n" for a in agents]
    (private_demo / "reports" / "warn.csv").write_text(HEADER + "".join(lines), encoding="utf-8")
    return private_demo


def _problems(at) -> pd.DataFrame:
    return at.dataframe[0].value   # the problems table comes first, the files after it


def _picker(at):
    return next((s for s in at.selectbox if s.key == "health_page"), None)


def test_counts_every_problem_found_and_shows_the_first_page(many_problems):
    at = open_page(PAGE)
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["错误"], metrics["警告"], metrics["提示"]) == (str(FILES * BAD), "10", "0")
    shown = _problems(at)
    assert len(shown) == PAGE_ROWS
    assert _picker(at).options == ["第 1 / 2 页", "第 2 / 2 页"] and _picker(at).value == 1
    assert f"第 1–{PAGE_ROWS} 行，共 {ROWS} 行" in [c.value for c in at.caption]
    more = shown[shown["问题"].str.startswith("另有")]
    assert len(more) == 4 and more["问题"].str.startswith(f"另有 {BAD - PER_FILE} 个问题未列出").all()


def test_the_picker_moves_pages_and_the_pages_hold_every_row_once(many_problems):
    at = open_page(PAGE)
    first = _problems(at)
    _picker(at).select(2).run()
    assert not at.exception
    second = _problems(at)
    assert len(second) == ROWS - PAGE_ROWS and _picker(at).value == 2
    assert f"第 {PAGE_ROWS + 1}–{ROWS} 行，共 {ROWS} 行" in [c.value for c in at.caption]
    both = pd.concat([first, second])
    assert len(both.drop_duplicates(["文件", "行", "问题"])) == ROWS
    assert (second["文件"] == "reports/warn.csv").sum() == 10   # the last file's rows are on the last page
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["错误"] == str(FILES * BAD)                  # the counts do not follow the page


def test_filters_by_file_and_severity_and_a_shorter_list_starts_at_page_one(many_problems):
    at = open_page(PAGE)
    _picker(at).select(2).run()
    at.selectbox(key="health_file").select("reports/bad-2.csv").run()
    shown = _problems(at)
    assert len(shown) == PER_FILE + 1 and set(shown["文件"]) == {"reports/bad-2.csv"}
    assert _picker(at) is None                                  # one page: no picker
    assert f"第 1–{PER_FILE + 1} 行，共 {PER_FILE + 1} 行" in [c.value for c in at.caption]
    at.selectbox(key="health_file").select("").run()            # all files again
    at.multiselect(key="health_levels").set_value(["warning"]).run()
    shown = _problems(at)
    assert len(shown) == 10 and set(shown["级别"]) == {"警告"} and set(shown["文件"]) == {"reports/warn.csv"}
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["错误"], metrics["警告"]) == (str(FILES * BAD), "10")   # every problem, whatever is shown


def test_english_labels_and_messages(many_problems):
    at = open_page(PAGE, lang="en")
    assert {"Errors", "Warnings", "Info"} <= {m.label for m in at.metric}
    assert _picker(at).label == "Page" and _picker(at).options[1] == "page 2 of 2"
    assert f"rows 1–{PAGE_ROWS} of {ROWS}" in [c.value for c in at.caption]
    assert at.selectbox(key="health_file").options[0] == "All files"
    assert _problems(at).iloc[0].astype(str).str.contains("more problems not listed").any()


def test_severity_counts_reads_the_more_lines():
    p = Problems(cap=2)
    for i, severity in enumerate(["error", "warning", "info", "info", "warning"]):
        p.add("a.csv", "", i + 2, "", severity, "z", "e")
    p.add("b.csv", "", 2, "", "info", "z", "e")
    df = problems_frame(capped(p.listed(), cap=2))
    assert len(df) == 4                                          # a.csv: two rows and its 'more' line; b.csv
    assert severity_counts(df) == {"error": 1, "warning": 2, "info": 3}
    assert severity_counts(problems_frame([])) == {"error": 0, "warning": 0, "info": 0}
