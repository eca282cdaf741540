"""The command line on the demo center: headers exactly as PRODUCT.md gives them, figures consistent."""
import csv
import datetime as dt
import io
import subprocess
import sys

import pytest

from lib.cli.main import main
from lib.demo.center import story
from tests.conftest import ROOT

DAY = dt.date(2026, 11, 25)


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr().out
    return code, list(csv.DictReader(io.StringIO(out))), out


def test_ranking_csv_header_order_and_rules(capsys, demo_dir):
    code, rows, out = run(capsys, "ranking", "--data", str(demo_dir), "--date", "2026-11-25", "--at", "11:00",
                          "--format", "csv")
    assert code == 0
    assert out.splitlines()[0].startswith("rank,agent_id,name,group,volume,handled,rate")
    ranked = [r for r in rows if r["rank"]]
    assert [int(r["rank"]) for r in ranked] == list(range(1, len(ranked) + 1))
    rates = [float(r["rate"]) for r in ranked]
    assert rates == sorted(rates, reverse=True)
    for r in ranked:   # the rate column is the ratio of the printed sums
        assert float(r["rate"]) == pytest.approx(float(r["handled"]) / float(r["volume"]), abs=1e-12)
    sub = story(DAY)["substitute"]
    assert next(r for r in rows if r["agent_id"] == sub)["group"] == "102"


def test_ranking_only_counts_slots_ended_by_the_time(capsys, demo_dir):
    _, at10, _ = run(capsys, "ranking", "--data", str(demo_dir), "--date", "2026-11-25", "--at", "10:00", "--format", "csv")
    _, at11, _ = run(capsys, "ranking", "--data", str(demo_dir), "--date", "2026-11-25", "--at", "11:00", "--format", "csv")
    v10 = sum(float(r["volume"]) for r in at10)
    v11 = sum(float(r["volume"]) for r in at11)
    assert 0 < v10 < v11


def test_group_filter(capsys, demo_dir):
    _, rows, _ = run(capsys, "ranking", "--data", str(demo_dir), "--date", "2026-11-25", "--at", "11:00",
                     "--group", "103", "--format", "csv")
    assert rows and {r["group"] for r in rows} == {"103"}


def test_duty_log_header_and_averages(capsys, demo_dir):
    _, rows, out = run(capsys, "duty-log", "--data", str(demo_dir), "--date", "2026-11-24", "--period", "day",
                       "--format", "csv")
    assert out.splitlines()[0] == "group,agents,volume,handled,rate,avg_volume,avg_handled"
    for r in rows:
        assert float(r["avg_volume"]) == pytest.approx(float(r["volume"]) / int(r["agents"]))
        assert float(r["rate"]) == pytest.approx(float(r["handled"]) / float(r["volume"]))


def test_flags_find_the_days_story(capsys, demo_dir):
    _, rows, out = run(capsys, "flags", "--data", str(demo_dir), "--date", "2026-11-25", "--at", "11:00", "--format", "csv")
    assert out.splitlines()[0].startswith("agent_id,name,group,kind,detail")
    s = story(DAY)
    kinds = {(r["agent_id"], r["kind"]) for r in rows}
    assert (s["wrong_task"], "wrong_task") in kinds
    assert (s["absent"], "no_data") in kinds
    assert (s["weak"], "low_rate") in kinds


def test_check_exit_code_and_header(capsys, demo_dir, tmp_path):
    code, rows, out = run(capsys, "check", "--data", str(demo_dir), "--format", "csv")
    assert code == 0 and rows == [] and out.startswith("file,sheet,row,column,severity,message")
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "bad.csv").write_text("日期,时段,工号,数据量,办理量\n2026-11-24,9,1,x,1\n", encoding="utf-8")
    code, rows, _ = run(capsys, "check", "--data", str(tmp_path), "--format", "csv")
    assert code == 1
    bad = [r for r in rows if r["file"] == "reports/bad.csv"]
    assert [(r["row"], r["column"], r["severity"]) for r in bad] == [("2", "数据量", "error")]


def test_monthly_by_group(capsys, demo_dir):
    _, rows, out = run(capsys, "monthly", "--data", str(demo_dir), "--month", "2026-11", "--format", "csv")
    assert out.splitlines()[0].startswith("group,volume,handled,rate")
    assert {r["group"] for r in rows} == {"101", "102", "103", "104", "105", "106"}


def test_bad_arguments_say_what_is_wrong():
    p = subprocess.run([sys.executable, "-m", "lib.cli", "ranking", "--date", "2026-13-01", "--at", "11:00"],
                       cwd=ROOT, capture_output=True, text=True)
    assert p.returncode == 2 and "not a date" in p.stderr


def test_text_output_is_a_readable_chinese_table(capsys, demo_dir):
    _, _, out = run(capsys, "ranking", "--data", str(demo_dir), "--date", "2026-11-25", "--at", "11:00")
    assert out.splitlines()[0].split() == ["排名", "工号", "姓名", "组别", "数据量", "办理量", "办理率"]
    assert "%" in out.splitlines()[2]


def test_check_lists_skipped_totals_rows_and_exits_0_for_info_alone(capsys, tmp_path):
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "r.csv").write_text(
        "日期|时段|工号|姓名|数据量|办理量\n2026-11-24|9|1001|Sumit Kumar|20|2\n2026-11-24|10|1001|Sumit Kumar|10|1\n"
        "合计||||30|3\n", encoding="utf-8")
    (tmp_path / "schedule.csv").write_text("日期,工号,姓名,组别,班次\n2026-11-24,1001,Sumit Kumar,101,A\n", encoding="utf-8")
    code, rows, _ = run(capsys, "check", "--data", str(tmp_path), "--format", "csv")
    assert code == 0
    assert [(r["file"], r["row"], r["severity"], r["message"]) for r in rows] == \
        [("reports/r.csv", "4", "info", "跳过 1 行合计/小计行：第 4 行")]
    _, rows, _ = run(capsys, "ranking", "--data", str(tmp_path), "--date", "2026-11-24", "--at", "11:00", "--format", "csv")
    assert [(r["agent_id"], r["name"], r["volume"], r["handled"]) for r in rows] == [("1001", "Sumit Kumar", "30", "3")]


def test_csv_output_never_carries_a_formula(capsys, tmp_path):
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "r.csv").write_text(
        '日期,时段,工号,姓名,组别,数据量,办理量\n2026-11-24,9,1001,"=HYPERLINK(""http://x"",""y"")",+101,20,2\n', encoding="utf-8")
    _, rows, out = run(capsys, "ranking", "--data", str(tmp_path), "--date", "2026-11-24", "--at", "11:00", "--format", "csv")
    assert rows[0]["name"] == "'=HYPERLINK(\"http://x\",\"y\")" and rows[0]["group"] == "'+101"
