"""Every page's tables by the format standard (issue 17.1), on the demo with its leads' records: no
record id (记录编号, 更正记录, 作废) on screen, no time as an ISO text (2026-11-25T18:30:00+08:00) or
with its seconds (2026-11-08 00:00:00), no head count or change written "+1.0"."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from tests.conftest import open_page
from tests.test_rights_scan import with_records  # noqa: F401  (a fixture)
from tests.test_text_scan import PAGE_QUERY, PAGES, records_config  # noqa: F401  (a fixture)

IDS = {"记录编号", "更正记录", "作废", "Record", "Corrects", "Void"}
RAW_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}")
POINT_ZERO = re.compile(r"^[+-]\d[\d,]*\.0$")


@pytest.mark.parametrize("page", PAGES)
def test_tables_show_no_ids_and_no_raw_times(records_config, page):
    at = open_page(page, **PAGE_QUERY.get(page, {}))
    for d in at.dataframe:
        df = d.value.data if hasattr(d.value, "data") else d.value
        assert not IDS & {str(c) for c in df.columns}, (page, list(df.columns))
        for c in df.columns:
            col = df[c]
            if pd.api.types.is_datetime64_any_dtype(col.dtype):   # drawn YYYY-MM-DD: must be days
                days = col.dropna()
                assert (days == days.dt.normalize()).all(), (page, c)
            for v in col.dropna().astype(str):
                assert not RAW_TIME.search(v), (page, c, v)
    for m in at.metric:
        assert not POINT_ZERO.match(str(m.proto.delta or "")), (page, m.label, m.proto.delta)
