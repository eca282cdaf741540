"""One board per tick, shared by every wall screen (lib/ui/wall.py shared_board, lib/day/shared.py).

The tiny floor of tests/test_wall.py at 2026-11-25 11:05: six agents, two groups; with
rows_per_page = 2 the ranking takes 3 pages of 15 s: 11:05:00 shows the third (39900 s // 15 = 2660,
2660 % 3 = 2), 11:05:20 the first (2661 % 3 = 0).
"""
from __future__ import annotations

import datetime as dt
import re
import threading
from zoneinfo import ZoneInfo

import pytest

from lib.day.shared import Shared
from lib.floor.cache import load_floor
from lib.ui import wall as ui_wall
from lib.ui.wall import forget_boards, shared_board
from tests.conftest import ROOT, make_settings
from tests.test_wall import DAY, REPORT_25, board, config_for, rows, wall, write_tiny_floor

TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _fresh_boards():
    forget_boards()
    yield
    forget_boards()


def at(h: int, m: int, s: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, 25, h, m, s, tzinfo=TZ)


def test_many_askers_at_once_compute_once():
    shared: Shared[object] = Shared(keep=4)
    release, made, got = threading.Event(), [], []
    start = threading.Barrier(21)

    def make() -> object:
        made.append(1)
        release.wait(timeout=30)   # the others ask meanwhile: they wait for this one
        return object()

    def ask() -> None:
        start.wait(timeout=30)
        got.append(shared.get("tick", make))

    threads = [threading.Thread(target=ask) for _ in range(20)]
    for th in threads:
        th.start()
    start.wait(timeout=30)
    release.set()
    for th in threads:
        th.join(timeout=30)
    assert len(made) == 1 and len(got) == 20 and all(g is got[0] for g in got)
    assert shared.made == 1


def test_a_failed_computation_is_tried_again_by_the_next_asker():
    shared: Shared[int] = Shared(keep=4)

    def broken() -> int:
        raise ValueError("no board")

    with pytest.raises(ValueError):
        shared.get("k", broken)
    assert shared.get("k", lambda: 7) == 7


def test_only_the_last_few_are_kept():
    shared: Shared[int] = Shared(keep=2)
    for k in "abc":
        shared.get(k, lambda k=k: ord(k))
    assert shared.peek("a") is None and shared.peek("b") == 98 and shared.peek("c") == 99


def test_a_board_per_page_and_minute(tmp_path):
    s = make_settings(wall={"rows_per_page": 2})
    floor = load_floor(write_tiny_floor(tmp_path / "floor"), s)
    b1 = shared_board(floor, s, DAY, 665, True, None, "zh", False, at(11, 5, 0))
    b2 = shared_board(floor, s, DAY, 665, True, None, "zh", False, at(11, 5, 10))   # the same page slot
    assert b2 is b1 and ui_wall.STATS["boards"] == 1
    assert (b1.view.pages, b1.view.page) == (3, 2) and list(b1.view.ranking["agent_id"]) == ["1003", "2002"]
    assert b1.tick == 15   # it pages: every page change
    b3 = shared_board(floor, s, DAY, 665, True, None, "zh", False, at(11, 5, 20))   # the next page
    assert b3.view.page == 0 and list(b3.view.ranking["agent_id"]) == ["2001", "1001"]
    assert ui_wall.STATS["boards"] == 2
    # Drawn as at 11:05:00 whoever asks first: the reports were written at 11:00, so 5 minutes ago.
    assert "11:00 更新 · 5 分钟前" in b3.html and ">11:05<" in b3.html


def test_a_changed_file_gets_a_new_board(tmp_path):
    s = make_settings()
    root = write_tiny_floor(tmp_path / "floor")
    before = shared_board(load_floor(root, s), s, DAY, 665, True, None, "zh", False, at(11, 5))
    assert rows(before.html)[0][2] == "2001"   # 12/80 = 15.00%
    report = root / "reports" / "2026-11-25.csv"
    report.write_text(REPORT_25.replace("1001,张三,,流量包升级,40,5", "1001,张三,,流量包升级,40,15"), encoding="utf-8")
    after = shared_board(load_floor(root, s), s, DAY, 665, True, None, "zh", False, at(11, 5))
    assert after is not before and rows(after.html)[0][2] == "1001"   # 1001: 15+3 = 18/80 = 22.50%
    assert "22.50%" in after.html and ui_wall.STATS["boards"] == 2


def test_two_screens_at_one_tick_share_the_board_and_other_groups_or_languages_get_their_own(tmp_path, monkeypatch):
    config_for(write_tiny_floor(tmp_path / "floor"), tmp_path, monkeypatch)
    first = board(wall(monkeypatch))
    assert ui_wall.STATS["boards"] == 1   # the page's run and its fragment's first run: one board
    second = board(wall(monkeypatch))     # another session, the same tick
    assert second == first and ui_wall.STATS["boards"] == 1
    pinned = board(wall(monkeypatch, group="102"))
    assert ui_wall.STATS["boards"] == 2 and [r[2] for r in rows(pinned)] == ["2001", "2003", "2002"]
    english = board(wall(monkeypatch, lang="en"))
    assert ui_wall.STATS["boards"] == 3 and 'lang="en"' in english and rows(english) == rows(first)
    board(wall(monkeypatch, group="102"))
    assert ui_wall.STATS["boards"] == 3
    later = board(wall(monkeypatch, now="2026-11-25 11:06"))   # the next minute: the clock moved on
    assert ui_wall.STATS["boards"] == 4 and ">11:06<" in later


def test_the_client_of_the_benchmark_against_a_real_server(tmp_path):
    """Two light clients of bench/viewers.py on a real server, the tick set to 1 s by the test's config."""
    from bench.viewers import free_port, measure, start_server, stop_server

    root = write_tiny_floor(tmp_path / "floor")
    text = tmp_path / "c.toml"
    t = (ROOT / "config.toml").read_text(encoding="utf-8").replace('path = ""', f'path = "{root.as_posix()}"', 1)
    t = re.sub(r"(?m)^enabled = true", "enabled = false", t, count=1)
    t = re.sub(r"(\[wall\][^\[]*?)refresh_seconds = \d+", r"\1refresh_seconds = 1", t, count=1)   # [wall]'s
    text.write_text(t, encoding="utf-8")
    port = free_port()
    proc = start_server(text, port, tmp_path / "cache")
    try:
        f = measure(port, proc.pid, 2, seconds=3, tick=1, query=f"embed=true&date={DAY.isoformat()}", settle=0.5)
    finally:
        stop_server(proc)
    assert f["errors"] == [] and f["tick"] == 1
    assert f["boards"] >= 2 * 3   # each viewer's first board and one a tick
    assert f["reruns"] >= 2 and f["cpu_s"] > 0
