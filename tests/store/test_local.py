"""Local backend: small per-day workbooks, atomic saves, locks, leftovers, processes and kill -9."""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time

import pytest
from filelock import FileLock
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from bench.store_stress import WorkerFailed, collect, concurrent_appends, kill_trials
from lib.store import StoreError, table
from tests.store.conftest import CORPUS, DAY, local_store

QA = table("qa")


def qa(i: int, day: str = DAY) -> dict:
    return {"日期": day, "工号": f"{i:04d}", "总分": i}


def test_layout_one_workbook_per_table_per_day_with_chinese_header(tmp_path):
    st = local_store(tmp_path)
    st.append("qa", [qa(1)], "lead")
    path = tmp_path / "records" / "qa" / f"{DAY}.xlsx"
    assert st.files(QA, DAY) == [path]
    ws = load_workbook(path).active
    assert ws.title == "质检评分"
    assert [c.value for c in ws[1]] == QA.header()


def test_a_day_is_split_into_small_workbooks_and_read_in_order(tmp_path):
    st = local_store(tmp_path, rows_per_file=5)
    st.import_rows("qa", [qa(i) for i in range(12)], "lead", id_seed="x")
    st.append("qa", [qa(12)], "lead")
    names = [p.name for p in st.files(QA, DAY)]
    assert names == [f"{DAY}.xlsx", f"{DAY}_2.xlsx", f"{DAY}_3.xlsx"]
    assert [load_workbook(tmp_path / "records" / "qa" / n).active.max_row - 1 for n in names] == [5, 5, 3]
    assert st.read_day("qa", DAY)["工号"].tolist() == [f"{i:04d}" for i in range(13)]
    st.append("qa", [qa(13), qa(14), qa(15)], "lead")   # fills _3, then starts _4
    assert [p.name for p in st.files(QA, DAY)][-1] == f"{DAY}_4.xlsx"
    assert len(st.read_month("qa", "2026-11")) == 16


def test_a_write_touches_only_its_own_day(tmp_path):
    st = local_store(tmp_path, rows_per_file=5)
    st.import_rows("qa", [qa(i, "2026-11-24") for i in range(12)], "lead", id_seed="y")
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in st.files(QA, "2026-11")}
    time.sleep(0.01)
    st.append("qa", [qa(1)], "lead")
    for p, (mtime, data) in before.items():
        assert p.stat().st_mtime_ns == mtime and p.read_bytes() == data


def test_leftover_temporary_files_are_removed_by_the_next_writer(tmp_path):
    st = local_store(tmp_path)
    st.append("qa", [qa(1)], "lead")
    folder = st.folder(QA)
    mine = folder / f".{DAY}.xlsx.4242.deadbeef.tmp"
    other_fresh = folder / ".2026-11-26.xlsx.4243.cafe.tmp"
    other_old = folder / ".2026-11-20.xlsx.4244.beef.tmp"
    for p in (mine, other_fresh, other_old):
        p.write_bytes(b"PK\x03\x04 half a workbook")
    os.utime(other_old, (time.time() - 3600, time.time() - 3600))
    dead_fresh = folder / ".2026-11-27.xlsx.4245.f00d.tmp"   # a writer killed a moment ago: its lock is free
    dead_fresh.write_bytes(b"PK\x03\x04 half a workbook")
    with FileLock(str(folder / ".2026-11-26.lock")):   # another day's writer is saving right now
        st.append("qa", [qa(2)], "lead")
    assert not mine.exists() and not other_old.exists() and not dead_fresh.exists()
    assert other_fresh.exists()      # its writer holds the day's lock: it may be saving it right now
    assert len(st.read_day("qa", DAY)) == 2


def test_a_failed_save_leaves_the_old_workbook_and_no_temp(tmp_path, monkeypatch):
    st = local_store(tmp_path)
    st.append("qa", [qa(1)], "lead")
    path = st.files(QA, DAY)[0]
    before = path.read_bytes()

    def broken(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("lib.store.local.os.replace", broken)
    with pytest.raises(OSError):
        st.append("qa", [qa(2)], "lead")
    assert path.read_bytes() == before
    assert not list(st.folder(QA).glob("*.tmp"))
    monkeypatch.undo()
    assert st.read_day("qa", DAY)["工号"].tolist() == ["0001"]


def test_a_batch_over_several_days_is_all_or_none(tmp_path, monkeypatch):
    st = local_store(tmp_path)
    st.append("qa", [qa(1, "2026-11-24"), qa(1, "2026-11-25")], "lead")
    before = {p: p.read_bytes() for p in st.files(QA, "2026-11")}
    real, calls = os.replace, []

    def second_fails(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(5, "I/O error")
        real(src, dst)

    monkeypatch.setattr("lib.store.local.os.replace", second_fails)
    with pytest.raises(OSError):
        st.import_rows("qa", [qa(2, "2026-11-24"), qa(2, "2026-11-25")], "lead", id_seed="z")
    monkeypatch.undo()
    assert {p: p.read_bytes() for p in st.files(QA, "2026-11")} == before
    assert not list(st.folder(QA).glob("*.tmp"))


def test_a_writer_waits_for_the_lock_then_says_so(tmp_path):
    st = local_store(tmp_path, lock_timeout_seconds=0.3)
    st.append("qa", [qa(1)], "lead")
    with FileLock(str(st.folder(QA) / f".{DAY}.lock")):
        with pytest.raises(StoreError, match="held the lock"):
            st.append("qa", [qa(2)], "lead")
        st.append("qa", [qa(3, "2026-11-26")], "lead")   # another day is not held up
    assert len(st.read_day("qa", DAY)) == 1


def test_an_unreadable_workbook_is_named(tmp_path):
    st = local_store(tmp_path)
    st.append("qa", [qa(1)], "lead")
    path = st.files(QA, DAY)[0]
    path.write_bytes(b"not a workbook")
    with pytest.raises(StoreError, match=str(path)):
        st.read_day("qa", DAY)
    with pytest.raises(StoreError, match=str(path)):
        st.append("qa", [qa(2)], "lead")


def test_text_cells_read_back_exactly_in_openpyxl_and_calamine(tmp_path):
    st = local_store(tmp_path)
    st.append("qa", [{"日期": DAY, "工号": v, "总分": 1} for v in CORPUS], "lead")
    [path] = st.files(QA, DAY)
    col = QA.header().index("工号")
    cal = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert [r[col] for r in cal[1:]] == CORPUS
    ws = load_workbook(path).active
    cells = [r[col] for r in ws.iter_rows(min_row=2)]
    plain = [v for v in CORPUS if "_x" not in v and "\x0b" not in v]   # openpyxl shows OOXML escapes raw
    assert [c.value for c in cells if c.value in plain] == plain
    assert all(c.data_type == "s" for c in cells)
    assert all(c.quotePrefix for c in cells if c.value[:1] in "=+-@＝")
    assert all(c.number_format == "@" for c in cells)


def test_twenty_processes_fifty_appends_each_lose_nothing(tmp_path):
    r = concurrent_appends(tmp_path, procs=20, each=50)
    assert r["exit_codes"] == [0]
    assert r["returned"] == r["rows"] == r["unique_ids"] == r["rows_opened"] == 1000
    assert r["all_returned_present"]


def test_a_dead_worker_fails_the_run_at_once_naming_its_exit_code():
    """collect() does not wait for a result a dead worker will never send (it used to wait 600 s)."""
    ctx = mp.get_context("fork")
    out = ctx.Queue()
    workers = [ctx.Process(target=out.put, args=(["ok"],)), ctx.Process(target=_die_by_sigkill),
               ctx.Process(target=time.sleep, args=(30,))]
    for w in workers:
        w.start()
    t0 = time.monotonic()
    with pytest.raises(WorkerFailed, match=r"worker 1 \(pid \d+\) killed by SIGKILL: [01] of 3 workers reported"):
        collect(workers, out, deadline=60)
    assert time.monotonic() - t0 < 5
    assert all(w.exitcode is not None for w in workers)   # the sleeper was not left behind


def _die_by_sigkill() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def test_kill_9_during_saves_loses_no_returned_row(tmp_path):
    k = kill_trials(tmp_path, trials=10, seed=7, max_delay=0.15, days=3)
    assert k["unreadable_workbooks"] == 0
    assert k["returned_rows_lost"] == 0
    assert k["temps_after_next_append"] == 0
    assert k["returned_rows_checked"] > 0      # the child did return appends before it was killed
    # some kills landed between a save's start and its end, so the test is not killing idle children
    assert k["kills_mid_save"] > 0, k["kills_by_phase"]
