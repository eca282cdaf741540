"""The demo center and its records — the only code that writes a demo.

`center` generates the floor's input files (roster, project list, a month of hourly reports),
`records` seeds the leads' past write-back. May import every package of lib/ except ui/ and cli/.
"""
from __future__ import annotations

import logging
from pathlib import Path

from lib import clock
from lib.config import Settings
from lib.floor.cache import has_inputs, load_floor


def data_root(settings: Settings) -> tuple[Path, bool]:
    """The folder to read and whether it is the demo: the configured one, else the generated demo.

    The demo is written to `[source] demo_path`, a folder the app owns, never over a user's files.
    """
    if settings.source_kind == "gsheets":
        return settings.data_path or settings.base_dir / "data", False
    if has_inputs(settings.data_path):
        return settings.data_path, False
    from lib.demo.center import ensure_demo
    from lib.demo.records import seed_demo_records
    today, minute = clock.today(settings), clock.minute_now(settings)
    out = ensure_demo(settings.demo_path, today, minute)
    try:   # the demo's records are a courtesy: the floor must show even if they cannot be written
        seed_demo_records(out, load_floor(out, settings), settings, today, minute)
    except Exception:
        logging.getLogger(__name__).exception("seeding the demo's records")
    return out, True
