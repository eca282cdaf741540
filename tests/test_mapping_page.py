"""The mapping screen of 数据检查 (AppTest): an export of unknown headers is listed as not read, mapped
field by field, saved into the config file (comments kept) and read from then on."""
from __future__ import annotations

import os

import tomlkit

from tests.conftest import open_page

PAGE = "pages/data_health.py"
CSV = "坐席编码,时间段,拨打数,成单数,日期\n7001,9,40,4,2026-11-24\n7002,9,30,6,2026-11-24\n"


def _box(at, key):
    return next(s for s in at.selectbox if s.key == key)


def test_an_unknown_export_is_mapped_saved_and_then_read(private_demo, capsys):
    (private_demo / "reports" / "unknown.csv").write_text(CSV, encoding="utf-8")
    at = open_page(PAGE)
    files = _box(at, "health_map_file")
    assert files.value == "reports/unknown.csv" and files.format_func("reports/unknown.csv").endswith("（未读取）")
    problem = [m for m in at.dataframe[0].value["问题"] if "数据量（可用的表头：" in m]
    assert problem and "表头对应" in problem[0]
    _box(at, "health_map_agent_id").select("坐席编码").run()
    _box(at, "health_map_volume").select("拨打数").run()
    _box(at, "health_map_handled").select("成单数").run()
    assert not at.exception
    preview = at.dataframe[-1].value   # problems, files, the file's first rows, the preview
    assert list(preview["工号"]) == ["7002", "7001"] and list(preview["办理量"]) == [6, 4]
    next(b for b in at.button if b.key == "health_map_save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    text = open(os.environ["DASHBOARD_CONFIG"], encoding="utf-8").read()
    doc = tomlkit.parse(text)
    assert list(doc["aliases"]["volume"]) == ["拨打数"] and list(doc["aliases"]["handled"]) == ["成单数"]
    assert list(doc["aliases"]["agent_id"]) == ["坐席编码"]
    assert "# Header aliases: the defaults of DATA.md are built in" in text
    assert _box(at, "health_map_file").format_func("reports/unknown.csv") == "reports/unknown.csv"   # read now
    assert "已保存 3 个表头名称。" in [s.value for s in at.success]
    from lib.cli.main import main
    capsys.readouterr()
    assert main(["ranking", "--data", str(private_demo), "--date", "2026-11-24", "--at", "10:00",
                 "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "7001" in out and "7002" in out

