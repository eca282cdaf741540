"""The zh/en catalogue: every label, message, chart title and chat text. Chinese is the default.

Each screen keeps its entries in a module of this package (`common`, `wall`, `duty`, `lead`,
`review` …) as `TEXTS = {key: (zh, en)}`; they are merged here, and a key defined twice is an error.
"""
from __future__ import annotations

import importlib
import pkgutil

LANGS = ("zh", "en")
# What a form check returns: {field: (catalogue key, values)}, empty when the input may be written.
FieldProblems = dict[str, tuple[str, dict]]


def _merge() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for mod in pkgutil.iter_modules(__path__):
        texts = getattr(importlib.import_module(f"{__name__}.{mod.name}"), "TEXTS", {})
        for key, pair in texts.items():
            if key in merged:
                raise KeyError(f"catalogue key {key!r} defined twice (lib/i18n/{mod.name}.py)")
            merged[key] = pair
    return merged


TEXTS = _merge()


def t(key: str, lang: str = "zh", **values: object) -> str:
    """The text of a key in a language, with `{name}` fields filled; a missing key raises KeyError."""
    zh, en = TEXTS[key]
    s = en if lang == "en" else zh
    return s.format(**values) if values else s
