"""The catalogue: every key in both languages, fields the same in both."""
import string

from lib.i18n import TEXTS, t


def _fields(s: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(s) if f}


def test_every_key_has_both_languages_with_the_same_fields():
    for key, (zh, en) in TEXTS.items():
        assert zh.strip() and en.strip(), key
        assert _fields(zh) == _fields(en), key


def test_lookup_and_default_language():
    assert t("menu.health") == "数据检查"
    assert t("menu.health", "en") == "Data health"
