"""The wall's praise slides: where they fall in the rotation, and the contest slide drawn from the tiny
floor of tests/test_wall.py, by hand.

The contest runs 11-24..11-30 with rate 50 and volume 50. At 11:05 on 11-25 the 24th counts whole and
the 25th's slots ending by 11:00:
  流量包升级 (101 only): 290 volume, 29 handled -> the center's rate 10%: 101's ratio 29/29 = 1
  新华手机报 and 手机阅读 (102 only): 102's ratio (22 + 4) / (22 + 4) = 1 -> 50 points each
  volume per agent: 101 290/3, 102 (183 + 45)/3 = 76 -> 50 and 50 x 76 / (290/3) = 39.31
"""
from __future__ import annotations

import datetime as dt

import pytest

from lib.day.wall import wall_view
from lib.floor.cache import load_floor
from lib.month.wall_slides import GROUPS_PER_SLIDE, contest_slides
from tests.test_contest import CONTEST, REPORTS, QA, ATTENDANCE, contest_settings
from tests.test_wall import TZ, board, config_for, wall, write_tiny_floor

CONTEST_LINE = ('[{ name = "冲刺<b>赛", first = "2026-11-24", last = "2026-11-30", '
                'parts = { rate = 50, volume = 50 } }]')


@pytest.fixture
def tiny(tmp_path):
    return write_tiny_floor(tmp_path / "floor")


def test_the_slides_follow_the_ranking_in_the_rotation(tiny, cfg):
    floor = load_floor(tiny, cfg)
    day = dt.date(2026, 11, 25)

    def view(hms: str, **kw):
        now = dt.datetime.combine(day, dt.time.fromisoformat(hms), TZ)
        return wall_view(floor.reports, None, cfg, day, 11 * 60 + 5, now, True, **kw)

    # one ranking page + 2 slides = 3 pages of 15 s: 11:05:00 is (39900 // 15) % 3 = 2660 % 3 = 2
    assert (view("11:05:00", extra_pages=2).pages, view("11:05:00", extra_pages=2).slide) == (3, 1)
    assert view("11:05:15", extra_pages=2).slide is None          # 2661 % 3 = 0: the ranking
    assert view("11:05:30", extra_pages=2).slide == 0              # 2662 % 3 = 1: the first slide
    pinned = view("11:05:15", extra_pages=2, only_slides=True)     # 2661 % 2 = 1
    assert (pinned.pages, pinned.slide) == (2, 1)
    assert view("11:05:15").slide is None and view("11:05:15").pages == 1
    assert view("11:05:15", only_slides=True).pages == 1           # nothing to pin: the usual wall


def test_the_contest_slide_by_hand_and_escaped(tiny, tmp_path, monkeypatch):
    config_for(tiny, tmp_path, monkeypatch, contest=CONTEST_LINE)
    html = board(wall(monkeypatch, show="contest"))
    assert 'data-slide="contest"' in html and "tbw-ranking" not in html
    assert html.index('data-group="101" data-place="1"') < html.index('data-group="102" data-place="2"')
    assert "<td class=\"score\">100.00</td>" in html and "<td class=\"score\">89.31</td>" in html
    assert "冲刺&lt;b&gt;赛" in html and "<b>赛" not in html
    assert "11-24 至 11-30 · 第 2 天 / 共 7 天" in html


def test_the_slide_takes_its_turn_on_the_usual_wall(tiny, tmp_path, monkeypatch):
    config_for(tiny, tmp_path, monkeypatch, contest=CONTEST_LINE)
    first = board(wall(monkeypatch, now="2026-11-25 11:05:00"))   # 2660 % 2 = 0: the ranking
    assert "tbw-ranking" in first and 'data-pages="2"' in first
    second = board(wall(monkeypatch, now="2026-11-25 11:05:15"))  # 2661 % 2 = 1: the contest
    assert 'data-slide="contest"' in second and 'data-page="2" data-pages="2"' in second


def test_a_contest_of_many_groups_takes_more_slides():
    groups = [str(300 + i) for i in range(GROUPS_PER_SLIDE + 1)]
    cfg = contest_settings(dict(CONTEST, groups=groups))
    slides = contest_slides(cfg.contest[0], REPORTS, QA, ATTENDANCE, cfg, dt.date(2026, 12, 3), 12 * 60)
    assert [len(s.table) for s in slides] == [GROUPS_PER_SLIDE, 1] and [s.page for s in slides] == [0, 1]
    assert contest_slides(cfg.contest[0], REPORTS, QA, ATTENDANCE, cfg, dt.date(2026, 11, 30), 12 * 60) == []


def _stars(root, cfg, month: str, rows: list[tuple[str, str, str, str]]) -> None:
    from lib.store import open_store
    open_store(cfg, root).append("month_stars", [{"月份": month, "工号": a, "姓名": n, "组别": g, "理由": r}
                                                 for a, n, g, r in rows], submitted_by="0801")


def test_the_confirmed_stars_take_a_slide_this_month_s_over_last_month_s(tiny, tmp_path, monkeypatch, cfg):
    config_for(tiny, tmp_path, monkeypatch)
    assert 'data-slide="stars"' not in board(wall(monkeypatch, now="2026-11-25 11:05:15", show="stars"))
    _stars(tiny, cfg, "2026-10", [("2001", "陈一", "102", "<script>alert(1)</script> 办理率第一"), ("1001", "张三", "101", "")])
    # a board is shared for its minute: the stars confirmed now show from the next one
    assert 'data-slide="stars"' not in board(wall(monkeypatch, now="2026-11-25 11:05:45", show="stars"))
    html = board(wall(monkeypatch, now="2026-11-25 11:06:15", show="stars"))
    assert 'data-slide="stars"' in html and "2026年10月服务明星" in html and "共 2 位" in html
    assert html.index('data-agent="1001"') < html.index('data-agent="2001"')   # 工号 order
    assert "&lt;script&gt;" in html and "<script>" not in html
    _stars(tiny, cfg, "2026-11", [("2003", "吴三", "102", "质检 95")])
    html = board(wall(monkeypatch, now="2026-11-25 11:07:30", show="stars"))
    assert "2026年11月服务明星" in html and 'data-agent="2003"' in html and 'data-agent="2001"' not in html


def test_birthdays_reach_the_wall_only_when_the_center_says_so(tiny, tmp_path, monkeypatch):
    schedule = tiny / "schedule.csv"
    lines = schedule.read_text(encoding="utf-8").splitlines()
    birthday = {"1001": "11-25", "2003": "1990/11/25", "1002": "11-24"}
    out = [lines[0] + ",生日"] + [f"{x},{birthday.get(x.split(',')[1], '')}" for x in lines[1:]]
    schedule.write_text("\n".join(out) + "\n", encoding="utf-8")
    config_for(tiny, tmp_path, monkeypatch)   # [wall] birthdays = false, as shipped
    html = board(wall(monkeypatch, show="birthdays"))
    assert 'data-slide="birthdays"' not in html and "1990" not in html
    config_for(tiny, tmp_path, monkeypatch, birthdays="true")
    html = board(wall(monkeypatch, show="birthdays"))
    assert 'data-slide="birthdays"' in html and "今天生日" in html
    assert [a for a in ("1001", "1002", "2003") if f'data-agent="{a}"' in html] == ["1001", "2003"]
    assert "1990" not in html
