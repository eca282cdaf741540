"""The duty lead's desk in a real browser: copy the 11:00 broadcast, write the morning's duty log."""
from __future__ import annotations

import re
import subprocess
import sys

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from lib.store import open_store
from tests.conftest import ROOT
from tests.e2e.helpers import (DAY, DUTY, app_settings, expect, main_text, open_signed_in, open_tab, press, rerun,
                               shot, wait_cell)

NOTE = "101组上午外呼正常"


def cli_broadcast(app) -> str:
    """What `python -m lib.cli broadcast --at 11:00` prints for the same folder."""
    out = subprocess.run([sys.executable, "-m", "lib.cli", "broadcast", "--data", str(app.data),
                          "--date", DAY.isoformat(), "--at", "11:00"],
                         cwd=ROOT, env=app.env, capture_output=True, text=True, timeout=120, check=True)
    return out.stdout


def store(app):
    """The write-back store of the app's data folder."""
    return open_store(app_settings(app), app.data)


def open_last_cell_of_first_row(page, where: str):
    """Select a grid's first row, last column with the mouse and open its editor (Enter); the grid
    draws on a canvas, so the cell is found by position (the header and each row are 35px high)."""
    grid = page.locator(f'{where} [data-testid="stDataFrameResizable"]')
    grid.scroll_into_view_if_needed()
    editor = page.locator("textarea.gdg-input")
    for _ in range(3):   # the first click can land while the grid is still being laid out
        box = grid.bounding_box()
        page.mouse.click(box["x"] + box["width"] - 40, box["y"] + 35 + 17)
        page.keyboard.press("Enter")
        try:
            editor.wait_for(timeout=5_000)
            return editor
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    raise AssertionError("the grid's cell editor did not open")


def test_the_duty_lead_copies_the_1100_broadcast_and_writes_the_duty_log(page, app):
    # 12:30: the 11:00 broadcast is out and the morning is over, so its log may be written.
    open_signed_in(page, app.url + "/duty_desk?at=12:30", DUTY)
    expect(page.get_by_role("heading", name="值班台")).to_be_visible()
    assert "2026-11-25 12:30" in main_text(page)
    shot(page, "duty-1200-attendance.png")

    open_tab(page, "排名播报")
    expect(page.get_by_role("radiogroup", name="播报时间").get_by_role("radio", name="11:00")).to_be_checked()
    code = page.locator('[data-testid="stCode"]', has_text="【11:00 排名播报】")
    expect(code).to_be_visible()
    shown = code.inner_text()
    code.hover()
    code.get_by_role("button", name="Copy to clipboard").click()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    expected = cli_broadcast(app)
    assert copied.strip() == expected.strip()
    assert shown.strip() == expected.strip()
    shot(page, "duty-1200-broadcast-1100.png")

    open_tab(page, "值班日志")
    expect(page.get_by_role("radiogroup", name="时段").get_by_role("radio", name="上午")).to_be_checked()
    # The note of group 101 (first row, last column) typed into the grid, as a person does.
    wait_cell(page, "101")
    editor = open_last_cell_of_first_row(page, ".st-key-duty_log_edit_morning")
    editor.fill(NOTE)
    with rerun(page):
        editor.press("Enter")
    press(page, "duty_log_write")
    page.get_by_text("已写入值班日志 6 行。").wait_for()
    # the desk stays on the log, which now says it has been written
    expect(page.get_by_role("tab", name="值班日志")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_text(re.compile(f"该时段已于 .+ 由 {DUTY} 写入 6 组"))).to_be_visible()
    shot(page, "duty-1200-log-written.png")

    rows = store(app).read_day("duty_log", DAY)
    morning_rows = rows[rows["时段"] == "上午"]
    assert sorted(morning_rows["组别"]) == ["101", "102", "103", "104", "105", "106"]
    assert set(morning_rows["提交人"]) == {DUTY}
    notes = dict(zip(morning_rows["组别"], morning_rows["备注"]))
    assert notes["101"] == NOTE and notes["102"] == "", notes
