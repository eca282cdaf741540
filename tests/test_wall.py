"""The wall screen: marks, paging, staleness and the yesterday rule by hand, then the page in AppTest.

The tiny floor (write_tiny_floor) is small enough to rank by hand. At 11:05 on 2026-11-25 the
slots ending by 11:00 count (09-10 and 10-11); 1003's 11-12 slot does not:
    2001 陈一 102  volume 40+40=80   handled 6+6=12  15.00%
    1001 张三 101  volume 40+40=80   handled 5+3=8   10.00%
    1002 李四 101  volume 50+50=100  handled 4+5=9    9.00%
    2003 吴三 102  volume 45+45=90   handled 4+4=8    8.89%
    1003 王五 101  volume 30+30=60   handled 1+1=2    3.33%
    2002 周二 102  volume 5+3=8      handled 1+0=1    unranked (8 < min_volume 10)
Groups: 102 = 21/178 = 11.80%, 101 = 19/240 = 7.92%. Floor 0.7 x group rate: 101 -> 5.54%, so
1003 (3.33%) is below; 102 -> 8.26%, so 2003 (8.89%) is not.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lib.floor.cache import load_floor
from lib.day.notices import next_notice
from lib.day.wall import data_age, marked_ranking, page_at, page_count, shown_day, wall_view, working_minutes
from tests.conftest import ROOT, make_settings

TZ = ZoneInfo("Asia/Shanghai")
DAY = dt.date(2026, 11, 25)

SCHEDULE = """日期,工号,姓名,组别,岗位,班次
{d},1000,赵组长,101,组长,值
{d},1001,张三,101,坐席,全天
{d},1002,李四,101,坐席,全天
{d},1003,王五,101,坐席,全天
{d},1004,孙六,101,坐席,全天
{d},2000,钱组长,102,组长,全天
{d},2001,陈一,102,坐席,全天
{d},2002,周二,102,坐席,全天
{d},2003,吴三,102,坐席,全天
{d},2004,郑七,102,坐席,休
"""
PROJECTS = """日期,组别,项目,脚本版本
2026-11-25,101,流量包升级,V2.1
2026-11-25,102,新华手机报,V3.0
"""
REPORT_25 = """日期,时段,工号,姓名,组别,项目,数据量,办理量
2026-11-25,09:00-10:00,1001,张三,,流量包升级,40,5
2026-11-25,10:00-11:00,1001,张三,,流量包升级,40,3
2026-11-25,09:00-10:00,1002,李四,,流量包升级,50,4
2026-11-25,10:00-11:00,1002,李四,,流量包升级,50,5
2026-11-25,09:00-10:00,1003,王五,,流量包升级,30,1
2026-11-25,10:00-11:00,1003,王五,,流量包升级,30,1
2026-11-25,11:00-12:00,1003,王五,,流量包升级,40,20
2026-11-25,09:00-10:00,2001,陈一,,新华手机报,40,6
2026-11-25,10:00-11:00,2001,陈一,,新华手机报,40,6
2026-11-25,09:00-10:00,2002,周二,,新华手机报,5,1
2026-11-25,10:00-11:00,2002,周二,,新华手机报,3,0
2026-11-25,09:00-10:00,2003,吴三,,新华手机报,45,4
2026-11-25,10:00-11:00,2003,吴三,,手机阅读,45,4
"""
REPORT_24 = """日期,时段,工号,姓名,组别,项目,数据量,办理量
2026-11-24,09:00-10:00,1001,张三,,流量包升级,50,10
2026-11-24,17:00-18:00,2001,陈一,,新华手机报,50,5
"""


def write_tiny_floor(root: Path, mtime: dt.datetime | None = None) -> Path:
    """The tiny floor of this module's docstring as CSV files; reports stamped `mtime` when given."""
    (root / "reports").mkdir(parents=True, exist_ok=True)
    (root / "schedule.csv").write_text(SCHEDULE.format(d="2026-11-24") + SCHEDULE.format(d="2026-11-25")
                                       .split("\n", 1)[1], encoding="utf-8")
    (root / "projects.csv").write_text(PROJECTS, encoding="utf-8")
    (root / "reports" / "2026-11-24.csv").write_text(REPORT_24, encoding="utf-8")
    (root / "reports" / "2026-11-25.csv").write_text(REPORT_25, encoding="utf-8")
    stamp = (mtime or dt.datetime(2026, 11, 25, 11, 0, tzinfo=TZ)).timestamp()
    for f in (root / "reports").iterdir():
        os.utime(f, (stamp, stamp))
    return root


def config_for(root: Path, tmp_path: Path, monkeypatch, auth: bool = False, **keys) -> Path:
    """A config file naming `root` as the data folder, sign-in on or off, and other keys (first key of
    that name in the file) set; in force via DASHBOARD_CONFIG."""
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    text = text.replace('path = ""', f'path = "{root.as_posix()}"', 1)
    keys["enabled"] = "true" if auth else "false"   # [auth] enabled: the only key of that name
    for key, value in keys.items():
        text = re.sub(rf"(?m)^{key} = .*$", f"{key} = {value}", text, count=1)
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(path))
    return path


@pytest.fixture
def tiny(tmp_path):
    return write_tiny_floor(tmp_path / "floor")


@pytest.fixture
def floor(tiny, cfg):
    return load_floor(tiny, cfg)


# ---------------------------------------------------------------- pure rules

def test_marks_top_three_and_below_the_group_floor(floor, cfg):
    r = marked_ranking(floor.reports, DAY, 11 * 60, cfg.min_volume, 0.7)
    assert list(r["agent_id"]) == ["2001", "1001", "1002", "2003", "1003", "2002"]
    assert list(r["mark"]) == ["top", "top", "top", "", "below", ""]
    assert list(r["rank"].astype("float").fillna(0)) == [1, 2, 3, 4, 5, 0]


def test_pinned_group_ranks_among_itself(floor, cfg):
    r = marked_ranking(floor.reports, DAY, 11 * 60, cfg.min_volume, 0.7, group="102")
    assert list(r["agent_id"]) == ["2001", "2003", "2002"]
    assert list(r["mark"]) == ["top", "top", ""]   # 2 ranked agents: both in the top three


def test_before_the_start_shows_the_last_day_final(floor):
    assert shown_day(floor.reports, DAY, 8 * 60 + 45, DAY, 9 * 60) == (dt.date(2026, 11, 24), 1440, True, True)
    assert shown_day(floor.reports, DAY, 9 * 60, DAY, 9 * 60) == (DAY, 540, False, False)
    assert shown_day(floor.reports, dt.date(2026, 11, 24), 1440, DAY, 9 * 60) == (dt.date(2026, 11, 24), 1440, True, False)


def test_pages_follow_the_clock():
    assert page_count(48, 18) == 3 and page_count(0, 18) == 1 and page_count(18, 18) == 1
    # 11:05:00 = 39900 s since midnight; 39900 // 15 = 2660; 2660 % 3 = 2 (the third page)
    assert page_at(dt.datetime(2026, 11, 25, 11, 5, tzinfo=TZ), 15, 3) == 2
    # 11:05:20 = 39920 s; 39920 // 15 = 2661; 2661 % 3 = 0
    assert page_at(dt.datetime(2026, 11, 25, 11, 5, 20, tzinfo=TZ), 15, 3) == 0


def test_working_minutes_skip_lunch_and_night(cfg):
    at = lambda d, h, m: dt.datetime(2026, 11, d, h, m, tzinfo=TZ)
    assert working_minutes(at(25, 9, 30), at(25, 11, 5), cfg) == 95
    assert working_minutes(at(25, 12, 0), at(25, 14, 0), cfg) == 30          # 13:30-14:00
    assert working_minutes(at(24, 18, 2), at(25, 10, 20), cfg) == 80         # 09:00-10:20
    assert working_minutes(at(25, 11, 0), at(25, 10, 0), cfg) == 0


def test_data_age_and_stale(cfg):
    now = dt.datetime(2026, 11, 25, 11, 5, tzinfo=TZ)
    ts = lambda h, m: dt.datetime(2026, 11, 25, h, m, tzinfo=TZ).timestamp()
    assert data_age(ts(10, 30), now, cfg) == (35, False)
    assert data_age(ts(9, 30), now, cfg) == (95, True)       # 95 working minutes > stale_minutes 75
    assert data_age(ts(12, 0), now, cfg) == (None, False)    # written after the clock: a rehearsal
    assert data_age(None, now, cfg) == (None, False)


def test_wait_reads_in_hours():
    from lib.ui.wall import _wait
    assert [_wait(n, "zh") for n in (55, 60, 80, 180)] == ["55 分钟", "1 小时", "1 小时 20 分钟", "3 小时"]


def test_next_notice(cfg):
    assert next_notice(cfg, 11 * 60 + 5)[0].time == "12:00" and next_notice(cfg, 11 * 60 + 5)[1] == 55
    assert next_notice(cfg, 12 * 60)[1] == 0
    assert next_notice(cfg, 18 * 60 + 30) == (None, None)


def test_view_pages_and_stale(floor):
    s = make_settings(wall={"rows_per_page": 2})
    now = dt.datetime(2026, 11, 25, 11, 5, tzinfo=TZ)
    v = wall_view(floor.reports, dt.datetime(2026, 11, 25, 9, 30, tzinfo=TZ).timestamp(), s, DAY, 665, now, True)
    assert (v.pages, v.page, v.rows) == (3, 2, 6)
    assert list(v.ranking["agent_id"]) == ["1003", "2002"]
    assert v.stale and round(v.age_minutes) == 95 and v.data_until == 660
    assert list(v.standings["group"]) == ["102", "101"]


# ---------------------------------------------------------------- the page

ROW = re.compile(r'<tr class="(\w*)" data-rank="(\d*)" data-agent="(\d+)">')


def wall(monkeypatch, now: str = "2026-11-25 11:05", **query) -> AppTest:
    monkeypatch.setenv("TEAMBOARD_NOW", now)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    at.switch_page("pages/wall.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def board(at: AppTest) -> str:
    return next(h.proto.body for h in at.html if 'class="tbw"' in h.proto.body)


def rows(html: str) -> list[tuple[str, str, str]]:
    return ROW.findall(html)


def test_page_ranks_in_order_with_marks(tiny, tmp_path, monkeypatch):
    config_for(tiny, tmp_path, monkeypatch)
    html = board(wall(monkeypatch))
    assert rows(html) == [("top1", "1", "2001"), ("top2", "2", "1001"), ("top3", "3", "1002"), ("", "4", "2003"),
                          ("below", "5", "1003"), ("unranked", "", "2002")]
    assert "今日实时排名" in html and "数据截至 11:00" in html and "12:00 下班 · 还有 55 分钟" in html
    assert ">11:05<" in html and "11:00 更新 · 5 分钟前" in html and "tbw-stale" not in html
    assert re.findall(r'data-group="(\d+)"', html) == ["102", "101"]
    assert "11.80%" in html and "7.92%" in html


def test_page_warns_when_the_export_stopped(tmp_path, monkeypatch):
    root = write_tiny_floor(tmp_path / "floor", mtime=dt.datetime(2026, 11, 25, 9, 30, tzinfo=TZ))
    config_for(root, tmp_path, monkeypatch)
    html = board(wall(monkeypatch))
    assert '<div class="tbw-stale">⚠ 数据已 95 分钟未更新，请检查外呼系统导出</div>' in html


def test_page_pins_a_group(tiny, tmp_path, monkeypatch):
    config_for(tiny, tmp_path, monkeypatch)
    html = board(wall(monkeypatch, group="102"))
    assert [r[2] for r in rows(html)] == ["2001", "2003", "2002"]
    assert "102组 今日实时排名" in html and '<tr class="pinned" data-group="102">' in html


def test_page_pages_through_the_ranking(tiny, tmp_path, monkeypatch):
    config_for(tiny, tmp_path, monkeypatch, rows_per_page=2)
    html = board(wall(monkeypatch))   # 11:05:00 -> the third of 3 pages (see test_pages_follow_the_clock)
    assert [r[2] for r in rows(html)] == ["1003", "2002"]
    assert 'data-page="3" data-pages="3"' in html and "第 3/3 页" in html
    html = board(wall(monkeypatch, now="2026-11-25 11:05:20"))
    assert [r[2] for r in rows(html)] == ["2001", "1001"]


def test_page_before_nine_shows_yesterday_final(tiny, tmp_path, monkeypatch):
    config_for(tiny, tmp_path, monkeypatch)
    html = board(wall(monkeypatch, now="2026-11-25 08:45"))
    # 2026-11-24: 1001 10/50 = 20%, 2001 5/50 = 10%
    assert "昨日最终排名 · 2026-11-24" in html and [r[2] for r in rows(html)] == ["1001", "2001"]
    assert "数据截至 11-24 18:00" in html
    assert "09:00 开呼 · 还有 15 分钟" in html


def test_page_rehearsal_hides_the_age_and_nothing_private(tiny, tmp_path, monkeypatch):
    config_for(tiny, tmp_path, monkeypatch)
    html = board(wall(monkeypatch, at="10:00"))
    # at 10:00 only the 09-10 slot: 2001 6/40 = 15%, 1001 5/40 = 12.5%, ...
    assert [r[2] for r in rows(html)][:2] == ["2001", "1001"] and "数据截至 10:00" in html
    assert "演练时间" in html and "更新 ·" not in html
    assert "手机阅读" not in html and "原因" not in html   # projects, reasons: not on the wall


def test_page_after_the_day_ends(tiny, tmp_path, monkeypatch):
    config_for(tiny, tmp_path, monkeypatch)
    html = board(wall(monkeypatch, at="18:30"))
    assert "今日最终排名" in html and "今日通知已结束" in html


def test_page_on_the_demo(demo_config, monkeypatch):
    html = board(wall(monkeypatch, lang="en"))
    assert "Today&#x27;s live ranking" in html or "Today's live ranking" in html
    assert len(rows(html)) <= 18


def test_the_wall_writes_counts_with_separators(demo_dir):
    """The format standard on the wall: the center's 4,021 volume of 11:00 on the demo, not 4021."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from lib.config import settings as config
    from lib.day.wall import wall_view
    from lib.ui.wall import wall_html
    cfg = config()
    f = load_floor(demo_dir, cfg)
    now = dt.datetime(2026, 11, 25, 11, 5, tzinfo=ZoneInfo("Asia/Shanghai"))
    v = wall_view(f.reports, None, cfg, now.date(), 11 * 60 + 5, now, live=False)
    total = f.reports[(f.reports["date"] == "2026-11-25") & (f.reports["end_minute"] <= 665)]["volume"].sum()
    assert total >= 1000 and f"<b>{total:,.0f}</b>" in wall_html(v, "zh", cfg)
