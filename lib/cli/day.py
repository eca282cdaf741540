"""The floor's day on the command line: check, ranking, duty-log, flags, demo."""
from __future__ import annotations

import sys
from pathlib import Path

from lib import clock
from lib.cli.common import HEADERS, data_command, date_arg, emit, load_settings, open_floor, time_arg
from lib.out.tables import to_csv, to_text


def cmd_check(args) -> int:
    from lib.day.summary import data_problems
    from lib.store import open_store
    floor, cfg = open_floor(args, whole=True)   # every file of the folder, whatever its month
    # the files' problems, then 考勤 records whose typed 扣分 differs from the rule (warnings)
    p = data_problems(floor, lambda: open_store(cfg, floor.root), clock.today(cfg), cfg)
    if args.format == "csv":
        sys.stdout.write(to_csv(p[["file", "sheet", "row", "column", "severity", "message", "message_en"]]))
    else:
        files = floor.files
        print(f"{len(files)} 个工作表已读取 / sheets read; {int(files['rows'].sum()) if len(files) else 0} 行 / rows")
        if len(p):
            sys.stdout.write(to_text(p[["file", "sheet", "row", "column", "severity", "message"]], HEADERS))
        else:
            print("没有发现问题 / no problems found")
    # info lines (a skipped totals row) are listed, not failed on
    return 1 if len(p) and (p["severity"] != "info").any() else 0


NO_REPORT = 3   # the asked day (month) has no readable report at all


def no_report(floor, day=None, month: str | None = None) -> bool:
    """True, with a message on stderr (zh and en), when the floor holds no report row of that day
    (or month): the command then exits NO_REPORT instead of printing an empty table."""
    import pandas as pd
    r = floor.reports
    if month is not None:
        hit = len(r) and (r["date"].dt.strftime("%Y-%m") == month).any()
        what_zh, what_en = f"{month} 月", f"the month {month}"
    else:
        hit = len(r) and (r["date"] == pd.Timestamp(day)).any()
        what_zh, what_en = f"{day:%Y-%m-%d}", f"{day:%Y-%m-%d}"
    if hit:
        return False
    files = floor.files
    n = int((files["table"] == "reports").sum()) if len(files) and "table" in files else 0
    print(f"error: {what_zh} 没有可读取的坐席日报告（reports/ 中有 {n} 个工作表，该日没有一行可读）：运行 python -m lib.cli check 查看原因\n"
          f"error: no readable agent report for {what_en} ({n} sheet(s) in reports/, not one readable row of that day): "
          f"run python -m lib.cli check to see why", file=sys.stderr)
    return True


def _day_table(args, compute, columns: list[str]) -> int:
    """A table of the asked day on stdout: exit 3 when that day has no readable report at all."""
    floor, cfg = open_floor(args)
    if no_report(floor, args.date):
        return NO_REPORT
    emit(compute(floor, cfg), args, columns)
    return 0


def cmd_ranking(args) -> int:
    from lib.floor.metrics import ranking_at
    return _day_table(args, lambda f, cfg: ranking_at(f.reports, args.date, args.at, cfg.min_volume, args.group,
                                                       per_hour=cfg.ranking.min_volume_per_hour),
                      ["rank", "agent_id", "name", "group", "volume", "handled", "rate"])


def cmd_duty_log(args) -> int:
    from lib.floor.metrics import group_averages
    return _day_table(args, lambda f, cfg: group_averages(f.reports, args.date, args.period, cfg.morning_end_minute),
                      ["group", "agents", "volume", "handled", "rate", "avg_volume", "avg_handled"])


def cmd_flags(args) -> int:
    from lib.day.flags import flags_at
    return _day_table(args, lambda f, cfg: flags_at(f.reports, f.schedule, f.projects, args.date, args.at, cfg),
                      ["agent_id", "name", "group", "kind", "detail"])


def cmd_demo(args) -> int:
    from lib.demo.center import write_demo
    cfg = load_settings()
    day = args.date or clock.today(cfg)
    now_minute = 24 * 60 if args.date and args.date < clock.today(cfg) else clock.minute_now(cfg)
    out = write_demo(Path(args.out), day, now_minute)
    print(f"demo center written to {out} ({day}, up to {clock.hhmm(min(now_minute, 24 * 60 - 1))})")
    return 0


def add_parsers(sub) -> None:
    """Add check, ranking, duty-log, flags and demo to the CLI's subcommands."""
    data_command(sub, "check", cmd_check, "report every problem in the data folder (exit 1 when any error or warning)")
    r = data_command(sub, "ranking", cmd_ranking, "the ranking at a time of day")
    r.add_argument("--date", type=date_arg, required=True)
    r.add_argument("--at", type=time_arg, required=True)
    r.add_argument("--group")
    d = data_command(sub, "duty-log", cmd_duty_log, "each group's averages for the duty log")
    d.add_argument("--date", type=date_arg, required=True)
    d.add_argument("--period", choices=["morning", "day"], required=True)
    f = data_command(sub, "flags", cmd_flags, "low performers, wrong tasks and missing agents at a time")
    f.add_argument("--date", type=date_arg, required=True)
    f.add_argument("--at", type=time_arg, required=True)
    dm = sub.add_parser("demo", help="write the demo center to a folder")
    dm.add_argument("--out", required=True)
    dm.add_argument("--date", type=date_arg)
    dm.set_defaults(func=cmd_demo)
