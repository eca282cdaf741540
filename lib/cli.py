"""The command line: everything the screens compute, for scripts, schedulers and checks.

    python -m lib.cli check    --data DIR [--format text|csv]
    python -m lib.cli ranking  --data DIR --date D --at HH:MM [--group G] [--format text|csv]
    python -m lib.cli duty-log --data DIR --date D --period morning|day [--format text|csv]
    python -m lib.cli flags    --data DIR --date D --at HH:MM [--format text|csv]
    python -m lib.cli monthly  --data DIR --month YYYY-MM [--agents | --senior-lead] [--format text|csv]
    python -m lib.cli weekly   --data DIR --week YYYY-Www --out FILE.pptx|FILE.xlsx
    python -m lib.cli demo     --out DIR [--date D]
    python -m lib.cli users    add|passwd|disable ID
    python -m lib.cli records  import TABLE FILE --data DIR | export TABLE --date D|--month M --data DIR
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from . import clock
from .config import settings as load_settings
from .tables_out import to_csv, to_text

HEADERS = {
    "rank": "排名", "agent_id": "工号", "name": "姓名", "group": "组别", "volume": "数据量",
    "handled": "办理量", "rate": "办理率", "connected": "接通量", "connect_rate": "接通率", "sales": "销售额",
    "agents": "人数", "avg_volume": "人均数据量", "avg_handled": "人均办理量", "kind": "类型", "detail": "说明",
    "days": "天数", "avg_volume_per_agent_day": "人日均数据量", "file": "文件", "sheet": "工作表", "row": "行",
    "column": "列", "severity": "级别", "message": "问题", "hour": "时段",
}


def _date(s: str) -> dt.date:
    from .load.values import date
    try:
        return date(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {s!r} (use YYYY-MM-DD)")


def _time(s: str) -> int:
    try:
        return clock.parse_hhmm(s)
    except (ValueError, IndexError):
        raise argparse.ArgumentTypeError(f"not a time: {s!r} (use HH:MM)")


def _month(s: str) -> str:
    try:
        dt.datetime.strptime(s, "%Y-%m")
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a month: {s!r} (use YYYY-MM)")
    return s


def _floor(args):
    from .floor import data_root, load_floor
    cfg = load_settings(args.data)
    if args.data is not None and not Path(args.data).is_dir():
        sys.exit(f"error: data folder not found: {args.data}")
    root, _ = data_root(cfg)
    return load_floor(root, cfg), cfg


def _emit(df, args, columns: list[str]) -> None:
    df = df[columns + [c for c in df.columns if c not in columns and c in args.extra]]
    sys.stdout.write(to_csv(df) if args.format == "csv" else to_text(df, HEADERS))


def cmd_check(args) -> int:
    floor, _ = _floor(args)
    p = floor.problems
    if args.format == "csv":
        sys.stdout.write(to_csv(p[["file", "sheet", "row", "column", "severity", "message", "message_en"]]))
    else:
        files = floor.files
        print(f"{len(files)} 个工作表已读取 / sheets read; {int(files['rows'].sum()) if len(files) else 0} 行 / rows")
        if len(p):
            sys.stdout.write(to_text(p[["file", "sheet", "row", "column", "severity", "message"]], HEADERS))
        else:
            print("没有发现问题 / no problems found")
    return 1 if len(p) else 0


def cmd_ranking(args) -> int:
    from .metrics import ranking_at
    floor, cfg = _floor(args)
    df = ranking_at(floor.reports, args.date, args.at, cfg.min_volume, args.group)
    _emit(df, args, ["rank", "agent_id", "name", "group", "volume", "handled", "rate"])
    return 0


def cmd_duty_log(args) -> int:
    from .metrics import group_averages
    floor, cfg = _floor(args)
    df = group_averages(floor.reports, args.date, args.period, cfg.morning_end_minute)
    _emit(df, args, ["group", "agents", "volume", "handled", "rate", "avg_volume", "avg_handled"])
    return 0


def cmd_flags(args) -> int:
    from .flags import flags_at
    floor, cfg = _floor(args)
    df = flags_at(floor.reports, floor.schedule, floor.projects, args.date, args.at, cfg)
    _emit(df, args, ["agent_id", "name", "group", "kind", "detail"])
    return 0


def cmd_demo(args) -> int:
    from .demo import write_demo
    cfg = load_settings()
    day = args.date or clock.today(cfg)
    now_minute = 24 * 60 if args.date and args.date < clock.today(cfg) else clock.minute_now(cfg)
    out = write_demo(Path(args.out), day, now_minute)
    print(f"demo center written to {out} ({day}, up to {clock.hhmm(min(now_minute, 24 * 60 - 1))})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    p = argparse.ArgumentParser(prog="python -m lib.cli", description="TeamBoard 呼叫中心班组看板")
    sub = p.add_subparsers(dest="command", required=True)

    def data_cmd(name: str, func, help_: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help_)
        sp.add_argument("--data", help="data folder (overrides [source] path)")
        sp.add_argument("--format", choices=["text", "csv"], default="text")
        sp.set_defaults(func=func, extra=())
        return sp

    data_cmd("check", cmd_check, "report every problem in the data folder (exit 1 when any)")
    r = data_cmd("ranking", cmd_ranking, "the ranking at a time of day")
    r.add_argument("--date", type=_date, required=True)
    r.add_argument("--at", type=_time, required=True)
    r.add_argument("--group")
    d = data_cmd("duty-log", cmd_duty_log, "each group's averages for the duty log")
    d.add_argument("--date", type=_date, required=True)
    d.add_argument("--period", choices=["morning", "day"], required=True)
    f = data_cmd("flags", cmd_flags, "low performers, wrong tasks and missing agents at a time")
    f.add_argument("--date", type=_date, required=True)
    f.add_argument("--at", type=_time, required=True)
    from .review_cli import add_review_parsers   # monthly (groups, --agents, --senior-lead) and weekly
    add_review_parsers(sub)
    from .broadcast_cli import add_broadcast_parser   # the 11/15/17 ranking broadcast, --post to the webhook
    add_broadcast_parser(sub)
    dm = sub.add_parser("demo", help="write the demo center to a folder")
    dm.add_argument("--out", required=True)
    dm.add_argument("--date", type=_date)
    dm.set_defaults(func=cmd_demo)
    from .users_cli import add_users_parser
    add_users_parser(sub)
    from .store.records_cli import add_records_parser   # records import|export
    add_records_parser(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run one command; the exit code is the command's."""
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
