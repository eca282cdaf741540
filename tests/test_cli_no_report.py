"""Issue 15 item 10: ranking, duty-log, flags and monthly exit 3, with a message on stderr in Chinese
and English, when the asked day (month) has no readable report at all."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(data: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DASHBOARD_CONFIG"}
    return subprocess.run([sys.executable, "-m", "lib.cli", *args, "--data", str(data)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def floor(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("noreport")
    (root / "reports").mkdir()
    (root / "schedule.csv").write_text("日期,工号,姓名,组别,班次\n2026-11-24,1001,张三,101,A\n", encoding="utf-8")
    (root / "reports" / "junk.csv").write_text("foo,bar\n1,2\n", encoding="utf-8")            # not a report
    (root / "reports" / "2026-10-30.csv").write_text("时段,工号,数据量,办理量\n9,1001,10,1\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("args, what", [
    (["ranking", "--date", "2026-11-24", "--at", "11:00"], "2026-11-24"),
    (["duty-log", "--date", "2026-11-24", "--period", "day"], "2026-11-24"),
    (["flags", "--date", "2026-11-24", "--at", "11:00"], "2026-11-24"),
    (["monthly", "--month", "2026-11"], "2026-11"),
    (["monthly", "--month", "2026-11", "--agents"], "2026-11"),
])
def test_no_readable_report_exits_3(floor, args, what):
    p = run(floor, *args)
    assert p.returncode == 3, (p.stdout, p.stderr)
    assert "没有可读取的坐席日报告" in p.stderr and "no readable agent report" in p.stderr and what in p.stderr
    assert "Traceback" not in p.stderr and p.stdout == ""


def test_a_day_with_a_report_exits_0(floor):
    assert run(floor, "ranking", "--date", "2026-10-30", "--at", "11:00").returncode == 0
    assert run(floor, "monthly", "--month", "2026-10").returncode == 0
