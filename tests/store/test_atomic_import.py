"""All or none across workbooks: a 50-row import killed (SIGKILL) at every step of its commit.

The import spans three days of five-row workbooks, so it stages many workbooks. A child process
runs it and kills itself right before the k-th rename (the first is the journal's, the commit
point; the others put each workbook in place) or right before the journal is removed. Whatever
the step, a reader afterwards sees none of the rows (killed before the commit) or all 50 (after
it), and the next write leaves no temporary file or journal behind.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lib.store import table
from tests.store.conftest import ROOT, local_store

QA = table("qa")
DAYS = ("2026-11-24", "2026-11-25", "2026-11-26")
ROWS = [{"日期": DAYS[i % 3], "工号": f"{i:04d}", "总分": 80 + i % 20} for i in range(50)]

CHILD = textwrap.dedent("""
    import json, os, signal, sys
    sys.path.insert(0, {root!r})
    from tests.store.conftest import local_store
    kill_at, where = {kill_at!r}, {where!r}
    count = {{"replace": 0}}
    real_replace, real_unlink = os.replace, os.unlink

    def replace(src, dst):
        count["replace"] += 1
        if count["replace"] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        return real_replace(src, dst)

    def unlink(path, *a, **k):
        if kill_at == "journal" and ".commit." in os.fspath(path) and os.fspath(path).endswith(".json"):
            os.kill(os.getpid(), signal.SIGKILL)
        return real_unlink(path, *a, **k)

    os.replace, os.unlink = replace, unlink
    st = local_store(__import__("pathlib").Path(where), rows_per_file=5)
    st.import_rows("qa", json.loads({rows!r}), "import", id_seed="file-1")
    print(json.dumps(count))
""")


def _run(tmp: Path, kill_at) -> subprocess.CompletedProcess:
    code = CHILD.format(root=str(ROOT), kill_at=kill_at, where=str(tmp), rows=json.dumps(ROWS, ensure_ascii=False))
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def _leftovers(tmp: Path) -> list[str]:
    folder = tmp / "records" / "qa"
    return sorted(n for n in os.listdir(folder) if n.endswith((".tmp", ".json", ".part")))


@pytest.fixture(scope="module")
def renames(tmp_path_factory) -> int:
    """How many os.replace calls a whole import makes (the journal's, then one per workbook)."""
    done = _run(tmp_path_factory.mktemp("whole"), None)
    assert done.returncode == 0, done.stderr
    n = json.loads(done.stdout.strip().splitlines()[-1])["replace"]
    assert n >= 10, "the import should stage many workbooks (3 days of 5-row parts) plus the journal"
    return n


def test_an_import_not_killed_writes_every_row_and_leaves_nothing(tmp_path, renames):
    assert _run(tmp_path, None).returncode == 0
    st = local_store(tmp_path, rows_per_file=5)
    assert len(st.read_month("qa", "2026-11")) == 50
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("step", ["before-commit", "after-commit", "middle", "last", "journal"])
def test_a_kill_at_any_step_leaves_all_rows_or_none(tmp_path, renames, step):
    kill_at = {"before-commit": 1, "after-commit": 2, "middle": renames // 2, "last": renames,
               "journal": "journal"}[step]
    done = _run(tmp_path, kill_at)
    assert done.returncode == -9, f"the child should have been killed at {step}: {done.stderr}"
    st = local_store(tmp_path, rows_per_file=5)
    rows = st.read_month("qa", "2026-11")
    assert len(rows) == (0 if step == "before-commit" else 50)
    if len(rows):
        assert sorted(rows["工号"]) == sorted(r["工号"] for r in ROWS)
        assert sorted(rows.groupby("日期").size().tolist()) == [16, 17, 17]
    # the next write cleans up what the killed one left, and the import can be run again safely
    st.import_rows("qa", ROWS, "import", id_seed="file-1")
    assert len(st.read_month("qa", "2026-11")) == 50
    assert _leftovers(tmp_path) == []
