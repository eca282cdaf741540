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



VICI = ('"Agent Performance Detail                        2026-11-24 10:00:05"\n'
        '"Time range: 2026-11-24 09:00:00 to 2026-11-24 09:59:59"\n\n'
        '"---------- AGENTS Details -------------"\n'
        '"USER NAME","ID","CURRENT USER GROUP","CALLS","TALK","SALE"\n'
        '"Li Wei","7001","101","40","0:25:10","4"\n')


def test_the_preview_says_where_the_slot_came_from_and_what_running_totals_mean(private_demo):
    (private_demo / "reports" / "AGENT_PERFORMACE_DETAIL_20261124-100005.csv").write_text(VICI, encoding="utf-8")
    (private_demo / "reports" / "unknown_10时.csv").write_text(CSV.replace("时间段,", "").replace(",9,", ","),
                                                               encoding="utf-8")
    at = open_page(PAGE)
    _box(at, "health_map_file").select("reports/AGENT_PERFORMACE_DETAIL_20261124-100005.csv").run()
    next(r for r in at.radio if r.key == "health_map_slot").set_value("title").run()
    _box(at, "health_map_volume").select("CALLS").run()
    _box(at, "health_map_handled").select("SALE").run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert "这个文件的时段：09:00–10:00（取自标题行）" in captions
    assert not any(c.startswith("累计数据") for c in captions)
    assert list(at.dataframe[-1].value["数据量"]) == [40]

    _box(at, "health_map_file").select("reports/unknown_10时.csv").run()
    next(r for r in at.radio if r.key == "health_map_slot").set_value("file").run()
    _box(at, "health_map_agent_id").select("坐席编码").run()
    _box(at, "health_map_volume").select("拨打数").run()
    _box(at, "health_map_handled").select("成单数").run()
    next(c for c in at.checkbox if c.key == "health_map_cumulative").check().run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert "这个文件的时段：10:00–11:00（取自文件名）" in captions
    assert any(c.startswith("累计数据：下表是这个文件中自早上起的累计数") for c in captions)


def test_one_column_chosen_for_two_fields_is_said_and_nothing_is_saved(private_demo):
    (private_demo / "reports" / "AGENT_PERFORMACE_DETAIL_20261124-100005.csv").write_text(VICI, encoding="utf-8")
    at = open_page(PAGE)
    assert _box(at, "health_map_volume").value == "" and _box(at, "health_map_handled").value == ""   # not guessed
    _box(at, "health_map_volume").select("CALLS").run()
    _box(at, "health_map_handled").select("CALLS").run()
    assert "「CALLS」被选为了 数据量、办理量" in at.warning[-1].value
    assert not any(b.key == "health_map_save" for b in at.button)
