"""Broadcasts on time by themselves (issue 18, part 4): the rule of what is due (lib/day/autopost.py) and
`python -m lib.cli scheduler --once` with a fixed clock across restarts, posting to a local robot.

Every pass is a new process's first look (a restart): only the store's 播报记录 carries what went out."""
from __future__ import annotations

import pandas as pd
import pytest

from lib.cli.main import main
from lib.config import settings
from lib.day.autopost import Slot, day_slots, log_row, posts_due
from lib.store import open_store
from tests.test_broadcast import OK, Robot
from tests.test_duty import BROADCAST_11
from tests.test_wall import config_for, write_tiny_floor

SLOTS = day_slots([660, 900, 1020], [540, 720, 810, 1080])   # 11:00 15:00 17:00; 9:00 12:00 13:30 18:00
RULE = {"on_time_minutes": 5, "late_within_minutes": 60, "missed": "late", "retry_minutes": 5}


def log(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=["日期", "时间点", "类别", "方式", "发出时间", "结果", "说明"])


def due(now, lg=None, **kw):
    return [(d.slot.time, d.slot.kind, d.how) for d in posts_due(SLOTS, log() if lg is None else lg, now, **RULE | kw)]


def test_the_days_posts_in_time_order():
    assert [(s.time, s.kind) for s in SLOTS] == [("09:00", "notice"), ("11:00", "ranking"), ("12:00", "notice"),
                                                 ("13:30", "notice"), ("15:00", "ranking"), ("17:00", "ranking"),
                                                 ("18:00", "notice")]


def test_what_is_due_on_time_late_or_missed():
    assert due(539) == []
    assert due(540) == [("09:00", "notice", "on_time")]
    assert due(545) == [("09:00", "notice", "on_time")]                     # 5 minutes: still on time
    assert due(546) == [("09:00", "notice", "late")]
    assert due(661) == [("09:00", "notice", "missed"), ("11:00", "ranking", "on_time")]   # 121 min > 60
    assert due(661, missed="report") == [("09:00", "notice", "missed"), ("11:00", "ranking", "on_time")]
    assert due(700, missed="report") == [("09:00", "notice", "missed"), ("11:00", "ranking", "missed")]


def test_what_the_log_holds_is_never_due_again_and_a_failure_waits():
    sent = log(log_row("2026-11-25", Slot("notice", 540), "自动", "09:00", "已发出"),
               log_row("2026-11-25", Slot("ranking", 660), "手动", "11:02", "已发出"))   # the duty lead's own post
    assert due(661, sent) == []
    failed = log(log_row("2026-11-25", Slot("notice", 540), "自动", "09:00", "失败", "HTTP 500"))
    assert due(544, failed) == []                                     # 4 minutes after the failure
    assert due(545, failed) == [("09:00", "notice", "on_time")]       # tried again after retry_minutes


@pytest.fixture
def floor_with_robot(tmp_path, monkeypatch):
    root = write_tiny_floor(tmp_path / "floor")

    def configure(url: str, **keys):
        config_for(root, tmp_path, monkeypatch, **{"webhook_url": f'"{url}"', "backoff_seconds": "0.0",
                                                   "attempts": "1", "auto": "true", **keys})
    return root, configure


def run_at(monkeypatch, root, moment: str) -> int:
    monkeypatch.setenv("TEAMBOARD_NOW", f"2026-11-25 {moment}")
    return main(["scheduler", "--data", str(root), "--once"])


def stored(root):
    return open_store(settings(str(root)), root).read_day("broadcast_log", "2026-11-25")


def test_the_scheduler_posts_each_time_once_across_restarts(floor_with_robot, monkeypatch, capsys):
    root, configure = floor_with_robot
    with Robot([OK]) as robot:
        configure(robot.url)
        assert run_at(monkeypatch, root, "11:00:30") == 0
        # 9:00 was two hours ago: recorded as missed, not posted; 11:00 goes out as it is
        assert [b["text"]["content"] for _, b in robot.received] == [BROADCAST_11]
        assert run_at(monkeypatch, root, "11:00:50") == 0 and run_at(monkeypatch, root, "11:03:00") == 0
        assert len(robot.received) == 1                                   # restarts post nothing twice
        assert run_at(monkeypatch, root, "12:40:00") == 0                 # down over 12:00: posted late, said so
        late = robot.received[1][1]["text"]["content"]
        assert late.startswith("【补发】原定 12:00 的播报，12:40 发出") and "【下班通知】12:00" in late
        assert run_at(monkeypatch, root, "13:30:05") == 0 and robot.received[2][1]["text"]["content"].startswith("【开呼通知】")
    got = stored(root)
    assert got[["时间点", "类别", "方式", "发出时间", "结果"]].values.tolist() == [
        ["09:00", "通知", "自动", "11:00", "错过"], ["11:00", "排名", "自动", "11:00", "已发出"],
        ["12:00", "通知", "自动", "12:40", "补发"], ["13:30", "通知", "自动", "13:30", "已发出"]]
    assert "09:00 通知: 错过" in capsys.readouterr().out


def test_a_failed_post_is_recorded_and_tried_again_later(floor_with_robot, monkeypatch):
    root, configure = floor_with_robot
    with Robot([(500, {}), OK]) as robot:
        configure(robot.url, missed='"report"')
        assert run_at(monkeypatch, root, "15:00:10") == 0     # 9:00…13:30 missed (report), 15:00 fails
        assert run_at(monkeypatch, root, "15:03:00") == 0     # not yet: 5 minutes after the failure
        assert len(robot.received) == 1
        assert run_at(monkeypatch, root, "15:05:00") == 0     # tried again: on time still (5 minutes)
        assert len(robot.received) == 2
    got = stored(root)
    assert got[got["时间点"] == "15:00"][["结果", "说明"]].values.tolist() == [["失败", "HTTP 500"], ["已发出", ""]]
    assert got[got["结果"] == "错过"]["时间点"].tolist() == ["09:00", "11:00", "12:00", "13:30"]


def test_it_does_not_run_while_auto_is_off_or_beside_another(floor_with_robot, monkeypatch, capsys):
    from filelock import FileLock
    root, configure = floor_with_robot
    configure("http://127.0.0.1:9/none", auto="false")
    assert run_at(monkeypatch, root, "11:00:00") == 2 and "auto = false" in capsys.readouterr().err
    configure("")
    assert run_at(monkeypatch, root, "11:00:00") == 2 and "no robot to post to" in capsys.readouterr().err
    configure("http://127.0.0.1:9/none")
    with FileLock(str(root / ".scheduler.lock")):
        assert run_at(monkeypatch, root, "11:00:00") == 3
    assert "another scheduler" in capsys.readouterr().err and stored(root).empty


# ---------------------------------------------------------------- the duty desk

def test_the_duty_desk_shows_what_went_out_and_posts_a_notice_by_hand(private_demo, tmp_path):
    from lib.ui.safe import unliteral
    from tests.conftest import open_page
    cfg_path = tmp_path / "config.toml"
    store = open_store(settings(), private_demo)
    store.append("broadcast_log", [log_row("2026-11-25", Slot("notice", 540), "自动", "11:00", "错过", "x"),
                                   log_row("2026-11-25", Slot("ranking", 660), "自动", "11:00", "已发出")],
                 submitted_by="scheduler")
    with Robot([OK]) as robot:
        text = cfg_path.read_text(encoding="utf-8").replace('webhook_url = ""', f'webhook_url = "{robot.url}"', 1)
        cfg_path.write_text(text, encoding="utf-8")
        at = open_page("pages/duty_desk.py", at="11:50")
        assert "1 条播报错过了时间未发出：09:00。请手动发送。" in [unliteral(w.value) for w in at.warning]
        notices = next(v for v in (d.value for d in at.dataframe) if "方式" in v.columns and "通知" in set(v["类别"]))
        assert notices[["时间点", "方式", "结果"]].values.tolist() == [["09:00", "自动", "错过"]]
        at.button(key="duty_post_notice").click().run()     # the next notice: 12:00 下班
        assert not at.exception and robot.received[0][1]["text"]["content"].startswith("【下班通知】12:00")
    got = open_store(settings(), private_demo).read_day("broadcast_log", "2026-11-25")
    assert got[["时间点", "类别", "方式", "结果"]].values.tolist()[-1] == ["12:00", "通知", "手动", "已发出"]
    # the scheduler, restarted at 12:00, finds 12:00 sent by hand and posts nothing
    from lib.day.autopost import posts_due
    due = posts_due(SLOTS, got, 720, **RULE)
    assert [d.slot.time for d in due] == []


def test_a_ranking_posted_by_hand_is_recorded_and_not_sent_again(private_demo, tmp_path):
    from tests.conftest import open_page
    cfg_path = tmp_path / "config.toml"
    with Robot([OK]) as robot:
        text = cfg_path.read_text(encoding="utf-8").replace('webhook_url = ""', f'webhook_url = "{robot.url}"', 1)
        cfg_path.write_text(text, encoding="utf-8")
        at = open_page("pages/duty_desk.py", at="11:05")
        assert at.radio(key="duty_broadcast_at").value == "11:00"
        at.button(key="duty_post").click().run()
        assert not at.exception and robot.received[0][1]["text"]["content"].startswith("【11:00 排名播报】")
        ranking = next(d.value for d in at.dataframe if "方式" in d.value.columns and "排名" in set(d.value["类别"]))
        assert ranking[["时间点", "方式", "结果"]].values.tolist() == [["11:00", "手动", "已发出"]]
    got = open_store(settings(), private_demo).read_day("broadcast_log", "2026-11-25")
    assert [d.slot.time for d in posts_due(SLOTS, got, 662, **RULE) if d.slot.kind == "ranking"] == []


def test_nothing_is_posted_by_hand_when_its_record_cannot_be_written(private_demo, tmp_path, monkeypatch):
    """A records folder the store refuses (here: on an NFS share, lib/store/mounts.py): the post would go
    out unrecorded and the scheduler would send it again, so it is not sent and the desk says why."""
    from lib.ui.safe import unliteral
    from tests.conftest import open_page
    cfg_path = tmp_path / "config.toml"
    mounts = tmp_path / "mountinfo"
    point = str(private_demo.resolve())
    mounts.write_text("27 1 254:0 / / rw - ext4 /dev/vda rw\n"
                      f"40 27 0:50 / {point} rw - nfs4 nas:/floor rw\n", encoding="utf-8")
    monkeypatch.setenv("TEAMBOARD_MOUNTINFO", str(mounts))
    with Robot([OK]) as robot:
        text = cfg_path.read_text(encoding="utf-8").replace('webhook_url = ""', f'webhook_url = "{robot.url}"', 1)
        cfg_path.write_text(text, encoding="utf-8")
        at = open_page("pages/duty_desk.py", at="11:05")
        at.button(key="duty_post").click().run()
        assert not at.exception and robot.received == []
        shown = " ".join(unliteral(e.value) for e in at.error)
        assert "nfs4" in shown and point in shown
