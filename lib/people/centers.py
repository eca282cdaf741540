"""Which centers a person may see, and which one a run shows (several [[center]] tables on one server).

A signed-in person belongs to the center their account names (the users file's `center`; an account
made before centers existed belongs to the first). An administrator (`[auth] admins`, or the local
administrator when sign-in is off) sees every center and may switch. Nobody signed in sees only the
public wall, and the wall of any center is public: PUBLIC may see every center. `?center=` is
honoured only for a center the person may see; otherwise it is ignored, and the answer is the same
whether such a center exists or not, so a refusal never tells anyone another center's id or name.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lib.people.auth import Person


@dataclass(frozen=True)
class CenterChoice:
    """The center a run shows (None: none this person may see) and the ?center= it ignored, if any."""

    shown: str | None
    ignored: str | None = None


def account_center(stored: str | None, ids: Sequence[str]) -> str | None:
    """The center an account belongs to: the one it names, the first center when it names none (an
    account older than [[center]]); None when the center it names is not configured (any more)."""
    if not ids:
        return None
    if not stored:
        return ids[0]
    return stored if stored in ids else None


def visible_centers(person: Person, home: str | None, ids: Sequence[str]) -> list[str]:
    """The centers (ids, in the config's order) a person may see: every one for an administrator and
    for nobody signed in (the wall is public), else their own center only (none when it is unknown)."""
    if person.role in ("admin", "public"):
        return list(ids)
    return [home] if home in ids else []


def shown_center(visible: Sequence[str], asked: str | None, chosen: str | None) -> CenterChoice:
    """The center to show: ?center= when the person may see it, else the session's choice when still
    visible, else their first visible center. A ?center= they may not see is reported as ignored."""
    if not visible:
        return CenterChoice(None, asked or None)
    if asked:
        if asked in visible:
            return CenterChoice(asked)
        return CenterChoice(chosen if chosen in visible else visible[0], asked)
    return CenterChoice(chosen if chosen in visible else visible[0])
