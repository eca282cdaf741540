"""`monthly` and `weekly` on the command line: the month by group, by agent with stars, the senior
lead's assessment; the weekly meeting pack as a deck or a workbook.

    python -m lib.cli monthly --data DIR --month YYYY-MM [--agents | --senior-lead] [--format text|csv]
    python -m lib.cli weekly  --data DIR --week YYYY-Www --out FILE.pptx|FILE.xlsx
    python -m lib.cli contest --data DIR [--date D] [--name NAME] [--format text|csv] [--out FILE.xlsx]
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from lib.cli.common import data_command, date_arg, month_arg, open_floor
from lib.out.tables import to_csv, to_text

GROUP_FIRST = ["group", "volume", "handled", "rate", "connected", "connect_rate", "sales", "agents", "days"]
GROUP_MORE = ["qa_avg", "qa_scores", "qa_coverage", "deductions", "rate_vs_center", "last_rate", "rate_change"]
AGENT_FIRST = ["agent_id", "name", "group", "volume", "handled", "rate"]
AGENT_MORE = ["stars", "reason", "rate_ratio", "project_rate", "qa_avg", "qa_scores", "qa_coverage",
              "deductions", "absences", "days", "connected", "connect_rate", "sales"]


def _week(s: str) -> str:
    from lib.month.weekly import parse_week, week_of
    try:
        return week_of(parse_week(s)[0])
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e))


def _headers() -> dict[str, str]:
    from lib.cli.common import HEADERS
    from lib.month.export import column_label
    cols = GROUP_MORE + AGENT_MORE + ["item", "acting", "month", "achieved", "manager", "director", "employees",
                                      "employee_count", "points", "max_points", "note"]
    return {**HEADERS, **{c: column_label(c, "zh") for c in cols if c not in HEADERS}}


def _out(df, fmt: str, rates=("rate", "connect_rate", "qa_coverage", "rate_vs_center", "last_rate",
                              "rate_change", "rate_ratio", "project_rate", "achieved")) -> None:
    sys.stdout.write(to_csv(df) if fmt == "csv" else to_text(df, _headers(), rate_columns=rates))


def _records(floor, cfg, table: str, month: str):
    from lib.store import StoreError, open_store
    try:
        return open_store(cfg, floor.root).read_month(table, month)
    except StoreError as e:
        sys.exit(f"error: {e}")


def cmd_monthly(args) -> int:
    """The month by group (default), by agent with suggested stars, or the senior lead's assessment."""
    from lib.cli.day import NO_REPORT, no_report
    floor, cfg = open_floor(args)
    if no_report(floor, month=args.month):
        return NO_REPORT
    qa, att = _records(floor, cfg, "qa", args.month), _records(floor, cfg, "attendance", args.month)
    if args.senior_lead:
        from lib.month.senior_lead import assess, breakdown, senior_leads, standing_text
        leads = senior_leads(floor.schedule, args.month)
        if not leads:
            print(f"{args.month}: 排班表中没有资深组长 / the roster has no senior lead")
            return 1
        ratings = _records(floor, cfg, "ratings", args.month)
        for lead in leads:
            a = assess(floor.reports, floor.schedule, ratings, args.month, lead, cfg)
            if args.format == "text":
                days = "、".join(f"{d:%m-%d}" for d in a.scored_days) or "—"
                total = "—" if a.total is None else f"{a.total:.2f}"
                print(f"资深组长 {lead[0]} {lead[1]} · {args.month} · 代理日 {days} · 总分 {total}: "
                      f"{standing_text(a)}")
            _out(breakdown(a).assign(**({"senior_id": lead[0]} if args.format == "csv" else {})), args.format)
        return 0
    from lib.month.review import agent_month, group_month
    if args.agents:
        df = agent_month(floor.reports, qa, att, args.month, cfg)
        _out(df[AGENT_FIRST + AGENT_MORE], args.format)
    else:
        df = group_month(floor.reports, qa, att, args.month, cfg)
        _out(df[GROUP_FIRST + GROUP_MORE], args.format)
    return 0


def cmd_weekly(args) -> int:
    """Write the weekly meeting pack of a week to a .pptx or .xlsx file."""
    from lib.month.export import weekly_deck, weekly_workbook
    from lib.month.weekly import parse_week, read_span, weekly_pack
    from lib.store import StoreError, open_store
    out = Path(args.out)
    if out.suffix.lower() not in (".pptx", ".xlsx"):
        sys.exit(f"error: --out must end in .pptx or .xlsx, not {out.name!r}")
    floor, cfg = open_floor(args)
    start, end = parse_week(args.week)
    store = open_store(cfg, floor.root)
    before = start - dt.timedelta(days=7)
    try:
        frames = [read_span(store, "qa", before, end), read_span(store, "attendance", before, end),
                  read_span(store, "duty_log", start, end)]
    except StoreError as e:
        sys.exit(f"error: {e}")
    pack = weekly_pack(floor.reports, *frames, args.week, cfg)
    data = weekly_deck(pack) if out.suffix.lower() == ".pptx" else weekly_workbook(pack)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(f"{pack.week} ({pack.start} ~ {pack.end}) 对比 {pack.previous}: {out}")
    return 0


def cmd_contest(args) -> int:
    """Each group competition of --date's month that has started (or the one --name names), as it stood
    at that day's end (the final result once over): standings part by part; --out FILE.xlsx writes the
    standings and each day's score."""
    import pandas as pd

    from lib import clock
    from lib.cli.common import load_settings
    from lib.month.weekly import read_span
    from lib.demo import data_root
    from lib.floor.cache import load_floor
    from lib.month.contest import contest_days, contest_sheets, contests_within, daily_standings, shown_columns, standings
    from lib.i18n.columns import column_label
    from lib.out.excel import workbook_bytes
    from lib.store import StoreError, open_store
    cfg = load_settings(args.data, getattr(args, "center", None))
    day = args.date or clock.today(cfg)
    first = day.replace(day=1)
    # --name: that contest whenever it was (its final result after its last day); else those of the month
    contests = ([c for c in cfg.contest if c.name == args.name and c.first_day <= day] if args.name
                else [c for c in contests_within(cfg, first, day)])
    if not contests:
        named = f" {args.name!r}" if args.name else ""
        print(f"{day:%Y-%m}: 没有劳动竞赛{named} / no group competition{named} (config.toml [[contest]])")
        return 1
    root, _ = data_root(cfg)
    sheets, parts = [], []
    for c in contests:
        through = contest_days(c, day).through
        floor = load_floor(root, cfg, (c.first_day, through))
        store = open_store(cfg, floor.root)
        try:
            qa, att = (read_span(store, name, c.first_day, through) for name in ("qa", "attendance"))
        except StoreError as e:
            sys.exit(f"error: {e}")
        table = standings(c, floor.reports, qa, att, day, 24 * 60, cfg)
        if args.out:
            sheets += contest_sheets(c, table, daily_standings(c, floor.reports, qa, att, day, 24 * 60, cfg))
        shown = table[shown_columns(c)]
        if args.format == "csv":
            parts.append(shown.assign(contest=c.name)[["contest", *shown.columns]])
        else:
            when = contest_days(c, day)
            state = "最终结果 / final" if when.over else f"第 {when.day_number} 天 / day {when.day_number} of {when.days}"
            print(f"{c.name} · {c.first} ~ {c.last} · {state}")
            headers = {col: column_label(col, "zh", "contest") for col in shown.columns}
            sys.stdout.write(to_text(shown, headers, rate_columns=("value_rate",)))
    if parts:
        sys.stdout.write(to_csv(pd.concat(parts, ignore_index=True)))
    if args.out:
        out = Path(args.out)
        if out.suffix.lower() != ".xlsx":
            sys.exit(f"error: --out must end in .xlsx, not {out.name!r}")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(workbook_bytes(sheets, percent_columns=[column_label("value_rate", "zh", "contest")]))
        print(f"{out}", file=sys.stderr)
    return 0


def add_parsers(sub) -> None:
    """Add `monthly` and `weekly` to the CLI's subcommands."""
    m = data_command(sub, "monthly", cmd_monthly, "the month by group, by agent with stars, or the senior lead's score")
    m.add_argument("--month", type=month_arg, required=True)
    which = m.add_mutually_exclusive_group()
    which.add_argument("--agents", action="store_true", help="one row per agent with the suggested star level")
    which.add_argument("--senior-lead", action="store_true", help="the senior lead's assessment (100 points)")
    w = data_command(sub, "weekly", cmd_weekly, "the weekly meeting pack as a PowerPoint deck or an Excel workbook",
                     formats=False)
    w.add_argument("--week", type=_week, required=True, help="ISO week, e.g. 2026-W47")
    w.add_argument("--out", required=True, help="FILE.pptx or FILE.xlsx")
    c = data_command(sub, "contest", cmd_contest, "the group competitions' standings (final once over)")
    c.add_argument("--date", type=date_arg, help="the day the standings are as at (default today)")
    c.add_argument("--name", help="one [[contest]] by its name")
    c.add_argument("--out", help="FILE.xlsx: the standings and each day's score")
