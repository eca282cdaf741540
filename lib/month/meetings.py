"""The weekly meeting: its day and time, whose turn it is to host and to take the minutes, the minutes'
row and the e-mail that sends them to the supervisor with the manager in copy.

The rotation is `[meetings] rotation` (the leads' 工号 in order; empty = the roster's group leads by
group). Week k after `rotation_start` is hosted by the k-th in the order (cyclically) and minuted by
the next. A lead who rests on the meeting day (per the roster) swaps with the one who stands in: the
next in order who works hosts that week, and the resting lead hosts the week after, the stand-in's
own turn, so nobody hosts twice running and nobody loses a turn. The minute-taker is the next one
after the host who works that day.
Pure functions; no I/O, no Streamlit, no mail server (a mailto: link and text to copy).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote

import pandas as pd

from lib.i18n import FieldProblems
from lib.config import Settings
from lib.i18n import t
from lib.floor.memo import kept
from lib.floor.metrics import Day, day_stamp, id_sort_key
from lib.i18n.formats import mask_phones



@dataclass(frozen=True)
class MeetingPlan:
    """The weekly meeting as config sets it."""

    weekday: int              # ISO: 1 = Monday .. 7 = Sunday
    time: str                 # "14:00"
    rotation: tuple[str, ...] # the leads' 工号 in order (empty: the roster's group leads)
    start: dt.date            # a meeting day of the week the first in the rotation hosts
    supervisor_email: str
    manager_email: str


@dataclass(frozen=True)
class Turn:
    """Who hosts and who takes the minutes at one meeting, and who was passed over resting."""

    day: dt.date
    host: str                 # 工号 ("" when there is no one)
    taker: str
    skipped: tuple[str, ...]  # those whose turn it was but who rest that day


@dataclass(frozen=True)
class Email:
    """An e-mail to write: to, cc, subject and body (lines joined with \\n)."""

    to: str
    cc: str
    subject: str
    body: str


def meeting_plan(settings: Settings) -> MeetingPlan:
    """The [meetings] settings (lib.config: Tuesday 14:00 by the center's documents; weekday checked at load)."""
    m = settings.meetings
    return MeetingPlan(m.weekday, m.time, m.rotation, m.rotation_start_date, m.supervisor_email, m.manager_email)


def meeting_day(day: Day, weekday: int) -> dt.date:
    """The meeting day of the week (Monday..Sunday) that holds `day`."""
    d = day_stamp(day).date()
    return d + dt.timedelta(days=weekday - d.isoweekday())


def next_meeting(day: Day, weekday: int) -> dt.date:
    """This week's meeting day when it is today or still to come, else next week's."""
    d = day_stamp(day).date()
    this = meeting_day(d, weekday)
    return this if this >= d else this + dt.timedelta(days=7)


def last_meeting(day: Day, weekday: int) -> dt.date:
    """The latest meeting day on or before `day` (the minutes to write)."""
    d = day_stamp(day).date()
    this = meeting_day(d, weekday)
    return this if this <= d else this - dt.timedelta(days=7)


@kept(size=4)
def rotation_order(plan: MeetingPlan, schedule: pd.DataFrame) -> list[str]:
    """The hosts in order: config's rotation, else every group lead on the roster, by group then 工号."""
    if plan.rotation:
        return list(plan.rotation)
    leads = schedule[schedule["role"] == "lead"].drop_duplicates("agent_id")
    leads = leads.sort_values(["group", "agent_id"], key=id_sort_key, kind="mergesort")
    return leads["agent_id"].tolist()


@kept(size=8)
def _resting(schedule: pd.DataFrame, day: dt.date) -> frozenset[str]:
    """Who the roster has resting that day: no line of theirs that day working (a day the roster lacks:
    nobody). One pass over the day, not one over the roster per lead."""
    rows = schedule[schedule["date"] == pd.Timestamp(day)]
    working = rows.groupby("agent_id", sort=False)["working"].any()
    return frozenset(working.index[~working.to_numpy(dtype=bool)])


def _plain_turn(mday: dt.date, order: list[str], start: dt.date, schedule: pd.DataFrame,
                weekday: int, owed: str = "") -> Turn:
    """The turn of a meeting day by the order alone (owed: a lead put first, who rested last week)."""
    n = len(order)
    k = ((mday - meeting_day(start, weekday)).days // 7) % n
    ring = order[k:] + order[:k]
    if owed:
        ring = [owed] + [a for a in ring if a != owed]
    resting = _resting(schedule, mday)
    free = [a for a in ring if a not in resting]
    if not free:
        return Turn(mday, "", "", tuple(ring))
    host = free[0]
    return Turn(mday, host, free[1] if len(free) > 1 else host, tuple(ring[:ring.index(host)]))


def turn_on(day: dt.date, order: list[str], start: dt.date, schedule: pd.DataFrame, weekday: int) -> Turn:
    """Whose turn it is at the meeting of `day`'s week (see the module's note on a resting lead)."""
    mday = meeting_day(day, weekday)
    if not order:
        return Turn(mday, "", "", ())
    before = _plain_turn(mday - dt.timedelta(days=7), order, start, schedule, weekday)
    n = len(order)
    natural = order[((mday - meeting_day(start, weekday)).days // 7) % n]
    # Last week's stand-in is this week's host by the order: the lead who rested takes this turn.
    owed = before.skipped[0] if before.skipped and before.host == natural else ""
    return _plain_turn(mday, order, start, schedule, weekday, owed)


def person_label(agent_id: str, names: dict[str, str], lang: str = "zh") -> str:
    """'彭晨（1100）' ('彭晨 (1100)' in English), or the 工号 alone when the roster has no name for it
    ('—' for nobody)."""
    if not agent_id:
        return "—"
    name = names.get(agent_id, "")
    return t("review.paren", lang, a=name, b=agent_id) if name else agent_id


def turn_text(turn: Turn, plan: MeetingPlan, names: dict[str, str], lang: str = "zh") -> str:
    """One line: the meeting's day and time, the host and the minute-taker, who is passed over resting."""
    weekday = t("meet.weekdays", lang).split(",")[turn.day.isoweekday() - 1]
    text = t("meet.turn", lang, day=f"{turn.day:%m-%d}", weekday=weekday, time=plan.time,
             host=person_label(turn.host, names, lang), taker=person_label(turn.taker, names, lang))
    if turn.skipped:
        text += t("meet.skipped", lang, who=t("broadcast.sep", lang).join(person_label(a, names, lang) for a in turn.skipped))
    return text


def check_minutes(day, host: str, taker: str, attendees: list[str], content: str) -> FieldProblems:
    """FieldProblems of the minutes: a meeting day, a host, a minute-taker, who attended, what was said."""
    problems: FieldProblems = {}
    if not isinstance(day, dt.date):
        problems["day"] = ("meet.err.day", {})
    for key, value in (("host", host), ("taker", taker), ("content", content)):
        if not str(value or "").strip():
            problems[key] = ("meet.err.required", {})
    if not attendees:
        problems["attendees"] = ("meet.err.attendees", {})
    return problems


def minutes_row(day: dt.date, host: str, taker: str, attendees: list[str], content: str,
                decisions: str) -> dict[str, str]:
    """A 会议纪要 row with the columns of DATA.md (people by name, attendees joined with 、)."""
    return {"日期": day.isoformat(), "主持人": host.strip(), "记录人": taker.strip(), "参会人": "、".join(attendees),
            "内容": content.strip(), "决定事项": decisions.strip()}


def minutes_email(row: dict[str, str], plan: MeetingPlan, lang: str = "zh") -> Email:
    """The minutes as an e-mail to the supervisor with the manager in copy."""
    day = dt.date.fromisoformat(str(row["日期"])[:10])
    weekday = t("meet.weekdays", lang).split(",")[day.isoweekday() - 1]
    subject = t("meet.mail.subject", lang, day=day.isoformat())
    body = t("meet.mail.body", lang, day=day.isoformat(), weekday=weekday, time=plan.time, host=row["主持人"],
             taker=row["记录人"], attendees=row["参会人"], content=row["内容"],
             decisions=row["决定事项"] or t("meet.mail.no_decisions", lang))
    return Email(plan.supervisor_email, plan.manager_email, mask_phones(subject), mask_phones(body))   # no whole phone number by mail


def mailto_link(mail: Email) -> str:
    """A mailto: URI (RFC 6068) with cc, subject and body percent-encoded, lines ending CRLF."""
    params = [("cc", mail.cc)] if mail.cc else []
    params += [("subject", mail.subject), ("body", mail.body.replace("\r\n", "\n").replace("\n", "\r\n"))]
    query = "&".join(f"{k}={quote(v, safe='')}" for k, v in params)
    return f"mailto:{quote(mail.to, safe='@,')}?{query}"


def email_text(mail: Email, lang: str = "zh") -> str:
    """The e-mail as text to copy: to, cc, subject, a blank line, the body."""
    head = t("meet.mail.head", lang, to=mail.to or "—", cc=mail.cc or "—", subject=mail.subject)
    return f"{head}\n\n{mail.body}"
