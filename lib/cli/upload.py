"""`upload results|qa|duty-log|contact-sheet --date D [--group G] [--at HH:MM]`: a document of the day onto the
center's FTP server ([source.ftp.upload]), as the workbench's and the duty desk's buttons do.

Exit 0 when it is on the server (its path on stdout), 1 when the upload failed (the server's reply on
stderr), 2 for settings that cannot be used ([source] kind not "ftp", no --group where one is needed).
"""
from __future__ import annotations

import argparse
import sys

import pandas as pd

from lib.cli.common import date_arg, time_arg

WHAT = {"results": "results", "qa": "qa", "duty-log": "duty_log", "contact-sheet": "contact_sheet"}


def _callbacks(store, day, settings) -> pd.DataFrame:
    from lib.quality.callbacks import followed
    days = settings.callbacks.lookback_days
    start = pd.Timestamp(day) - pd.Timedelta(days=days)
    parts = [store.read_month("callbacks", str(m)) for m in pd.period_range(start, pd.Timestamp(day), freq="M")]
    parts = [p for p in parts if len(p)]
    return followed(pd.concat(parts, ignore_index=True), day, days) if parts else store.read_day("callbacks", day)


def build(what: str, day, group: str, floor, settings, store, at_minute: int = 24 * 60 - 1) -> bytes:
    """The document's workbook, from the same builders as the screens."""
    from lib.quality import documents
    if what == "results":   # the workbench's workbook, at --at (the whole day by default)
        from lib.quality.lead_book import results_workbook
        return results_workbook(floor, settings, day, at_minute, group, store.read_day)
    if what == "qa":
        return documents.qa_workbook(store.read_day("qa", day), group)
    from lib.day.duty import duty_lead
    duty = duty_lead(floor.schedule, day)
    if what == "duty_log":
        return documents.duty_log_workbook(floor.reports, day, duty, settings, store.read_day("duty_log", day))
    from lib.floor.roster import duty_leads
    from lib.people.auth import Person
    d = duty_leads(floor.schedule, day)
    viewer = Person(str(d["agent_id"].iloc[0]) if len(d) else "cli", duty, "lead", "", duty_today=True)
    names = dict(zip(floor.schedule["agent_id"], floor.schedule["name"]))
    return documents.contact_sheet_workbook(_callbacks(store, day, settings), day, viewer, names)


def cmd_upload(args: argparse.Namespace) -> int:
    from lib.cli.common import load_settings, open_floor
    from lib.out.ftp_upload import upload_document
    from lib.store import open_store
    from lib.floor.sources.ftp import mirror_root
    cfg = load_settings(args.data, getattr(args, "center", None))
    if cfg.source_kind != "ftp":
        print('error: uploads need [source] kind = "ftp"', file=sys.stderr)
        return 2
    what = WHAT[args.what]
    if what in ("results", "qa") and not args.group:
        print(f"error: --group is needed for {args.what}", file=sys.stderr)
        return 2
    floor, cfg = open_floor(args)
    at = 24 * 60 - 1 if args.at is None else args.at
    data = build(what, args.date, args.group or "", floor, cfg, open_store(cfg, mirror_root(cfg)), at)
    r = upload_document(cfg, what, args.date, data, group=args.group or "")
    if not r.ok:
        print(f"error: {r.zh}\nerror: {r.en}", file=sys.stderr)
        return 1
    print(r.path)
    return 0


def add_parsers(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add `upload` to a command line's subparsers."""
    p = subparsers.add_parser("upload", help="a document of the day onto the center's FTP server ([source.ftp.upload])")
    p.add_argument("what", choices=list(WHAT))
    p.add_argument("--date", type=date_arg, required=True)
    p.add_argument("--group", help="the group (results, qa)")
    p.add_argument("--at", type=time_arg, help="results: the moment of the day, HH:MM (default: the whole day)")
    p.set_defaults(func=cmd_upload, extra=(), data=None)
    return p
