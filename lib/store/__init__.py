"""Write-back store: one interface for the tables of DATA.md, on local workbooks or Google Sheets.

    store = open_store(settings, data_path)           # or credentials=st.secrets[...] for gsheets
    ids = store.append("qa", [{"日期": "2026-11-25", "工号": "007", ...}], submitted_by="lead01")
    store.correct("qa", ids[0], {...new row...}, submitted_by="lead01")
    df = store.read_day("qa", "2026-11-25")          # latest versions; history=True for every row
"""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from lib.config import Settings
from lib.store.base import Store, StoreError
from lib.store.frames import latest, to_frame
from lib.store.mounts import refuse_network_fs
from lib.store.safe import csv_safe, neutralise, xlsx_safe
from lib.store.tables import RECORD_COLUMNS, TABLES, Table, table
from lib.store.values import RecordError, RowProblem

__all__ = ["Store", "StoreError", "RecordError", "RowProblem", "TABLES", "Table", "RECORD_COLUMNS", "table",
           "open_store", "latest", "to_frame", "csv_safe", "xlsx_safe", "neutralise"]


def open_store(settings: Settings, data_path: str | Path | None, *, credentials: Mapping[str, Any] | None = None,
               client: Any = None, mountinfo: Path | None = None) -> Store:
    """The store config asks for: Google Sheets when [source] kind = "gsheets", else <data_path>/records.

    credentials: a service-account mapping (Streamlit secrets, passed in by the page); without it the
    file [source.gsheets] credentials_file is used. client: a ready gspread.Client (tests). The local
    store refuses (StoreError) a records folder on a network file system unless [store]
    allow_network_fs; mountinfo: the mount table to read (default /proc/self/mountinfo, lib/store/mounts)."""
    opts = settings.store
    if settings.source.kind == "gsheets":
        from lib.store.gsheets import GSheetsStore, make_client

        email = str((credentials or {}).get("client_email", "")) if credentials else ""
        if client is None:
            client, email = make_client(settings, credentials)
        return GSheetsStore(settings, client, retries=opts.retries, backoff=opts.backoff_seconds,
                            backoff_max=opts.backoff_max_seconds, create_worksheets=opts.create_worksheets,
                            account=email)
    from lib.store.local import LocalStore

    base = data_path if data_path is not None else settings.data_path
    if base is None:
        raise StoreError("no data folder: set [source] path in config.toml or pass --data")
    if not opts.allow_network_fs:   # two machines' saves on one share would not see each other's lock
        refuse_network_fs(Path(base) / "records", mountinfo)
    return LocalStore(settings, Path(base) / "records", rows_per_file=opts.rows_per_file,
                      lock_timeout=opts.lock_timeout_seconds)
