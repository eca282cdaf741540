"""Catalogue entries of follow-ups (跟进): goals and pace, coaching, callbacks, the weekly meeting, the 复盘."""
from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "menu.followup": ("跟进", "Follow-ups"),
    # goals and pace
    "goals.ahead": ("超前 {n}", "ahead by {n}"),
    "goals.behind": ("落后 {n}", "behind by {n}"),
    "goals.on_pace": ("持平", "on pace"),
}
