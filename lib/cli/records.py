"""`records import|export`: bulk rows into a write-back table (all or none), a day or month out of it.
"""
from __future__ import annotations

import argparse
import getpass
import hashlib
import os
import sys
from pathlib import Path

from lib.cli.common import center_option
from lib.store.base import StoreError
from lib.store.importfile import ImportFileError, read_import
from lib.store.tables import TABLES, table
from lib.store.values import RecordError, as_day, as_month

_TABLE_HELP = ", ".join(f"{t.name} ({t.sheet})" for t in TABLES.values())


def _settings(data: str | None, center: str | None = None):
    """Settings with --data applied (StoreError when the folder is missing; exit 2 for a bad config)."""
    from lib.cli.common import load_settings

    if data is not None and not Path(data).is_dir():
        raise StoreError(f"data folder not found: {data}")
    return load_settings(data, center)


def _store(data: str | None, center: str | None = None):
    """The store the settings ask for (of --center's center when the server has several)."""
    from lib.store import open_store

    cfg = _settings(data, center)
    if cfg.source_kind == "ftp":   # the pages write into the server's local copy: so does the command line
        from lib.floor.sources.ftp import mirror_root
        return open_store(cfg, mirror_root(cfg))
    return open_store(cfg, cfg.data_path)


def _who(given: str | None) -> str:
    """提交人 for imported rows: --by, TEAMBOARD_USER or the login name."""
    if given:
        return given
    try:
        return os.environ.get("TEAMBOARD_USER") or getpass.getuser() or "import"
    except Exception:   # no login name in a container: still say where rows came from
        return "import"


def cmd_import(args: argparse.Namespace) -> int:
    """Validate every row of the file, then store all of them, or report the bad rows and store none."""
    spec = table(args.table)
    try:
        f = read_import(args.file, spec)
    except ImportFileError as e:
        print(f"error: {e}; nothing was imported", file=sys.stderr)
        return 1
    store = _store(args.data, args.center)
    seed = hashlib.sha256(spec.name.encode() + b"\0" + f.path.read_bytes()).hexdigest()
    try:
        written, present = store.import_rows(spec.name, f.rows, _who(args.by), id_seed=seed,
                                             row_numbers=f.row_numbers)
    except RecordError as e:
        where = f"{f.path}" + (f", sheet {f.sheet}" if f.sheet else "")
        for p in e.problems:
            print(f"{where}, row {p.row}, column {p.column}: {p.message}", file=sys.stderr)
        bad = sorted({p.row for p in e.problems if p.row})
        print(f"error: {len(e.problems)} problem(s) in rows {', '.join(map(str, bad)) or '-'} of {f.path}; "
              f"nothing was imported", file=sys.stderr)
        return 1
    note = f"; {present} already present (imported before)" if present else ""
    print(f"imported {written} row(s) into {spec.sheet} ({spec.name}) from {f.path}{note}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Write a day's or a month's rows (latest versions, or --history) as CSV or xlsx."""
    from lib.store.safe import csv_safe, xlsx_safe

    spec = table(args.table)
    store = _store(args.data, args.center)
    if args.date is not None:
        period = as_day(args.date)
        df = store.read(spec.name, day=period, history=args.history)
    else:
        period = as_month(args.month)
        df = store.read(spec.name, month=period, history=args.history)
    if args.format == "xlsx":
        out = Path(args.out or f"{spec.sheet}_{period}.xlsx")
        out.write_bytes(xlsx_safe(df, spec.sheet))
        print(f"{len(df)} row(s) of {spec.sheet} ({spec.name}) {period} written to {out}", file=sys.stderr)
        return 0
    data = csv_safe(_dates_as_text(df))
    if args.out:
        Path(args.out).write_bytes(data)
        print(f"{len(df)} row(s) of {spec.sheet} ({spec.name}) {period} written to {args.out}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def _dates_as_text(df):
    """日期 as YYYY-MM-DD text for CSV."""
    out = df.copy()
    if "日期" in out.columns:
        out["日期"] = out["日期"].dt.strftime("%Y-%m-%d").fillna("")
    return out


def run(args: argparse.Namespace) -> int:
    """Dispatch `records import|export`; store errors become one line on stderr and exit 1."""
    try:
        return args.records_func(args)
    except (StoreError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1


def add_parsers(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add `records import|export` to a command line's subparsers; sets func=run."""
    p = subparsers.add_parser("records", help="write-back tables: import a file, export a day or a month",
                              description=f"Write-back tables: {_TABLE_HELP}.")
    sub = p.add_subparsers(dest="records_command", required=True)
    imp = sub.add_parser("import", help="add every row of an xlsx/csv file, or none when any row is wrong")
    imp.add_argument("table", help=_TABLE_HELP)
    imp.add_argument("file", help=".xlsx/.xls/.csv with the sheet's Chinese columns (DATA.md)")
    imp.add_argument("--data", help="data folder (overrides [source] path)")
    center_option(imp)
    imp.add_argument("--by", help="提交人 for the rows (default: the login name)")
    imp.set_defaults(records_func=cmd_import)
    exp = sub.add_parser("export", help="a day or a month of a table as CSV or xlsx")
    exp.add_argument("table", help=_TABLE_HELP)
    when = exp.add_mutually_exclusive_group(required=True)
    when.add_argument("--date", help="YYYY-MM-DD")
    when.add_argument("--month", help="YYYY-MM")
    exp.add_argument("--data", help="data folder (overrides [source] path)")
    center_option(exp)
    exp.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    exp.add_argument("--out", help="file to write (CSV goes to stdout without it)")
    exp.add_argument("--history", action="store_true", help="every stored row, corrections and voids included")
    exp.set_defaults(records_func=cmd_export)
    p.set_defaults(func=run, extra=())
    return p
