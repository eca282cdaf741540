"""AppTest: text that is not ours never renders as markdown or HTML on any page (lib.ui.safe).

A private demo whose roster names one agent with markdown and HTML (tests/injection.NAME), whose
project list names 101's project and script version so (PROJECT, SCRIPT), and every URL parameter
(?date, ?at, ?group, ?agent, ?lang) set to the whole corpus: every page, as the manager and as that
agent's lead, and the agent page and the wall on that agent too. Every text of every element that
Streamlit renders as markdown (titles, captions, markdown, alerts, metrics, tab and expander labels,
widget labels and help, radio options, page links, buttons) must show the corpus only escaped, and
neither st.html nor a chart may carry its tags.
"""
from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from lib.ui.nav import SCREENS
from tests.conftest import ROOT, open_url, sign_in_session
from tests.injection import AGENT, GROUP, HOST, LEAD, MANAGER, NAME, PROJECT, SCRIPT, query, seed, shown, unescaped

# What each kind of element renders as markdown; anything else it shows (selectbox options, code,
# tables, text inputs' values) is shown as text by Streamlit.
MARKDOWN = ("body", "label", "help", "delta", "captions")
PLAIN = {"Code", "Html", "Exception", "Json", "Text", "Arrow", "ArrowNamedDataSet", "Dataframe", "PlotlyChart",
         "Empty", "Skeleton", "Balloons", "Snow", "Favicon", "ForwardMsg", "PageConfig", "Navigation"}
RADIO_OPTIONS = {"Radio"}


@pytest.fixture
def corpus_floor(private_demo, tmp_path):
    """The private demo with the corpus in its files, sign-in on, accounts in tmp_path."""
    seed(private_demo)
    path = tmp_path / "config.toml"
    text = path.read_text(encoding="utf-8").replace("enabled = false", "enabled = true", 1)
    text = text.replace('users_file = "~/.teamboard/users.json"',
                        f'users_file = "{(tmp_path / "users.json").as_posix()}"', 1)
    path.write_text(text, encoding="utf-8")
    return private_demo


def nodes(node):
    """Every element and block of a run's tree, depth first."""
    yield node
    for child in getattr(node, "children", {}).values():
        yield from nodes(child)


def inner(proto):
    """The element's own message (an unknown element is the whole Element message)."""
    if proto is None:
        return None
    name = proto.DESCRIPTOR.name
    if name in ("Element", "Block"):
        which = proto.WhichOneof("type")
        return getattr(proto, which) if which else None
    return proto


def texts(at) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """(kind, markdown) of everything the run renders as markdown; the st.html bodies; the charts' texts."""
    marked, html, charts = [], [], []
    for node in nodes(at._tree):
        msg = inner(getattr(node, "proto", None))
        if msg is None:
            continue
        kind = msg.DESCRIPTOR.name
        if kind == "Html":
            html.append(msg.body)
        elif kind == "PlotlyChart":
            charts += list(strings(json.loads(msg.spec or "{}")))
        if kind in PLAIN:
            continue
        for field in msg.DESCRIPTOR.fields:
            if field.name not in MARKDOWN + (("options",) if kind in RADIO_OPTIONS else ()):
                continue
            value = getattr(msg, field.name)
            for v in ([value] if isinstance(value, str) else value if hasattr(value, "__len__") else []):
                if isinstance(v, str) and v:
                    marked.append((f"{kind}.{field.name}", v))
    return marked, html, charts


def strings(x):
    if isinstance(x, str):
        yield x
    elif isinstance(x, dict):
        for v in x.values():
            yield from strings(v)
    elif isinstance(x, list):
        for v in x:
            yield from strings(v)


def run(app: AppTest, path: str, params: dict[str, str]) -> AppTest:
    """Ask for a page by its URL with these parameters only."""
    for k in list(app.query_params):
        del app.query_params[k]
    for k, v in params.items():
        app.query_params[k] = v
    open_url(app, path).run()
    assert not app.exception, (path, [e.value for e in app.exception])
    return app


def check(at: AppTest, where: str) -> list[str]:
    """What of the run shows the corpus unescaped: `where` kind: text, for each."""
    marked, html, charts = texts(at)
    bad = [f"{where} {kind}: {found} in {md!r}" for kind, md in marked if (found := unescaped(md))]
    tags = ("<img", "<a ", "<a>", f'="http://{HOST}', f"=http://{HOST}")   # a tag or an attribute of the corpus
    bad += [f"{where} html: {tag}" for body in html for tag in tags if tag in body]
    bad += [f"{where} chart: {s!r}" for s in charts for tag in ("<img", "<a ") if tag in s]
    return bad


def test_no_page_renders_text_that_is_not_ours(corpus_floor):
    """Every page as the manager and as the lead of the agent named by the corpus; the corpus in every
    URL parameter (a different text first on each page)."""
    problems, seen = [], []
    screens = [s.url_path for s in SCREENS]
    for uid in (MANAGER, LEAD):
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
        sign_in_session(at, uid)
        visits = [(path, query(turn)) for turn, path in enumerate(screens)]
        visits += [("agent", query(1) | {"agent": AGENT}), ("wall", query(2) | {"group": GROUP}),
                   ("lead", query(3) | {"group": GROUP})]
        for path, params in visits:
            run(at, path, params)
            problems += check(at, f"{uid} /{path}")
            seen += [shown(md) for _, md in texts(at)[0]]
            seen += texts(at)[1]
    assert not problems, "\n".join(problems)
    # the corpus did reach the pages: the floor's texts and each URL parameter's
    everything = "\n".join(seen)
    for text in (NAME, PROJECT, SCRIPT):
        assert text in everything, text
    for name in ("date", "at", "group", "agent"):   # each shows in a warning of its own
        assert any(query(turn)[name] in everything for turn in range(len(screens) + 4)), name

