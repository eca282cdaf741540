"""The documents the center keeps on its FTP server, as workbook bytes (lib.out.ftp_upload places them):
the group's QA sheet, the day's duty log, the day's contact sheet. Each is the screens' own builder
(the store's rows, lib.day.duty.duty_log_sheet, contact_sheet) written by lib.store.safe.xlsx_safe."""
from __future__ import annotations

import pandas as pd

from lib.config import Settings
from lib.day.duty import duty_log_sheet
from lib.i18n import t
from lib.people.auth import Person
from lib.quality.callbacks import contact_sheet, sheet_for_people
from lib.store.safe import xlsx_safe


def qa_workbook(qa_rows: pd.DataFrame, group: str) -> bytes:
    """The group's 质检评分 rows of the day (store.read_day("qa", day)) as the QA sheet."""
    rows = qa_rows[qa_rows["组别"] == group] if len(qa_rows) else qa_rows
    return xlsx_safe(rows.reset_index(drop=True), "质检评分")


def duty_log_workbook(reports: pd.DataFrame, day, duty: str, settings: Settings, store_rows: pd.DataFrame) -> bytes:
    """The day's 值班日志 (morning and day, with the notes written back)."""
    return xlsx_safe(duty_log_sheet(reports, day, duty, settings, store_rows), "值班日志")


def contact_sheet_workbook(callbacks: pd.DataFrame, day, viewer: Person, names: dict[str, str], lang: str = "zh") -> bytes:
    """The day's contact sheet as the viewer may see it (phones masked by their rights), headers in `lang`."""
    return xlsx_safe(sheet_for_people(contact_sheet(callbacks, day, viewer, names), lang), t("fu.cb.sheet_name", lang))
