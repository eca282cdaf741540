"""Every visible word in the reader's language (issue 17.2): every page in both languages, all its text.

Each page runs once per language and view on the demo center with its leads' records (with_records
of test_rights_scan) as the local administrator (sign-in off), who is routed to every page and sees
every section; AppTest renders the contents of every tab and expander. The scan reads every element and block of the render tree generically (its
protobuf's strings: titles, markdown, captions, alerts, widget labels, help, placeholders, options,
tab and expander labels, metric labels/values/deltas, code blocks) and every dataframe's headers and
text cells.

English: no Chinese character outside data values. Data is what the center itself names (below,
`_data_values`): people, groups, projects and script versions of the demo floor, names in config.toml
(scorecard items, red lines, rating criteria), and the text the demo's users typed into records.
Chinese: no English word of the UI. The allow-list `ZH_ALLOWED` is the whole exception list.
"""
from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from lib.i18n import TEXTS
from google.protobuf.message import Message

from tests.conftest import ROOT, make_settings, open_page
from tests.test_rights_scan import with_records   # noqa: F401  (the demo with its records, as a fixture)

PAGES = ["dashboard.py", "pages/wall.py", "pages/duty_desk.py", "pages/lead.py", "pages/agent.py",
         "pages/review.py", "pages/followup.py", "pages/data_health.py"]
CJK = re.compile(r"[\u3400-\u9fff]+")   # ideographs (full-width punctuation in English: not scanned yet)

# Proto fields that are never shown: ids, keys, formats, icons, colours, widths, arrow payloads.
HIDDEN_FIELDS = {"id", "form_id", "format", "icon", "color", "type", "default", "value", "raw_value",
                 "url", "page_script_hash", "page", "script_hash", "data", "styler", "uuid",
                 "arrow_data", "element_id", "language", "spec", "theme", "vega_lite_chart", "figure",
                 "selection_mode", "width", "height", "label_visibility", "delta_color", "key",
                 "column_order", "columns", "text_alignment", "chart_type", "value_type", "autocomplete"}
# ... but the value of these elements is their visible text.
SHOWN_VALUE = {"Metric", "Markdown", "Text", "Code", "Title", "Header", "Subheader", "Caption", "Error",
               "Warning", "Info", "Success", "Exception", "Toast"}

# The language switch names each language in itself, in both modes (its label and its two options).
LANGUAGE_SWITCH = {"语言 / Language", "Language / 语言", "中文", "English"}
# Chinese mode may show these ASCII words, and only these (each is a name, not a UI word):
ZH_ALLOWED = {
    "TeamBoard",              # the product's name
    "Excel", "PowerPoint",    # the office programs the exports open in ("下载周会材料（PowerPoint）")
    "GROW",                   # the coaching model's name ("新的辅导记录（GROW）")
    "VICIdial", "CALLS",      # the dialer's name and its report headers, where a file is shown as it is
}
# An ASCII word: two letters or more, not part of an id, a version, a path or a number with a unit
# (1102, V3.2, reports/…, 8.5%). File names and config.toml's [sections] and keys are taken out first
# (FILE_NAMES below): they are the files' own words.
ASCII_WORD = re.compile(r"(?<![A-Za-z0-9_/.\-@:])[A-Za-z][A-Za-z]+(?![A-Za-z0-9_])")


def _proto_strings(p: Message, out: list[tuple[str, str]], kind: str, top: bool) -> None:
    for fd, v in p.ListFields():
        if fd.name in HIDDEN_FIELDS and not (top and fd.name == "value"):
            continue
        if fd.type not in (fd.TYPE_STRING, fd.TYPE_MESSAGE):
            continue
        for item in [v] if isinstance(v, str | Message) else list(v):
            if isinstance(item, Message):
                _proto_strings(item, out, kind, False)
            elif item:
                out += [(f"{kind}.{fd.name}", s) for s in _html_texts(item)]


def _html_texts(text: str) -> list[str]:
    """What a browser shows of HTML (the wall is one HTML block): its text and its tooltips."""
    if "<" not in text:
        return [text]
    text = re.sub(r"(?s)<(style|script)\b.*?</\1>", "\n", text)
    titles = re.findall(r'\btitle="([^"]*)"', text)
    parts = titles + re.sub(r"<[^>]+>", "\n", text).split("\n")
    return [html.unescape(s).strip() for s in parts if s.strip()]


def _dataframe_texts(df: pd.DataFrame) -> list[tuple[str, str]]:
    out = [("Dataframe.header", str(c)) for c in df.columns]
    for c in df.columns:
        if df[c].dtype == object or isinstance(df[c].dtype, pd.CategoricalDtype | pd.StringDtype):
            out += [("Dataframe.cell", str(v)) for v in df[c].dropna().unique() if isinstance(v, str) and v]
    return out


def visible_texts(at) -> list[tuple[str, str]]:
    """(element kind.field, text) for every visible string of the last run."""
    found: list[tuple[str, str]] = []

    def walk(node) -> None:
        kind = type(node).__name__
        proto = getattr(node, "proto", None)
        if kind == "Dataframe":
            found.extend(_dataframe_texts(node.value))
            if node.value.empty:   # the browser draws an empty frame with the English word "empty"
                found.append(("Dataframe.empty", "empty"))
        elif isinstance(proto, Message):
            _proto_strings(proto, found, kind, kind in SHOWN_VALUE)
            if kind == "Multiselect" or (kind == "Selectbox" and not proto.HasField("default")):
                # Streamlit's browser code fills an empty placeholder in English ("Choose options")
                found.append((kind + ".placeholder", proto.placeholder or "Choose options"))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return [(k, s) for k, s in found if s.strip() not in LANGUAGE_SWITCH]


def _data_values(demo_dir) -> list[str]:
    """Names the center defines: what English mode shows in Chinese because it is the center's data."""
    from lib.demo import records
    from lib.floor.cache import load_floor
    cfg = make_settings()
    floor = load_floor(demo_dir, cfg)
    data = {*cfg.qa.scorecard.items, *cfg.qa.scorecard.red_lines, *cfg.senior_lead.criteria}
    data |= set(floor.schedule["name"]) | set(floor.schedule["group"])
    data |= set(floor.projects["project"]) | set(floor.projects.get("script", []))
    data |= {*records.NOTES, records.BY, "发烧请假", "家中有事"}   # typed into the demo's records ...
    data |= {"语速偏快", "办理率低", "现场辅导", "已改善", "办理率到 8%", "话术", "每天复盘", "忙，稍后再打"}   # ... and with_records'
    return sorted((str(d) for d in data if str(d)), key=len, reverse=True)


def _file_content(demo_dir) -> list[str]:
    """The titles and headers of the center's source sheets: the data-health page shows a
    file as it is. Only a table's cells and a picker's options may show them, never a header or label."""
    from openpyxl import load_workbook
    out: set[str] = set()
    for path in [demo_dir / "schedule.xlsx", demo_dir / "projects.xlsx", *sorted(demo_dir.glob("reports/*.xlsx"))[:1]]:
        wb = load_workbook(path, read_only=True)
        out |= set(wb.sheetnames)   # the data-health tables name the sheet a row is on
        for ws in wb.worksheets:
            for row in ws.iter_rows(max_row=5, values_only=True):   # titles, down to the header row
                out |= {v.strip() for v in row if isinstance(v, str) and v.strip()}
                if "工号" in row or "日期" in row:
                    break
    return sorted(out, key=len, reverse=True)


def _without(pattern: list[str]) -> re.Pattern:
    return re.compile("|".join(map(re.escape, pattern)))


# Chinese text may name files and config.toml's sections and keys: those are the files' own words.
FILE_NAMES = re.compile(r"[\w./-]+\.(?:xlsx|csv|json|toml|pptx)\b|\[[a-z_.]+\](?: [a-z_]+(?: = \w+)?)?|\b[a-z]+(?:_[a-z]+)+\b")

# Today at 11:05 (attendance and QA still open), and yesterday's whole day (every group's attendance
# with its leaves and swap lines, QA scored, the duty log written: the stored records on screen).
RAW_KEY = re.compile(r"[a-z_]+(\.[a-z_0-9]+)+")   # duty.post, lead.col.rate: a key, not a text
VIEWS = {"today": {}, "yesterday": {"date": "2026-11-24", "at": "18:00"}}
# The agent page opens a manager on a picker: it is scanned on an agent of 101 with flags and records.
PAGE_QUERY = {"pages/agent.py": {"agent": "1105"}}
@pytest.fixture
def records_config(with_records, tmp_path, monkeypatch):
    """The demo with its leads' records (with_records) in force, run as the local administrator."""
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    text = re.sub(r'^path = "[^"]*"', f'path = "{with_records.as_posix()}"', text, count=1, flags=re.M)
    text = text.replace("enabled = true", "enabled = false", 1)
    (tmp_path / "config.toml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(tmp_path / "config.toml"))
    return with_records


_RENDERS: dict[tuple[str, str, str], list[tuple[str, str]]] = {}


def _render(page: str, lang: str, view: str, demo_dir) -> list[tuple[str, str]]:
    """The page's visible texts, data values taken out (one AppTest run per page, language and view)."""
    if (page, lang, view) not in _RENDERS:
        data, content = _without(_data_values(demo_dir)), _without(_file_content(demo_dir))
        shown = []
        for kind, text in visible_texts(open_page(page, lang=lang, **VIEWS[view], **PAGE_QUERY.get(page, {}))):
            text = data.sub("", text)
            if kind in ("Dataframe.cell", "Selectbox.options"):
                text = content.sub("", text)
            shown.append((kind, text if lang == "en" else FILE_NAMES.sub("", text)))
        _RENDERS[page, lang, view] = shown
    return _RENDERS[page, lang, view]


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("page", PAGES)
def test_english_has_no_chinese_outside_data(records_config, demo_dir, page, view):
    shown = _render(page, "en", view, demo_dir)
    assert len(shown) > 10, shown
    found = sorted({(k, s) for k, s in shown if CJK.search(s)})
    assert not found, "\n".join(f"{k}: {s!r}" for k, s in found)
    raw = sorted({s for k, s in shown if not k.startswith(("Dataframe", "Selectbox.options"))   # file names there
                  and (s.strip() in TEXTS or RAW_KEY.fullmatch(s.strip()))})
    assert not raw, raw        # a catalogue key shown as it is: a text missing from the catalogue


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("page", PAGES)
def test_chinese_has_no_english_words(records_config, demo_dir, page, view):
    shown = _render(page, "zh", view, demo_dir)
    assert len(shown) > 10, shown
    found = sorted({(k, s) for k, s in shown if set(ASCII_WORD.findall(s)) - ZH_ALLOWED})
    assert not found, "\n".join(f"{k}: {s!r}" for k, s in found)


def test_the_scan_sees_what_the_browser_shows():
    """The scanner itself: a picker without placeholder, an empty table, a tab label, HTML text and tooltips,
    a table's header and category cell, help text, a code block."""
    from streamlit.testing.v1 import AppTest

    def script():
        import pandas as pd
        import streamlit as st
        tab, = st.tabs(["页签"])
        with tab:
            st.multiselect("参会人", ["a"])
            st.selectbox("坐席", ["a"], index=None, placeholder="选择坐席")
            st.dataframe(pd.DataFrame({"工号": []}))
            st.dataframe(pd.DataFrame({"kind": ["病假"], "n": [1]}))
            st.html('<div title="提示"><b>墙</b></div>')
            st.text_input("x", help="帮助")
            st.code("代码")

    at = AppTest.from_function(script).run()
    shown = set(visible_texts(at))
    assert {("Multiselect.placeholder", "Choose options"), ("Dataframe.empty", "empty"), ("Tab.label", "页签"),
            ("Html.body", "提示"), ("Html.body", "墙"), ("Dataframe.header", "工号"), ("Dataframe.cell", "病假"),
            ("TextInput.help", "帮助"), ("Code.code_text", "代码"), ("Selectbox.placeholder", "选择坐席")} <= shown, shown


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_sign_in_page_in_the_language(auth_demo, demo_dir, lang):
    shown = [(k, FILE_NAMES.sub("", s)) for k, s in visible_texts(open_page("dashboard.py", lang=lang))]
    assert shown, "the sign-in page shows no text"
    if lang == "en":
        found = sorted({(k, s) for k, s in shown if CJK.search(s)})
    else:
        found = sorted({(k, s) for k, s in shown if set(ASCII_WORD.findall(s)) - ZH_ALLOWED})
    assert not found, "\n".join(f"{k}: {s!r}" for k, s in found)
