"""What every command shares: argument types, the --data/--format options, opening the floor, CSV/text output."""
from __future__ import annotations

import argparse
import datetime as dt
import sys

from lib import clock
from lib.config import ConfigError, Settings, settings
from lib.out.tables import to_csv, to_text

# Column headers of the text output (CSV keeps the canonical names of ../docs/DATA.md).
HEADERS = {
    "rank": "排名", "agent_id": "工号", "name": "姓名", "group": "组别", "volume": "数据量",
    "handled": "办理量", "rate": "办理率", "connected": "接通量", "connect_rate": "接通率", "sales": "销售额",
    "agents": "人数", "avg_volume": "人均数据量", "avg_handled": "人均办理量", "kind": "类型", "detail": "说明",
    "days": "天数", "avg_volume_per_agent_day": "人日均数据量", "file": "文件", "sheet": "工作表", "row": "行",
    "column": "列", "severity": "级别", "message": "问题", "hour": "时段",
}


def date_arg(s: str) -> dt.date:
    """A --date value (every form the loader reads)."""
    from lib.floor.load.values import date
    try:
        return date(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {s!r} (use YYYY-MM-DD)")


def time_arg(s: str) -> int:
    """An --at value as minutes of the day."""
    try:
        return clock.parse_hhmm(s)
    except (ValueError, IndexError):
        raise argparse.ArgumentTypeError(f"not a time: {s!r} (use HH:MM)")


def month_arg(s: str) -> str:
    """A --month value, YYYY-MM."""
    try:
        dt.datetime.strptime(s, "%Y-%m")
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a month: {s!r} (use YYYY-MM)")
    return s


def data_command(sub, name: str, func, help_: str, formats: bool = True) -> argparse.ArgumentParser:
    """A subcommand that reads a data folder: --data, and --format text|csv unless `formats` is false."""
    sp = sub.add_parser(name, help=help_)
    sp.add_argument("--data", help="data folder (overrides [source] path)")
    center_option(sp)
    if formats:
        sp.add_argument("--format", choices=["text", "csv"], default="text")
    sp.set_defaults(func=func, extra=())
    return sp


def center_option(sp: argparse.ArgumentParser) -> None:
    """--center ID: which [[center]] a command reads and writes (the first one without it)."""
    sp.add_argument("--center", help="center id of a [[center]] in config.toml (default: the first)")


def load_settings(data: str | None = None, center: str | None = None) -> Settings:
    """The settings in force as one center sees them (--center, else the first [[center]]; unchanged
    without any), --data applied. A config file that cannot be used, or a --center no [[center]] has,
    ends the command: its message (file, key, zh / en) on stderr, exit code 2."""
    try:
        return settings(data, center=center or "")
    except ConfigError as e:
        print(e, file=sys.stderr)
        sys.exit(2)


def asked_period(args):
    """The days a command needs in memory: its --date's as a day's page has them (its month and the
    two weeks before), its --month and the one before, its --week and the week before; None (every
    file) for a command of no period."""
    from lib.floor.cache import day_period, month_period
    if (week := getattr(args, "week", None)) is not None:
        from lib.month.weekly import parse_week
        try:
            start, end = parse_week(week)
        except ValueError:   # the command says so itself
            return None
        return start - dt.timedelta(days=7), end
    if (month := getattr(args, "month", None)) is not None:
        y, m = (int(x) for x in str(month).split("-"))
        return month_period(dt.date(y, m, 1))
    if isinstance(day := getattr(args, "date", None), dt.date):
        return day_period(day)
    return None


def open_floor(args, whole: bool = False):
    """The floor of --data (or the configured folder, or the demo) and the settings in force: the
    period the command asks about (`asked_period`), or every file when `whole`."""
    from lib.demo import DataSourceError, data_root
    from lib.floor.cache import load_floor
    cfg = load_settings(args.data, getattr(args, "center", None))
    try:
        root, _ = data_root(cfg)
    except DataSourceError as e:   # never the demo in its place
        print(f"error: {e.zh}\nerror: {e.en}", file=sys.stderr)
        sys.exit(2)
    return load_floor(root, cfg, None if whole else asked_period(args)), cfg


def emit(df, args, columns: list[str], headers: dict[str, str] = HEADERS) -> None:
    """A frame on stdout: the given columns first, as CSV or as an aligned text table."""
    df = df[columns + [c for c in df.columns if c not in columns and c in args.extra]]
    sys.stdout.write(to_csv(df) if args.format == "csv" else to_text(df, headers))
