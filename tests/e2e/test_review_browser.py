"""The manager's monthly review in a real browser: the month on screen, the review workbook and the
weekly meeting deck downloaded and opened."""
from __future__ import annotations

import csv
import io
import re
import subprocess
import sys

from openpyxl import load_workbook
from pptx import Presentation

from tests.conftest import ROOT
from tests.e2e.helpers import MANAGER, download, expect, open_signed_in, open_tab, shot

GROUPS = ["101", "102", "103", "104", "105", "106"]


def cli_monthly(app) -> dict[str, dict]:
    """`python -m lib.cli monthly --month 2026-11 --format csv` for the same folder, by group."""
    out = subprocess.run([sys.executable, "-m", "lib.cli", "monthly", "--data", str(app.data), "--month", "2026-11",
                          "--format", "csv"], cwd=ROOT, env=app.env, capture_output=True, text=True, timeout=120,
                         check=True)
    return {r["group"]: r for r in csv.DictReader(io.StringIO(out.stdout))}


def test_the_manager_opens_the_month_and_downloads_the_workbook_and_the_deck(page, app, tmp_path):
    open_signed_in(page, app.url + "/review", MANAGER)
    expect(page.get_by_role("heading", name="月度评估")).to_be_visible()
    expect(page.get_by_role("tab", name="组别排名")).to_have_attribute("aria-selected", "true")
    expect(page.locator(".st-key-review_month input")).to_have_value("2026-11（本月截至 11-25）")
    shot(page, "review-0801-groups.png")

    open_tab(page, "坐席排名与星级")
    expect(page.locator(".st-key-review_agent_group")).to_be_visible()
    shot(page, "review-0801-agents.png")
    open_tab(page, "资深组长考核")
    expect(page.get_by_role("heading", name=re.compile("^资深组长 ·"))).to_be_visible()
    shot(page, "review-0801-senior-lead.png")

    open_tab(page, "周会材料")
    expect(page.locator(".st-key-review_week_pptx button")).to_be_visible()
    shot(page, "review-0801-weekly.png")
    deck_path = download(page, "review_week_pptx", tmp_path)
    assert deck_path.name == "周会材料_2026-W47.pptx"
    deck = Presentation(str(deck_path))
    titles = [s.shapes.title.text for s in deck.slides]
    # a center slide, then one per group
    assert len(titles) >= 1 + len(GROUPS) and all(t.startswith("周会材料 2026-W47") for t in titles), titles
    for g in GROUPS:
        assert any(g in t for t in titles), (g, titles)

    week_path = download(page, "review_week_xlsx", tmp_path)
    assert week_path.name == "周会材料_2026-W47.xlsx"
    assert load_workbook(week_path, read_only=True).sheetnames[:3] == ["中心", "进步最大", "待提升"]

    open_tab(page, "导出")
    book_path = download(page, "review_export", tmp_path)
    assert book_path.name == "月度评估_2026-11.xlsx"
    wb = load_workbook(book_path, read_only=True)
    assert wb.sheetnames == ["组别排名", "坐席与星级", "每日趋势", "资深组长考核", "考核评分", "排班规则"]
    head, *body = [list(r) for r in wb["组别排名"].iter_rows(values_only=True)]
    groups = {str(r[head.index("组别")]): dict(zip(head, r)) for r in body}
    assert set(GROUPS) <= set(groups) and "中心" in groups, list(groups)
    cli = cli_monthly(app)
    for g in GROUPS:   # the workbook's month is the command line's
        assert groups[g]["数据量"] == int(cli[g]["volume"]) and groups[g]["办理量"] == int(cli[g]["handled"]), g
    agents = list(wb["坐席与星级"].iter_rows(values_only=True))
    assert len(agents) > 60    # the header and every agent of the month
