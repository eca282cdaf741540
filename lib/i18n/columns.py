"""Column names in the reader's language: the one catalogue lookup every table, export and CLI header uses.

A screen may name a column its own way (`lead.col.group_rate` "本组办理率", `review.col.group_rate`
"组办理率"); that is its scope. Without one, or where the scope has no name for it, the shared name
(`col.rate` "办理率") is used, and a column the catalogue does not know keeps its own name.
"""
from __future__ import annotations

import pandas as pd

import lib.i18n as catalogue   # read at call time: this module is itself merged into the catalogue


def column_label(name: object, lang: str = "zh", scope: str = "") -> str:
    """A column's header: `{scope}.col.{name}`, else `col.{name}`, else the name itself."""
    for key in (f"{scope}.col.{name}", f"col.{name}") if scope else (f"col.{name}",):
        if key in catalogue.TEXTS:
            return catalogue.t(key, lang)
    return name


def labelled(df: pd.DataFrame, lang: str = "zh", scope: str = "") -> pd.DataFrame:
    """The frame with every column the catalogue knows named in the language (column_label)."""
    return df.rename(columns={c: column_label(c, lang, scope) for c in df.columns})
