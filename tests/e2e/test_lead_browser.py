"""A lead's morning in a real browser: sign in, file attendance, score a recording, note a monitoring,
download the workbench as Excel and find every row in it."""
from __future__ import annotations

import re

from openpyxl import load_workbook

from tests.e2e.helpers import (LEAD, choose, download, enter, expect, main_text, open_signed_in, open_tab, press, shot,
                               table_cells, wait_cell)

ABSENT, SCORED, MONITORED = "1104", "1105", "1106"   # agents of 101 working on 2026-11-25 (roster)
RECORDING = "E2E-REC-0001"


def written(page, table: str) -> None:
    """Wait for the form's success line: "已写入<table> N 行。"."""
    page.get_by_text(re.compile(f"已写入{table} \\d+ 行")).wait_for()


def test_a_lead_files_attendance_scores_a_recording_notes_a_monitoring_and_exports(page, app, tmp_path):
    open_signed_in(page, app.url + "/lead", LEAD)
    expect(page.get_by_role("heading", name="组长工作台")).to_be_visible()
    assert "101组 · 2026-11-25 · 截至 11:05" in main_text(page)
    shot(page, "lead-1100-morning.png")

    # Attendance: the form shows the report sent at 8:50 (nobody absent); one agent off sick for the
    # day corrects that report.
    page.get_by_text("应出勤 8 人，实到 8 人").wait_for()
    page.get_by_text(re.compile(r"已提交 \d\d:\d\d")).wait_for()
    choose(page, "lead_att_absent", ABSENT)
    enter(page, f"lead_att_reason_{ABSENT}", "发烧请假")
    page.get_by_text("应出勤 8 人，实到 7 人").wait_for()
    press(page, "lead_att_submit")
    page.get_by_text("已更正本组今天的考勤。").wait_for()
    page.get_by_text("应出勤 8 人，实到 7 人").wait_for()   # the form keeps what was filed
    duty_text = page.locator('[data-testid="stCode"]', has_text="101组 2026-11-25 考勤")
    expect(duty_text).to_contain_text("应出勤8人，实到7人")
    expect(duty_text).to_contain_text(f"病假：{ABSENT}")
    expect(duty_text).to_contain_text("发烧请假")
    shot(page, "lead-1100-attendance-filed.png")

    # QA: one recording on the scorecard; the total is computed (需求挖掘 18 of 20 → 98 of 100).
    open_tab(page, "质检")
    choose(page, "lead_qa_agent", SCORED)
    enter(page, "lead_qa_recording", RECORDING)
    enter(page, "lead_qa_item_1", "18")
    enter(page, "lead_qa_notes", "开场规范，需求挖掘可再深入")
    page.locator('[data-testid="stMetric"]', has_text="总分").get_by_text("98 / 100").wait_for()
    press(page, "lead_qa_submit")
    written(page, "质检评分")
    wait_cell(page, RECORDING)
    assert RECORDING in table_cells(page) and "1 / 8" in main_text(page)   # coverage counts the new score
    shot(page, "lead-1100-qa-scored.png")

    # Monitoring: what was heard, what was done, the outcome.
    open_tab(page, "预警与监听")
    choose(page, "lead_mon_agent", MONITORED)
    enter(page, "lead_mon_reason", "开场白过长，客户挂断")
    enter(page, "lead_mon_action", "现场示范开场白")
    enter(page, "lead_mon_result", "已改善")
    press(page, "lead_mon_submit")
    written(page, "监听记录")
    wait_cell(page, "开场白过长，客户挂断")
    shot(page, "lead-1100-monitoring.png")

    # The Excel export holds the rows just written.
    path = download(page, "lead_export", tmp_path)
    assert path.name == "lead_101_2026-11-25.xlsx"
    wb = load_workbook(path, read_only=True)
    sheets = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    for name in ("考勤", "监听记录", "质检评分"):
        assert name in sheets, list(sheets)

    def rows(sheet: str) -> list[dict]:
        head, *body = sheets[sheet]
        return [dict(zip(head, r)) for r in body]

    att = rows("考勤")
    assert {r["组别"] for r in att} == {"101"}
    sick = [r for r in att if r["工号"] == ABSENT]
    assert len(sick) == 1 and sick[0]["类别"] == "病假" and sick[0]["原因"] == "发烧请假", sick
    qa = [r for r in rows("质检评分") if r["录音编号"] == RECORDING]
    assert len(qa) == 1 and qa[0]["工号"] == SCORED and qa[0]["总分"] == 98, qa
    mon = [r for r in rows("监听记录") if r["工号"] == MONITORED]
    assert len(mon) == 1 and mon[0]["触发原因"] == "开场白过长，客户挂断" and mon[0]["结果"] == "已改善", mon
