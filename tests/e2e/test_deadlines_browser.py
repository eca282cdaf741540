"""The day's red items in a real browser: at 11:05 groups 105 and 106 have not filed attendance (the demo's
four early groups did by 08:50), so the duty desk's menu entry and its top say so; the lead of 105 files
in another browser, and the duty lead's next look counts one fewer, 105 no longer among them."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

from tests.e2e.helpers import (DUTY, PASSWORD, RUN_COUNTER, TIMEOUT_MS, expect, key, open_signed_in, press, settled,
                               shot)

LEAD_105 = "1500"   # lib.demo.center.build_roster: group 105's lead, at work on 2026-11-25


def _context(browser):
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(RUN_COUNTER)
    return context


def _count(page) -> int:
    """The red count the duty desk's menu entry carries ("值班台 7"), which its top box repeats."""
    entry = page.locator('[data-testid="stSidebarNav"]').get_by_text(re.compile(r"^值班台 \d+$"))
    n = int(entry.inner_text().split()[-1])
    expect(page.get_by_text(f"{n} 项逾期", exact=True)).to_be_visible()
    return n


def test_the_duty_desks_red_count_goes_down_as_a_lead_files(browser, app):
    from lib.people.accounts import add_user
    with open(app.config, "rb") as fh:
        add_user(Path(tomllib.load(fh)["auth"]["users_file"]), LEAD_105, PASSWORD)
    duty_ctx, lead_ctx = _context(browser), _context(browser)
    try:
        duty = duty_ctx.new_page()
        open_signed_in(duty, app.url + "/duty_desk", DUTY)
        before = _count(duty)
        red = duty.locator('[data-testid="stAlertContentError"]').first
        expect(red).to_contain_text("105组（侯英萍）未报考勤，应于 08:50 前报，已晚 2 小时 15 分钟")
        expect(red).to_contain_text("106组")
        shot(duty, "deadlines-duty-before.png")

        lead = lead_ctx.new_page()
        open_signed_in(lead, app.url + "/lead", LEAD_105)
        expect(lead.locator('[data-testid="stAlertContentError"]').first).to_contain_text("105组（侯英萍）未报考勤")
        press(lead, "lead_att_submit")   # everyone present: the report as the form stands
        lead.get_by_text(re.compile(r"已提交 \d\d:\d\d")).wait_for()
        shot(lead, "deadlines-lead-105-filed.png")

        duty.reload()
        duty.locator(key("sidebar_sign_out")).wait_for()
        settled(duty)
        assert _count(duty) == before - 1
        red = duty.locator('[data-testid="stAlertContentError"]').first
        expect(red).not_to_contain_text("105组（侯英萍）未报考勤")
        expect(red).to_contain_text("106组")
        shot(duty, "deadlines-duty-after.png")
    finally:
        duty_ctx.close()
        lead_ctx.close()
