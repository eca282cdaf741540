"""The weekly workbook's 周 column names the week in the reader's language (本周 / 上周), never "this"."""
import io

import pytest
from openpyxl import load_workbook

from lib.floor.cache import load_floor
from lib.i18n import t
from lib.month.export import weekly_workbook
from lib.month.weekly import weekly_pack
from lib.store import table, to_frame
from tests.conftest import make_settings


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_daily_sheet_names_the_weeks(demo_dir, lang):
    cfg = make_settings()
    floor = load_floor(demo_dir, cfg)
    empty = {name: to_frame(table(name), []) for name in ("qa", "attendance", "duty_log")}
    pack = weekly_pack(floor.reports, empty["qa"], empty["attendance"], empty["duty_log"], "2026-W47", cfg)
    wb = load_workbook(io.BytesIO(weekly_workbook(pack, lang)))
    ws = wb[t("review.sheet.daily", lang)]
    header = [c.value for c in ws[1]]
    col = header.index("周" if lang == "zh" else "Week")
    weeks = {row[col] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert weeks == {t("review.wk.this", lang), t("review.wk.prev", lang)}
