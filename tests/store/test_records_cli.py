"""`records import|export`: validated all-or-none imports, exports with the OWASP prefix."""
from __future__ import annotations

import argparse
import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from lib.cli.main import main
from lib.cli.records import add_parsers as add_records_parser
from lib.store.safe import put_value
from tests.store.conftest import CORPUS, ROOT, local_store

HEADER = ["日期", "工号", "姓名", "组别", "项目", "录音编号", "态度", "总分", "分析指导"]


def write_csv(path: Path, rows: list[list], encoding: str = "utf-8-sig") -> Path:
    buf = io.StringIO()
    csv.writer(buf).writerows([HEADER, *rows])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list], title_row: bool = True) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "质检评分"
    if title_row:
        ws.append(["2026年11月 质检评分"])
        ws.append([])
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, str) and c.value.startswith("="):
                put_value(c, c.value)          # typed as text ('=SUM(A1)), as a user keeps it
            if c.column == 2 and isinstance(c.value, str):
                c.number_format = "@"
    wb.save(path)
    return path


def run(*argv: str) -> int:
    return main(["records", *argv])


def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    d.mkdir(exist_ok=True)
    return d


def test_import_csv_then_export_csv_with_owasp_prefix(tmp_path, capsys):
    d = data_dir(tmp_path)
    rows = [["2026-11-25", v, "张三", "101组", "", "REC1", 5, 90, v] for v in CORPUS[:9]]
    assert run("import", "qa", str(write_csv(tmp_path / "qa.csv", rows)), "--data", str(d), "--by", "lead01") == 0
    assert "imported 9 row(s) into 质检评分 (qa)" in capsys.readouterr().out
    df = local_store(d).read_day("qa", "2026-11-25")
    assert df["工号"].tolist() == CORPUS[:9] and df["提交人"].tolist() == ["lead01"] * 9
    assert run("export", "qa", "--date", "2026-11-25", "--data", str(d)) == 0
    out = capsys.readouterr().out
    got = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    expected = {"=1+1": "'=1+1", '=HYPERLINK("http://x","y")': '\'=HYPERLINK("http://x","y")', "+cmd": "'+cmd",
                "-2+3": "'-2+3", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "\rx": "'\rx", "＝1+1": "'＝1+1",
                "007": "007"}
    assert [r["工号"] for r in got] == list(expected.values())
    assert [r["分析指导"] for r in got] == list(expected.values())
    assert got[0]["日期"] == "2026-11-25" and got[0]["总分"] == "90"


def test_import_xlsx_with_title_rows_and_text_ids(tmp_path):
    d = data_dir(tmp_path)
    f = write_xlsx(tmp_path / "qa.xlsx", [["2026-11-25", "007", "张三", "101组", "", "0001", 5, 90, "好"],
                                          ["2026/11/26", "0123", "李四", "101组", "", "0002", 4, 85.5, "=SUM(A1)"]])
    assert run("import", "qa", str(f), "--data", str(d)) == 0
    df = local_store(d).read_month("qa", "2026-11")
    assert df["工号"].tolist() == ["007", "0123"] and df["录音编号"].tolist() == ["0001", "0002"]
    assert df["总分"].tolist() == [90.0, 85.5] and df["分析指导"].tolist() == ["好", "=SUM(A1)"]


def test_a_bad_file_changes_nothing_and_names_file_rows_and_columns(tmp_path, capsys):
    d = data_dir(tmp_path)
    run("import", "qa", str(write_csv(tmp_path / "ok.csv", [["2026-11-25", "001", "甲", "101组", "", "", 5, 90, ""]])),
        "--data", str(d))
    before = {p: p.read_bytes() for p in (d / "records").rglob("*.xlsx")}
    capsys.readouterr()
    bad = write_csv(tmp_path / "bad.csv", [
        ["2026-11-25", "002", "乙", "101组", "", "", 5, 88, "fine"],
        ["2026-11-26", "003", "丙", "101组", "", "", 5, "九十", "bad figure"],
        ["2026-11-27", "", "丁", "101组", "", "", 5, 70, "no id"],
        ["11/28", "005", "戊", "101组", "", "", 5, 70, "bad date"],
    ])
    assert run("import", "qa", str(bad), "--data", str(d)) == 1
    err = capsys.readouterr().err
    assert f"{bad}, row 3, column 总分: not a number: '九十'" in err
    assert f"{bad}, row 4, column 工号: is required" in err
    assert f"{bad}, row 5, column 日期: not a date" in err
    assert "rows 3, 4, 5" in err and "nothing was imported" in err
    assert {p: p.read_bytes() for p in (d / "records").rglob("*.xlsx")} == before
    assert len(local_store(d).read_month("qa", "2026-11", history=True)) == 1


def test_unknown_columns_tables_and_unreadable_files(tmp_path, capsys):
    d = data_dir(tmp_path)
    f = tmp_path / "att.csv"
    f.write_text("日期,组别,备注\n2026-11-25,101组,x\n", encoding="utf-8")
    assert run("import", "attendance", str(f), "--data", str(d)) == 1
    assert "row 2, column 备注: not a column of 考勤 (attendance)" in capsys.readouterr().err
    assert run("import", "nosuch", str(f), "--data", str(d)) == 1
    assert "unknown write-back table 'nosuch'" in capsys.readouterr().err
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"nope")
    assert run("import", "qa", str(junk), "--data", str(d)) == 1
    assert f"{junk}: not a readable workbook" in capsys.readouterr().err
    no_header = tmp_path / "nh.csv"
    no_header.write_text("a,b\n1,2\n", encoding="utf-8")
    assert run("import", "qa", str(no_header), "--data", str(d)) == 1
    assert "no header row with 日期" in capsys.readouterr().err
    assert not (d / "records").exists() or not list((d / "records").rglob("*.xlsx"))


def test_importing_the_same_file_twice_adds_nothing(tmp_path, capsys):
    d = data_dir(tmp_path)
    f = write_csv(tmp_path / "qa.csv", [["2026-11-25", "001", "甲", "101组", "", "", 5, 90, ""]], encoding="gbk")
    assert run("import", "qa", str(f), "--data", str(d)) == 0
    assert run("import", "qa", str(f), "--data", str(d)) == 0
    assert "0 row(s)" in capsys.readouterr().out.splitlines()[-1]
    assert len(local_store(d).read_day("qa", "2026-11-25", history=True)) == 1


def test_export_xlsx_has_no_formula_and_month_history(tmp_path, capsys):
    d = data_dir(tmp_path)
    st = local_store(d)
    [a] = st.append("monitoring", [{"日期": "2026-11-03", "工号": "007", "处理措施": "=1+1"}], "lead")
    st.correct("monitoring", a, {"日期": "2026-11-03", "工号": "007", "处理措施": "+改过"}, "lead")
    out = tmp_path / "m.xlsx"
    assert run("export", "monitoring", "--month", "2026-11", "--data", str(d), "--format", "xlsx",
               "--out", str(out), "--history") == 0
    ws = load_workbook(out).active
    assert [c.value for c in ws[1]][:3] == ["日期", "时段", "工号"]
    assert [r[5].value for r in ws.iter_rows(min_row=2)] == ["=1+1", "+改过"]
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    assert ws["A2"].value == "2026-11-03" and ws["C2"].value == "007"


def test_parser_plugs_into_another_command_line():
    p = argparse.ArgumentParser()
    add_records_parser(p.add_subparsers(dest="command", required=True))
    args = p.parse_args(["records", "export", "qa", "--date", "2026-11-25", "--data", "x", "--format", "xlsx"])
    assert args.func.__name__ == "run" and args.table == "qa" and args.format == "xlsx"
    with pytest.raises(SystemExit):
        p.parse_args(["records", "export", "qa", "--date", "2026-11-25", "--month", "2026-11"])


def test_module_runs_on_its_own(tmp_path):
    r = subprocess.run([sys.executable, "-m", "lib.cli", "records", "export", "qa", "--date",
                        "2026-11-25", "--data", str(data_dir(tmp_path))], cwd=ROOT, capture_output=True)
    assert r.returncode == 0 and r.stdout.decode("utf-8-sig").startswith("日期,工号")
