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


class DataSourceError(Exception):
    """The configured data folder cannot be read: the message names it and says what to check."""

    def __init__(self, path: Path, zh: str, en: str):
        super().__init__(f"{path}: {en}")
        self.path, self.zh, self.en = path, zh, en


def data_root(settings: Settings) -> tuple[Path, bool]:
    """The folder to read and whether it is the demo.

    A folder set in `[source] path` that does not exist, is not a folder or holds no input file (an
    unmounted share on a Monday) is a DataSourceError: the demo is never shown in its place, so
    nothing anyone enters goes into the demo's records and no one-click demo sign-in appears. The
    demo exists only when no data source is configured; it is written to `[source] demo_path`, a
    folder the app owns, never over a user's files.
    """
    if settings.source_kind == "gsheets":
        return settings.data_path or settings.base_dir / "data", False
    if settings.source_kind == "ftp":   # the local copy of the server's files (lib/floor/sources/ftp.py)
        if not settings.source.ftp.host.strip():
            raise DataSourceError(Path("ftp://"), "[source] kind = \"ftp\" 需要在 config.toml 的 [source.ftp] 中设置 host",
                                  "[source] kind = \"ftp\" needs [source.ftp] host in config.toml")
        from lib.floor.sources.ftp import mirror_root
        return mirror_root(settings), False
    if (path := settings.data_path) is not None:
        key = "[[center]] path" if settings.centers else "[source] path"   # a center's folder is its table's
        if not path.is_dir():
            raise DataSourceError(path, f"找不到数据文件夹 {path}：请检查 config.toml 的 {key} 是否正确，"
                                        "共享盘或网络驱动器是否已连接", f"the data folder {path} cannot be found: check "
                                  f"{key} in config.toml, and that the share or network drive is connected")
        if not has_inputs(path):
            raise DataSourceError(path, f"数据文件夹 {path} 中没有排班表、项目安排或坐席日报告：共享盘是否已挂载？"
                                        "文件名应以 schedule/排班、projects/项目 开头，报告放在 reports/ 中",
                                  f"the data folder {path} holds no roster, project list or report: is the share "
                                  "mounted? Files are named schedule…/排班…, projects…/项目…, reports go in reports/")
        return path, False
    from lib.demo.center import ensure_demo
    from lib.demo.records import seed_demo_records
    today, minute = clock.today(settings), clock.minute_now(settings)
    out = ensure_demo(settings.demo_path, today, minute)
    try:   # the demo's records are a courtesy: the floor must show even if they cannot be written
        seed_demo_records(out, load_floor(out, settings), settings, today, minute)
    except Exception:
        logging.getLogger(__name__).exception("seeding the demo's records")
    return out, True
