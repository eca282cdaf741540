"""Header mapping (issue 15 item 6): the likely header row, the guessed fields, the TOML, the saved config."""
from __future__ import annotations

import shutil

import pytest
import tomlkit

from lib.config import ConfigError, save_mapping
from lib.floor.load.headers import alias_map
from lib.floor.load.mapping import guess_fields, header_candidates, mapping_toml, new_aliases
from lib.floor.sources import RawSheet
from tests.conftest import ROOT

ROWS = [["坐席绩效 2026-11-24"], [""], ["坐席编码", "时间段", "拨打数", "成单数", "日期", "备注"],
        ["1001", "9", "40", "4", "2026-11-24", "x"], ["1002", 9, 30, 3, "2026-11-24", ""]]
CSV = "坐席绩效\n坐席编码,时间段,拨打数,成单数,日期\n1001,9,40,4,2026-11-24\n1002,9,30,3,2026-11-24\n"


def test_the_header_row_is_the_row_of_words_under_the_title():
    found = header_candidates(RawSheet("r.csv", "", ROWS), 30, alias_map("reports", {}))
    assert found[0].index == 2 and list(found[0].labels.values())[:3] == ["坐席编码", "时间段", "拨打数"]


def test_fields_are_guessed_from_aliases_then_by_similarity_and_the_toml_says_the_rest():
    aliases = alias_map("reports", {})
    labels = dict(enumerate(ROWS[2]))
    choices = guess_fields(labels, aliases)
    assert choices["hour"] == "时间段" and choices["date"] == "日期" and choices["volume"] == "拨打数"
    assert "备注" not in choices.values()
    assert new_aliases(choices, aliases)["volume"] == ["拨打数"] and "hour" not in new_aliases(choices, aliases)
    toml = mapping_toml(choices, ROWS[2], aliases, "column", True)
    assert 'volume = ["拨打数"]   # 数据量' in toml and "cumulative = true" in toml
    assert '# sales = ["…"]   # 销售额 (optional): one of "坐席编码", "时间段"' in toml
    assert "# hour" not in mapping_toml(choices, ROWS[2], aliases, "title").split("[reports]")[0].replace(
        "# slot: from the title line", "")


def test_save_keeps_comments_validates_and_replaces(tmp_path):
    cfg = tmp_path / "config.toml"
    shutil.copy(ROOT / "config.toml", cfg)
    save_mapping(cfg, {"volume": ["拨打数"], "handled": ["成单数"]}, cumulative=True)
    text = cfg.read_text(encoding="utf-8")
    doc = tomlkit.parse(text)
    assert list(doc["aliases"]["volume"]) == ["拨打数"] and doc["reports"]["cumulative"] is True
    assert "# Header aliases: the defaults of DATA.md are built in" in text and '# agent_id = ["话务员编号"]' in text
    save_mapping(cfg, {"volume": ["拨打数", "Dials2"]})
    assert list(tomlkit.parse(cfg.read_text(encoding="utf-8"))["aliases"]["volume"]) == ["拨打数", "Dials2"]
    before = cfg.read_text(encoding="utf-8")
    with pytest.raises(ConfigError):
        save_mapping(cfg, {"volume": [3]})   # not a header name: the file stays as it was
    assert cfg.read_text(encoding="utf-8") == before and not list(tmp_path.glob(".config-*"))


def test_cli_suggests_the_toml_and_the_saved_mapping_makes_the_file_rank(tmp_path, monkeypatch, capsys):
    from lib.cli.main import main
    (tmp_path / "floor" / "reports").mkdir(parents=True)
    f = tmp_path / "floor" / "reports" / "x.csv"
    f.write_text(CSV, encoding="utf-8")
    cfg = tmp_path / "config.toml"
    shutil.copy(ROOT / "config.toml", cfg)
    monkeypatch.setenv("DASHBOARD_CONFIG", str(cfg))
    assert main(["mapping", "suggest", str(f)]) == 0
    out = capsys.readouterr().out
    assert "header on row 2" in out and 'agent_id = ["坐席编码"]' in out and 'volume = ["拨打数"]' in out
    args = ["ranking", "--data", str(tmp_path / "floor"), "--date", "2026-11-24", "--at", "10:00", "--format", "csv"]
    main(args)
    assert "1001" not in capsys.readouterr().out
    save_mapping(cfg, {"agent_id": ["坐席编码"], "volume": ["拨打数"], "handled": ["成单数"]})
    assert main(args) == 0
    ranked = capsys.readouterr().out
    assert "1001" in ranked and "1002" in ranked


def test_cli_does_not_guess_vicidials_calls_or_sale_nor_english_look_alikes(tmp_path, monkeypatch, capsys):
    from lib.cli.main import main
    src = ROOT / "tests" / "fixtures" / "vicidial_floor" / "reports" / "AGENT_PERFORMACE_DETAIL_20261124-100005.csv"
    monkeypatch.setenv("DASHBOARD_CONFIG", str(ROOT / "config.toml"))
    assert main(["mapping", "suggest", str(src)]) == 0
    lines = [ln for ln in capsys.readouterr().out.splitlines() if ln and not ln.startswith("#")]
    # CALLS, SALE, TIME, DISPO, DEAD, PAUSE are not guessed: the person says which is which
    assert lines == ["[aliases]", "[reports]", "cumulative = false"]
    out_zh = main(["mapping", "suggest", str(src)]) == 0 and capsys.readouterr().out
    assert '# volume = ["…"]   # 数据量 (required)' in out_zh
    assert "# date = [\"…\"]   # 日期 (optional: the title line or the file name gives it)" in out_zh
    assert "# slot: from the title line" in out_zh
