"""Text that is not ours, for the tests of lib.ui.safe: a corpus of markdown and HTML that would do
something if rendered (fetch an image, draw a link, run a script, colour, format), a demo floor whose
files carry it, and the check that a markdown text shows it only as characters.

Every URL in the corpus names 127.0.0.2, a host nothing here serves: a browser that asks it for
anything was made to by injected text (tests/e2e/test_injection_browser.py fails on any request to a
host other than the app's own).
"""
from __future__ import annotations

import re
import string
from pathlib import Path

from lib.ui.safe import JOINER

HOST = "127.0.0.2"
IMAGE = f"![p](http://{HOST}/x.png)"
LINK = f"[a](http://{HOST}/)"
CORPUS = (
    IMAGE,
    LINK,
    f"<http://{HOST}>",                      # autolink
    f"http://{HOST}/bare",                   # a bare URL, a www. address and an e-mail (linked after parsing)
    f"www.{HOST}",
    f"x@{HOST}.invalid",
    "<img src=x onerror=alert(1)>",
    f'<a href="http://{HOST}/h">h</a>',
    "**bold**",
    "`code`",
    "$x$",                                   # LaTeX
    ":red[x]",                               # a Streamlit colour directive
    ":material/home:",                       # an icon shortcode
    ":material_home:",                       # the same as Streamlit rewrites it before parsing
    ":smile:",                               # an emoji shortcode
    ":streamlit:",                           # Streamlit's logo
    "a -> b -- c",                           # typography
    "# heading",
    "1. list",
    "> quote",
)
# The floor's own texts (tests/injection.seed): one agent's roster name, one project, one script version.
# Each starts with what makes a block at a line's start (a metric's value is the whole text).
NAME = f"> {IMAGE}**名**<img src=x onerror=alert(1)>"
PROJECT = f"# {LINK} <http://{HOST}/p> `p` $x$"
SCRIPT = f"1. :red[x] :material/home: ![s](http://{HOST}/s.png)"
FLOOR = (NAME, PROJECT, SCRIPT)
AGENT = "1104"          # the agent whose roster name is NAME (group 101, at work on 2026-11-25)
LEAD = "1100"           # that agent's lead (101)
MANAGER = "0801"
OLD_PROJECT = "流量包升级"   # 101's project on the demo's days (106 calls it too): renamed PROJECT everywhere
GROUP, DAY = "101", "2026-11-25"   # whose script that day becomes SCRIPT (it was V2.5 the day before)
PARAMS = ("date", "at", "group", "agent", "lang")


def query(turn: int = 0) -> dict[str, str]:
    """Every URL parameter set to the whole corpus, each starting with another of its texts."""
    n = len(CORPUS)
    return {p: " ".join(CORPUS[(turn + i * 3 + k) % n] for k in range(n)) for i, p in enumerate(PARAMS)}


def seed(folder: Path) -> None:
    """Put NAME, PROJECT and SCRIPT into a demo folder's roster, project list and reports."""
    import openpyxl
    folder = Path(folder)

    def rewrite(path: Path, change) -> None:
        wb = openpyxl.load_workbook(path)
        ws = wb.active
        header = None
        for row in ws.iter_rows():
            values = [c.value for c in row]
            if header is None:
                if "工号" in values or "项目" in values:
                    header = {v: i for i, v in enumerate(values) if isinstance(v, str)}
                continue
            change(header, row)
        wb.save(path)

    def roster_and_reports(h, row) -> None:
        if "工号" in h and row[h["工号"]].value == AGENT:
            row[h["姓名"]].value = NAME
        if "项目" in h and row[h["项目"]].value == OLD_PROJECT:
            row[h["项目"]].value = PROJECT

    def projects(h, row) -> None:
        if row[h["项目"]].value == OLD_PROJECT:
            row[h["项目"]].value = PROJECT
        when = row[h["日期"]].value
        if row[h["组别"]].value == GROUP and when is not None and f"{when:%Y-%m-%d}" == DAY:
            row[h["脚本版本"]].value = SCRIPT

    rewrite(folder / "schedule.xlsx", roster_and_reports)
    rewrite(folder / "projects.xlsx", projects)
    for report in sorted((folder / "reports").glob("*.xlsx")):
        rewrite(report, roster_and_reports)


ESCAPABLE = frozenset(string.punctuation) | {"\n"}
# What Streamlit does to the text after parsing, whatever the escapes (lib.ui.safe): links bare URLs and
# e-mail addresses, draws shortcodes, turns -> -- >= … into signs.
AFTER_PARSING = {
    "autolink": re.compile(r"(?i)https?://|www\.|[-.\w+]+@[-\w]+(?:\.[-\w]+)+"),
    "shortcode": re.compile(r":[\w+-]+:"),
    "typography": re.compile(r"(?:^|\s)(?:<->|->|<-|--|>=|<=|~=)(?:\s|$)"),
}


def read(markdown: str, joiners: bool = False) -> list[tuple[str, bool]]:
    """The characters a markdown text stands for, each with whether a backslash escapes it
    (CommonMark: a backslash before ASCII punctuation or a line's end; before anything else it is
    itself); without the invisible word joiners unless `joiners`."""
    out, i = [], 0
    while i < len(markdown):
        if markdown[i] == "\\" and i + 1 < len(markdown) and markdown[i + 1] in ESCAPABLE:
            out.append((markdown[i + 1], True))
            i += 2
        else:
            if joiners or markdown[i] != JOINER:
                out.append((markdown[i], False))
            i += 1
    return out


def unescaped(markdown: str, texts=CORPUS + FLOOR) -> list[str]:
    """What in a markdown text is injected: a corpus text (or one of the floor's) shown with any of its
    punctuation unescaped or changed after parsing (AFTER_PARSING), and anywhere an unescaped link or
    image (`](`), an autolink or an HTML tag (`<` before a letter, `/` or `!`)."""
    chars = read(markdown)
    text = "".join(c for c, _ in chars)
    parsed = "".join(c for c, _ in read(markdown, joiners=True))
    found = [f"{what}: {m.group(0)}" for what, pattern in AFTER_PARSING.items() for m in pattern.finditer(parsed)]
    for s in texts:
        start = text.find(s)
        while start >= 0:
            if any(c in string.punctuation and not escaped for c, escaped in chars[start:start + len(s)]):
                found.append(s)
                break
            start = text.find(s, start + 1)
    for (a, ea), (b, eb) in zip(chars, chars[1:]):
        if a == "]" and b == "(" and not ea and not eb:
            found.append("](")
        if a == "<" and not ea and (b.isalpha() or b in "/!"):
            found.append(f"<{b}")
    return found


def shown(markdown: str) -> str:
    """The characters a markdown text shows (escapes resolved)."""
    return "".join(c for c, _ in read(markdown))
