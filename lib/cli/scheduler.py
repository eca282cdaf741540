"""`python -m lib.cli scheduler [--data DIR] [--once]`: post the rankings and the notices at their times.

A plain loop, not APScheduler: what has gone out is the store's 播报记录 (lib/day/autopost.py), read
before every pass, so a restart, a second pass in the same minute or a post the duty lead made by
hand never sends a time twice; a job store of APScheduler's would be a second record of the same.
One scheduler per data folder: a second one started beside it exits with a message (a file lock).
"""
from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from lib.cli.common import data_command


def run_pass(cfg, root: Path, post: Callable, at=None) -> list[dict]:
    """One look at the clock: post what is due, record every post in 播报记录; the rows written."""
    from lib.clock import now
    from lib.day import autopost as ap
    from lib.day.broadcast import broadcast_text
    from lib.day.notices import Notice, notice_text
    from lib.floor.cache import day_period, load_floor
    from lib.i18n import t
    from lib.store import open_store
    moment = at or now(cfg)
    day, minute = moment.date(), moment.hour * 60 + moment.minute
    store = open_store(cfg, root)
    b = cfg.broadcast
    slots = ap.day_slots(list(b.minutes), list(cfg.notices.minutes))
    due = ap.posts_due(slots, store.read_day("broadcast_log", day), minute, on_time_minutes=b.on_time_minutes,
                       late_within_minutes=b.late_within_minutes, missed=b.missed, retry_minutes=b.retry_minutes)
    if not due:
        return []
    floor = load_floor(root, cfg, day_period(day))
    kinds = dict(zip(cfg.notices.minutes, cfg.notices.kinds))
    sent_at = moment.strftime("%H:%M")
    written = []
    for d in due:
        s = d.slot
        if d.how == "missed":
            row = ap.log_row(day, s, ap.AUTO, sent_at, ap.MISSED, t("autopost.missed_note", "zh", now=sent_at))
        else:
            text = (broadcast_text(floor.reports, day, s.minute, cfg, b.chat_lang) if s.kind == "ranking" else
                    notice_text(Notice(s.time, s.minute, kinds[s.minute]), cfg, floor.projects, day, b.chat_lang))
            if d.how == "late":
                text = t("autopost.late_line", b.chat_lang, time=s.time, now=sent_at) + "\n" + text
            r = post(cfg, text)
            result = (ap.LATE if d.how == "late" else ap.SENT) if r.ok else ap.FAILED
            row = ap.log_row(day, s, ap.AUTO, sent_at, result, "" if r.ok else r.error[:200])
        store.append("broadcast_log", [row], submitted_by="scheduler")
        written.append(row)
    return written


def cmd_scheduler(args) -> int:
    from filelock import FileLock, Timeout

    from lib.cli.common import load_settings
    from lib.demo import DataSourceError, data_root
    from lib.out.webhook import post_broadcast
    cfg = load_settings(args.data, args.center)
    if not cfg.broadcast.auto and not args.force:
        print("[broadcast] auto = false: nothing is posted by itself (set auto = true in config.toml)", file=sys.stderr)
        return 2
    from lib.out.robots import credentials
    if not credentials(cfg.broadcast)[0]:
        print("error: no robot to post to: set [broadcast] webhook_url (config.toml, .streamlit/secrets.toml "
              "or $TEAMBOARD_WEBHOOK_URL)", file=sys.stderr)
        return 2
    try:
        root, _ = data_root(cfg)
    except DataSourceError as e:
        print(f"error: {e.zh}\nerror: {e.en}", file=sys.stderr)
        return 2
    lock = FileLock(str(Path(root) / ".scheduler.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        print(f"error: another scheduler runs on {root} (lock {lock.lock_file})", file=sys.stderr)
        return 3
    try:
        while True:
            for row in run_pass(cfg, Path(root), post_broadcast):
                print(f"{row['日期']} {row['时间点']} {row['类别']}: {row['结果']} {row['说明']}".rstrip(), flush=True)
            if args.once:
                return 0
            time.sleep(cfg.broadcast.poll_seconds)
    except KeyboardInterrupt:
        return 0
    finally:
        lock.release()


def add_parsers(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `scheduler` command."""
    sp = data_command(sub, "scheduler", cmd_scheduler, "post the rankings and notices at their times ([broadcast] auto)",
                      formats=False)
    sp.add_argument("--once", action="store_true", help="one look at the clock, then exit (cron, tests)")
    sp.add_argument("--force", action="store_true", help="run even with [broadcast] auto = false")
    sp.set_defaults(func=cmd_scheduler)
    return sp
