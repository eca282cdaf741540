"""Input tables kept in Google Sheets: one spreadsheet per table, each worksheet read like a sheet of a file.

`[source] kind = "gsheets"` with `[source.gsheets] schedule / projects / reports` = a key or URL
each. Values are read unformatted, so dates arrive as serial numbers and times as fractions of a
day — forms the loader reads already. Sheets has no cheap "modified" stamp without the Drive API,
so a spreadsheet is read again at most every `[source.gsheets] refresh_seconds`.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import json
from collections.abc import Mapping

from lib.floor.sources import FileRef, RawSheet, SourceError

TABLES = ("schedule", "projects", "reports")
_client: dict[str, Any] = {}


def use_client(client: Any) -> None:
    """Read through this gspread client (Streamlit secrets at the page edge, or a test's fake)."""
    _client["c"] = client


def has_client() -> bool:
    """Whether a client was given already."""
    return "c" in _client


def use_credentials(info: dict) -> None:
    """Read with a service account given as a mapping (e.g. st.secrets["gcp_service_account"])."""
    import gspread
    use_client(gspread.service_account_from_dict(dict(info)))


class CredentialsError(Exception):
    """No usable service account: the message says what to set."""


def make_client(settings: Any, credentials: Mapping[str, Any] | None) -> tuple[Any, str]:
    """A gspread client from a service-account mapping (Streamlit secrets) or the configured file."""
    import gspread

    if credentials:
        info = {k: credentials[k] for k in credentials}
        return gspread.service_account_from_dict(info), str(info.get("client_email", ""))
    path = settings.source.gsheets.credentials_file
    if not path:
        raise CredentialsError("Google Sheets needs a service account: pass the Streamlit secrets, or set "
                         "[source.gsheets] credentials_file in config.toml")
    p = Path(path).expanduser()
    if not p.is_absolute():
        p = Path(settings.base_dir) / p
    if not p.is_file():
        raise CredentialsError(f"Google Sheets credentials file not found: {p}")
    email = str(json.loads(p.read_text(encoding="utf-8")).get("client_email", ""))
    return gspread.service_account(filename=str(p)), email


def _client_for(settings) -> Any:
    if "c" not in _client:
        use_client(make_client(settings, None)[0])
    return _client["c"]


def list_refs(settings, now: float | None = None) -> list[FileRef]:
    """A ref per configured input spreadsheet; its signature changes once per refresh period."""
    ttl = max(5.0, settings.source.gsheets.refresh_seconds)
    bucket = int((now if now is not None else time.time()) // ttl) * ttl
    refs = []
    for table in TABLES:
        for key in settings.source.gsheets.inputs(table):
            refs.append(FileRef(table, Path(key), f"Google Sheets: {table}", 0, float(bucket), "gsheets"))
    return refs


def _merges(meta: dict) -> dict[str, list]:
    out = {}
    for sh in meta.get("sheets", []):
        title = sh["properties"]["title"]
        out[title] = [((m.get("startRowIndex", 0), m.get("startColumnIndex", 0)),
                       (m.get("endRowIndex", 1) - 1, m.get("endColumnIndex", 1) - 1)) for m in sh.get("merges", [])]
    return out


def read_spreadsheet(ref: FileRef) -> list[RawSheet | SourceError]:
    """Every worksheet of the spreadsheet as raw cells."""
    from gspread.exceptions import APIError, SpreadsheetNotFound
    from gspread.utils import ValueRenderOption, extract_id_from_url

    from lib.config import settings as current
    key = str(ref.path)
    key = extract_id_from_url(key) if key.startswith("http") else key
    try:
        book = _client_for(current()).open_by_key(key)
        label = f"Google Sheets「{book.title}」"
        merges = _merges(book.fetch_sheet_metadata())
        sheets: list[RawSheet | SourceError] = []
        for ws in book.worksheets():
            rows = ws.get_all_values(value_render_option=ValueRenderOption.unformatted)
            sheets.append(RawSheet(label, ws.title, [list(r) for r in rows], 0, 0, merges.get(ws.title, [])))
        return sheets
    except SpreadsheetNotFound:
        raise SourceError(ref.rel, f"找不到电子表格 {key}，或服务账号没有查看权限",
                          f"spreadsheet {key} not found, or the service account may not open it")
    except APIError as exc:
        raise SourceError(ref.rel, f"读取电子表格 {key} 失败：{exc}", f"reading spreadsheet {key} failed: {exc}")
    except Exception as exc:   # credentials missing, network down: the floor still loads the rest
        raise SourceError(ref.rel, f"无法连接 Google Sheets：{exc}", f"cannot reach Google Sheets: {exc}")
