"""`monthly` (groups, --agents, --senior-lead) and `weekly` on the demo center, checked against sums taken
straight from the demo's report workbooks (not through the loader)."""
from __future__ import annotations

import csv
import io
import subprocess
import sys
from collections import defaultdict

import pytest
from openpyxl import load_workbook
from pptx import Presentation
from python_calamine import CalamineWorkbook

from lib.cli.main import main
from tests.conftest import ROOT


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr().out
    return code, out


def csv_rows(out: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(out)))


@pytest.fixture(scope="module")
def raw(demo_dir):
    """Σ by group and by agent of November's demo reports, read cell by cell with calamine."""
    sums = {"group": defaultdict(lambda: defaultdict(float)), "agent": defaultdict(lambda: defaultdict(float))}
    for path in sorted((demo_dir / "reports").glob("2026-11-*.xlsx")):
        cells = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        head = next(i for i, r in enumerate(cells) if "工号" in r)
        names = cells[head]
        for line in cells[head + 1:]:
            r = dict(zip(names, line))
            agent = str(r["工号"])
            for key, who in (("group", None), ("agent", agent)):
                # a row names its group only for a substitute; otherwise the roster's: the id's 2nd digit
                g = r["组别"] or f"10{agent[1]}"
                bucket = sums[key][g if key == "group" else who]
                for col in ("数据量", "办理量", "接通量", "销售额"):
                    bucket[col] += float(r[col])
    return sums


def test_monthly_groups_match_the_raw_sums(capsys, demo_dir, raw):
    code, out = run(capsys, "monthly", "--data", str(demo_dir), "--month", "2026-11", "--format", "csv")
    assert code == 0
    assert out.splitlines()[0].startswith("group,volume,handled,rate,connected,connect_rate,sales,agents,days,")
    rows = {r["group"]: r for r in csv_rows(out)}
    for g in ("101", "103", "106"):
        s = raw["group"][g]
        assert float(rows[g]["volume"]) == s["数据量"] and float(rows[g]["handled"]) == s["办理量"]
        assert float(rows[g]["rate"]) == pytest.approx(s["办理量"] / s["数据量"])
        assert float(rows[g]["connect_rate"]) == pytest.approx(s["接通量"] / s["数据量"])
        assert float(rows[g]["sales"]) == s["销售额"]
    total = sum(s["办理量"] for s in raw["group"].values()) / sum(s["数据量"] for s in raw["group"].values())
    assert float(rows["103"]["rate_vs_center"]) == pytest.approx(s_rate(raw, "103") - total)


def s_rate(raw, g):
    return raw["group"][g]["办理量"] / raw["group"][g]["数据量"]


def test_monthly_agents_with_stars(capsys, demo_dir, raw):
    code, out = run(capsys, "monthly", "--data", str(demo_dir), "--month", "2026-11", "--agents", "--format", "csv")
    header = out.splitlines()[0].split(",")
    assert header[:8] == ["agent_id", "name", "group", "volume", "handled", "rate", "stars", "reason"]
    rows = {r["agent_id"]: r for r in csv_rows(out)}
    assert len(rows) == len(raw["agent"])
    a = rows["1301"]
    assert float(a["volume"]) == raw["agent"]["1301"]["数据量"]
    assert float(a["handled"]) == raw["agent"]["1301"]["办理量"]
    assert a["stars"] in {"1", "2", "3", "4", "5"} and a["reason"].endswith(f"→ {a['stars']}★")
    # 1301 dials 新华手机报 and, on wrong-task days, 手机阅读: its ratio is against those projects' rates
    assert 0.5 < float(a["rate_ratio"]) < 1.5


def test_monthly_senior_lead(capsys, demo_dir):
    code, out = run(capsys, "monthly", "--data", str(demo_dir), "--month", "2026-11", "--senior-lead")
    first = out.splitlines()[0]
    # the demo director rests at weekends; the senior lead acts on those up to the 25th
    assert first.startswith("资深组长 0803 ") and "代理日 11-01、11-07、11-14、11-15、11-21、11-22" in first
    assert "缺：部门经理未评分；中心主任未评分；员工未评分" in first and "业绩（50 分）" in out
    code, out = run(capsys, "monthly", "--data", str(demo_dir), "--month", "2026-11", "--senior-lead",
                    "--format", "csv")
    rows = csv_rows(out)
    assert rows[-1]["item"] == "总分" and rows[-1]["max_points"] == "100" and rows[-1]["senior_id"] == "0803"


def test_monthly_options_are_exclusive():
    p = subprocess.run([sys.executable, "-m", "lib.cli", "monthly", "--month", "2026-11", "--agents",
                        "--senior-lead"], cwd=ROOT, capture_output=True, text=True)
    assert p.returncode == 2 and "not allowed with argument" in p.stderr


def test_weekly_writes_a_deck_and_a_workbook(capsys, demo_dir, tmp_path, raw):
    deck = tmp_path / "pack.pptx"
    code, out = run(capsys, "weekly", "--data", str(demo_dir), "--week", "2026-W47", "--out", str(deck))
    assert code == 0 and "2026-W47 (2026-11-16 ~ 2026-11-22) 对比 2026-W46" in out
    prs = Presentation(str(deck))
    assert len(prs.slides) == 8    # the center, six groups, then the week's QA points lost
    book = tmp_path / "pack.xlsx"
    run(capsys, "weekly", "--data", str(demo_dir), "--week", "2026-W47", "--out", str(book))
    assert load_workbook(book).sheetnames[0] == "中心"


def test_weekly_refuses_a_bad_week_or_file():
    p = subprocess.run([sys.executable, "-m", "lib.cli", "weekly", "--week", "2026-47", "--out", "x.pptx"],
                       cwd=ROOT, capture_output=True, text=True)
    assert p.returncode == 2 and "use YYYY-Www" in p.stderr
    p = subprocess.run([sys.executable, "-m", "lib.cli", "weekly", "--week", "2026-W47", "--out", "x.pdf"],
                       cwd=ROOT, capture_output=True, text=True)
    assert p.returncode == 1 and "--out must end in .pptx or .xlsx" in p.stderr
