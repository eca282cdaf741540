"""Every page in both languages: no raw catalogue key anywhere, and English labels carry no Chinese."""
import re

import pytest
from streamlit.testing.v1 import AppTest

from lib.floor.cache import load_floor
from lib.i18n import TEXTS
from tests.conftest import ROOT, make_settings

PAGES = ["dashboard.py", "pages/wall.py", "pages/duty_desk.py", "pages/lead.py", "pages/agent.py",
         "pages/review.py", "pages/followup.py", "pages/data_health.py"]
CJK = re.compile(r"[\u4e00-\u9fff]")


def _texts(at) -> list[str]:
    """Every label and text the page shows (not the data in tables)."""
    out = []
    for kind in ("title", "header", "subheader", "caption", "markdown", "info", "warning", "error", "success"):
        out += [str(e.value) for e in at.get(kind)]
    for kind in ("button", "text_input", "number_input", "selectbox", "radio", "checkbox", "multiselect",
                 "text_area", "date_input", "time_input", "toggle", "metric", "tab", "expander"):
        out += [str(getattr(e, "label", "")) for e in at.get(kind)]
    return [s for s in out if s]


def _run(page, lang):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["lang"] = lang
    at.run()
    if page != "dashboard.py":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return _texts(at)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_raw_catalogue_key_shows(demo_config, page, lang):
    if not (ROOT / page).exists():
        pytest.skip(f"{page} not built")
    keys = set(TEXTS)
    shown = _run(page, lang)
    assert shown, "the page shows no text at all"
    leaked = [s for s in shown if s.strip() in keys or re.fullmatch(r"[a-z_]+(\.[a-z_0-9]+)+", s.strip())]
    assert not leaked, leaked


@pytest.mark.parametrize("page", PAGES)
def test_english_labels_are_english(demo_config, demo_dir, page):
    if not (ROOT / page).exists():
        pytest.skip(f"{page} not built")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["lang"] = "en"
    at.run()
    if page != "dashboard.py":
        at.switch_page(page).run()
    labels = []
    for kind in ("title", "header", "subheader", "button", "tab", "metric", "radio", "selectbox", "checkbox"):
        labels += [str(getattr(e, "label", None) or getattr(e, "value", "")) for e in at.get(kind)]
    # Names the center defines in config.toml (scorecard items, rating criteria) are its data, not
    # labels; the language switch itself is bilingual by design ("语言 / Language").
    cfg = make_settings()
    data = [*cfg.qa.scorecard.items, *cfg.qa.scorecard.red_lines, *cfg.senior_lead.criteria]
    roster = load_floor(demo_dir, cfg).schedule     # people's names and groups are data too
    data += sorted(set(roster["name"]) | set(roster["group"]), key=len, reverse=True)
    stripped = [re.sub("|".join(map(re.escape, data)), "", s) if data else s for s in labels]
    chinese = [s for s in stripped if CJK.search(s) and "Language" not in s and "中文" not in s]
    assert not chinese, chinese
