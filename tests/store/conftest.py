"""Store fixtures: settings, the fake Google Sheets, and `store` parametrised over both backends."""
from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:      # child processes and plain `pytest` find lib/ too
    sys.path.insert(0, str(ROOT))

from lib.config import settings_from_dict  # noqa: E402
from lib.store import open_store  # noqa: E402
from tests.store.fake_sheets import FakeSheets  # noqa: E402

RECORDS_KEY = "1TeamBoardRecordsKey"
ACCOUNT = "teamboard@center-123.iam.gserviceaccount.com"
DAY = "2026-11-25"

# Text a user may type that a spreadsheet would run, or that a loose reader would change.
CORPUS = ["=1+1", '=HYPERLINK("http://x","y")', "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", "＝1+1", "007",
          "\nx", "a\r\nb", " lead ", "_x000D_", "a\x0bb", "'quoted", "1e5", "0123456789012345678"]


def make_cfg(tmp: Path | None = None, **overrides) -> object:
    """The repo's config.toml with tables overridden, e.g. make_cfg(store={"rows_per_file": 5})."""
    with open(ROOT / "config.toml", "rb") as fh:
        raw = tomllib.load(fh)
    for name, values in overrides.items():
        node = raw.setdefault(name, {})
        for k, v in values.items():
            if isinstance(v, dict):
                node.setdefault(k, {}).update(v)
            else:
                node[k] = v
    return settings_from_dict(raw, tmp or ROOT)


def gspread_client(fake: FakeSheets):
    """A real gspread client whose HTTP goes to the fake (no credentials, no network)."""
    import gspread

    session = requests.Session()
    session.mount("https://sheets.googleapis.com/", fake)
    session.mount("https://www.googleapis.com/", fake)
    return gspread.Client(None, session=session)


@pytest.fixture
def fake() -> FakeSheets:
    f = FakeSheets()
    f.add_book(RECORDS_KEY)
    return f


@pytest.fixture
def sleeps() -> list[float]:
    """Back-off waits are recorded, not slept."""
    waited: list[float] = []
    return waited


def gsheets_store(fake: FakeSheets, waited: list[float] | None = None, **store_opts):
    cfg = make_cfg(source={"kind": "gsheets", "gsheets": {"records": RECORDS_KEY}}, store=store_opts)
    st = open_store(cfg, None, client=gspread_client(fake))
    st.account = ACCOUNT
    st.sleep = (waited.append if waited is not None else (lambda s: None))
    return st


def local_store(tmp_path: Path, **store_opts):
    return open_store(make_cfg(tmp_path, store=store_opts), tmp_path)


@pytest.fixture(params=["local", "gsheets"])
def store(request, tmp_path, fake, sleeps):
    """The same store interface on each backend."""
    if request.param == "local":
        return local_store(tmp_path)
    return gsheets_store(fake, sleeps)
