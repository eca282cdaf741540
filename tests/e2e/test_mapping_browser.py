"""The mapping screen in a real browser (issue 15 item 6): an export whose headers the floor does not
know is listed as not read on 数据检查; a manager maps its columns and saves; the server's config file
(a temporary copy, never the repo's config.toml) holds the aliases, the page no longer lists the file
as unread, and the ranking has its agents."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest
import tomlkit

from tests.conftest import ROOT
from tests.e2e.helpers import MANAGER, choose, expect, main_text, open_signed_in, press, shot

CSV = "坐席编码,时间段,拨打数,成单数,日期\n7001,10,40,4,2026-11-25\n7002,10,30,6,2026-11-25\n"


def unknown_export(data):
    (data / "reports" / "unknown_export.csv").write_text(CSV, encoding="utf-8")


pytestmark = pytest.mark.parametrize("app", [unknown_export], indirect=True)


def test_an_unknown_export_is_mapped_saved_and_ranks(page, app):
    assert app.config.resolve() != (ROOT / "config.toml").resolve()
    repo_config = (ROOT / "config.toml").read_text(encoding="utf-8")
    open_signed_in(page, app.url + "/data_health", MANAGER)
    box = page.locator('.st-key-health_map_file [role="combobox"]')
    expect(box).to_have_value("reports/unknown_export.csv（未读取）")   # the unread files come first
    for field, column in (("agent_id", "坐席编码"), ("volume", "拨打数"), ("handled", "成单数")):
        field_box = page.locator(f'.st-key-health_map_{field} [role="combobox"]')
        if field_box.input_value() != column:   # the screen's guess may have it already
            choose(page, f"health_map_{field}", column)
        expect(field_box).to_have_value(column)
    shot(page, "mapping-1105-unknown-export.png")
    press(page, "health_map_save")
    expect(page.get_by_text("已保存 3 个表头名称。")).to_be_visible()
    page.reload()   # a fresh page: no report is unread now, so the list starts with the first by name
    expect(box).to_have_value(re.compile(r"^reports/\S+$"))
    expect(box).not_to_have_value(re.compile("未读取"))
    doc = tomlkit.parse(app.config.read_text(encoding="utf-8"))
    assert list(doc["aliases"]["volume"]) == ["拨打数"] and list(doc["aliases"]["agent_id"]) == ["坐席编码"]
    assert "# Header aliases: the defaults of DATA.md are built in" in app.config.read_text(encoding="utf-8")
    assert (ROOT / "config.toml").read_text(encoding="utf-8") == repo_config
    assert "错误\n\n0\n" in main_text(page)   # the export is no longer an unread file
    out = subprocess.run([sys.executable, "-m", "lib.cli", "ranking", "--data", str(app.data), "--date",
                          "2026-11-25", "--at", "11:00", "--format", "csv"], cwd=ROOT, env=app.env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "7001" in out.stdout and "7002" in out.stdout
