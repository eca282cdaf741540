"""One rule for text that is not ours: it is shown as typed, never as markdown or HTML.

Streamlit renders markdown in st.markdown, st.caption, st.title/header/subheader, the alerts
(st.info/warning/error/success), st.metric's label, value and delta, tab, expander, page-link,
button and widget labels, radio options and help texts. A name, group, project, script, reason or
note from a spreadsheet, a URL parameter or anything a person typed that reaches one of them goes
through `literal` (or `md` / `text_md`, which apply it to the values of a template), so
`![p](http://host/x.png)` in a roster name shows those characters instead of fetching an image, and
`[login](http://host/)` in `?agent=` is no link inside the app's own warning box. Our own texts
(lib/i18n, the templates here) are ours and may use markdown; the values formatted into them are not.

HTML (the wall's board through st.html, Plotly's titles and legends, which read a little HTML)
takes `html_text` instead. Tables (st.dataframe, st.data_editor), st.code, selectbox and multiselect
options, text inputs and download file names show text literally already and take the value as it is.

What `literal` does: every ASCII punctuation character is backslash-escaped, which CommonMark
allows for each of them and which renders it as itself. That covers links and images (`[ ] ( ) !`),
autolinks `<http://…>` and HTML (`<`), entities (`&`), emphasis and code (`* _ ~` and backticks),
headings, lists, quotes and tables at a line's start (`# + - . = > |`), LaTeX (`$`), Streamlit's
colour directives (`:red[x]`, `{ }`) and its icon shortcodes (`:material/home:` is rewritten before
parsing, which the escaped `/` stops). A line break becomes a hard line break (a backslash at the
line's end), so a value's later lines never start a block of their own.

Escapes end at parsing, and Streamlit changes the parsed text further: it links bare `http://…`,
`www.…` and e-mail addresses, draws `:smile:`, `:streamlit:` and `:material_home:` as an emoji, a
logo or an icon, and turns a free-standing `->`, `--`, `>=` … into arrows, a dash and signs. In those
places `literal` puts an invisible word joiner (U+2060) between two characters (between `:` and
`//`, after `www` and `@`, after a shortcode's first `:`, inside `->`), which none of those patterns
lets through; a reader sees the same text.
"""
from __future__ import annotations

import html
import re
import string
from typing import Any

from lib.i18n import t

PUNCTUATION = frozenset(string.punctuation)   # CommonMark's escapable characters: all ASCII punctuation
_LINE_BREAK = re.compile(r"\r\n?|\n")
_ESCAPED = re.compile(r"\\([\s\S])")
JOINER = "\u2060"   # WORD JOINER: no width, no line break, and no letter, digit or punctuation to any pattern
_JOIN_AT = re.compile(
    r"(?<=:)(?=//)"                 # http://… links itself
    r"|(?<=[wW][wW][wW])(?=\.)"     # www.…
    r"|(?<=@)(?=[\w-])"             # an e-mail address
    r"|(?<=:)(?=[\w+-]+:)"          # :smile: :streamlit: :material_home:
    r"|(?<=-)(?=[->])|(?<=<)(?=[-=])|(?<=[>~])(?==)")   # -> <- <-> -- >= <= ~=


def literal(value: Any) -> str:
    """`value` as markdown that renders exactly its characters (None is the empty text)."""
    if value is None:
        return ""
    text = _JOIN_AT.sub(JOINER, str(value))
    text = "".join(f"\\{c}" if c in PUNCTUATION else c for c in text)
    return _LINE_BREAK.sub("\\\\\n", text)


def unliteral(markdown: str) -> str:
    """The text `literal` was given back from its markdown (what a reader sees; for tests)."""
    return _ESCAPED.sub(r"\1", markdown).replace(JOINER, "")


def md(template: str, **values: Any) -> str:
    """Our own markdown template (it may use markdown) with every value shown literally:
    md("**{label}** {names}", label=..., names=...)."""
    return template.format(**{k: literal(v) for k, v in values.items()})


def text_md(key: str, lang: str, **values: Any) -> str:
    """A catalogue text (ours) with every value formatted into it shown literally."""
    return t(key, lang, **{k: literal(v) for k, v in values.items()})


def html_text(value: Any) -> str:
    """`value` as HTML text or a quoted attribute value: & < > " ' escaped (None is the empty text).
    The quotes are numeric references, the only kind Plotly's text decodes besides &amp; &lt; &gt;."""
    if value is None:
        return ""
    return html.escape(str(value), quote=True).replace("&quot;", "&#x22;")
