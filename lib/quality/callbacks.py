"""Callbacks and the contact sheet (联络单): customers to call back, due times, status, masked numbers.

A callback is recorded for an agent with the customer's number, a reason and a due time
(回拨时间 "YYYY-MM-DD HH:MM"); its status moves from 待回拨 to 已回拨 / 已办理 / 拒绝 / 空号, each
move a correction of the record. The duty lead sees every due callback and hands it (回拨任务) to
an agent at work, also a correction (工号 and 组别 become the agent's).

A customer's number is personal data: `mask_phone` shows it whole only to the lead of the agent's
group and to the day's duty lead. Nothing here logs, and no message repeats a number.
Pure functions over the store's frames; no I/O, no Streamlit.
"""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from lib.i18n import FieldProblems
from lib.people.auth import LEADS, Person, visible_agents
from lib.i18n import t
from lib.i18n.columns import labelled
from lib.floor.metrics import Day, day_stamp
from lib.i18n.formats import mask_phones
from lib.store import RECORD_COLUMNS

PENDING = "待回拨"
STATUSES = ("待回拨", "已回拨", "已办理", "拒绝", "空号")   # DATA.md's closed list
MIN_DIGITS, MAX_DIGITS = 7, 15      # a local number without area code .. the longest international (E.164)
DUE_COLUMNS = ["记录编号", "日期", "工号", "组别", "客户电话", "原因", "回拨时间", "状态", "state", "minutes_left"]
SHEET_KEYS = ("due", "group", "agent_id", "name", "phone", "reason", "status", "by")


def phone_digits(text: str) -> str:
    """The digits of a number as people type it (spaces, dashes, brackets, + and a mobile's 86 dropped)."""
    digits = re.sub(r"[\s\-()（）+]", "", str(text or ""))
    return digits[2:] if len(digits) == 13 and digits.startswith("861") else digits


def mask_phone(number: str, viewer: Person, agent_group: str) -> str:
    """The number as this viewer may see it: whole for the lead of the agent's group and the duty lead,
    otherwise masked as 138****5678 (11 digits or more), ****5678 (8-10) or **** (shorter).

    "Lead" is a 组长 or 副组长 of that group; everyone else — the agent, other leads, the senior
    lead, the director, the manager, the wall screen — sees it masked."""
    digits = phone_digits(number)
    if viewer.duty_today or (viewer.role in LEADS and agent_group and viewer.group == str(agent_group)):
        return digits
    if len(digits) >= 11:
        return f"{digits[:3]}****{digits[-4:]}"
    if len(digits) >= 8:
        return f"****{digits[-4:]}"
    return "****"


def may_see_number(viewer: Person, agent_group: str) -> bool:
    """True when mask_phone shows this viewer the whole number."""
    return mask_phone("12345678901", viewer, agent_group) == "12345678901"


def due_time(value) -> dt.datetime | None:
    """A 回拨时间 ("YYYY-MM-DD HH:MM") as a naive floor time (None when blank or unreadable)."""
    try:
        return dt.datetime.strptime(str(value or "").strip()[:16], "%Y-%m-%d %H:%M")
    except ValueError:
        return None


def check_callback(agent_id: str | None, known: list[str], phone: str, reason: str,
                   due: dt.datetime | None, today: Day) -> FieldProblems:
    """FieldProblems of a callback: an agent of the group, a number of 7-15 digits, a reason, a due time from today."""
    problems: FieldProblems = {}
    if not agent_id:
        problems["agent"] = ("cb.err.agent", {})
    elif str(agent_id) not in known:
        problems["agent"] = ("cb.err.agent_unknown", {"agent": agent_id})
    digits = phone_digits(phone)
    if not digits:
        problems["phone"] = ("cb.err.required", {})
    elif not digits.isdigit() or not MIN_DIGITS <= len(digits) <= MAX_DIGITS:
        problems["phone"] = ("cb.err.phone", {"min": MIN_DIGITS, "max": MAX_DIGITS})   # never the number itself
    if not str(reason or "").strip():
        problems["reason"] = ("cb.err.required", {})
    if due is None:
        problems["due"] = ("cb.err.due", {})
    elif due.date() < day_stamp(today).date():
        problems["due"] = ("cb.err.due_past", {"day": day_stamp(today).date().isoformat()})
    return problems


def callback_row(day: Day, agent_id: str, group: str, phone: str, reason: str, due: dt.datetime) -> dict[str, str]:
    """A 联络单 row with the columns of DATA.md, waiting to be called back."""
    return {"日期": day_stamp(day).date().isoformat(), "工号": str(agent_id), "组别": str(group),
            "客户电话": phone_digits(phone), "原因": str(reason).strip(), "回拨时间": due.strftime("%Y-%m-%d %H:%M"),
            "状态": PENDING}


def same_text(text: str) -> str:
    """Text as compared for "the same content": trimmed, every run of spaces (full-width and line
    breaks too) one space, letters in one case. "回访 套餐" and " 回访　套餐 " are the same text."""
    return " ".join(str(text or "").split()).casefold()


def callback_key(day: Day, agent_id: str, phone: str, reason: str) -> tuple[str, str, str, str]:
    """What makes two callbacks the same: the day, the agent (工号), the customer's number as digits
    (phone_digits: "138-0013 8000" is 13800138000) and the reason (same_text)."""
    return (day_stamp(day).date().isoformat(), str(agent_id or "").strip(), phone_digits(phone), same_text(reason))


def duplicate_callbacks(frame: pd.DataFrame, day: Day, agent_id: str, phone: str, reason: str) -> pd.DataFrame:
    """The stored callbacks a new one would repeat, oldest first: current records (latest versions,
    as the store reads them) of the same callback_key — the same 日期, 工号, customer number and reason.

    The due time and the status do not count: the same customer called back for the same reason by
    the same agent on one day is one callback, whenever it is due and whatever came of it. A form asks
    before writing a repeat (and writes it only when told to), so a second click never doubles one."""
    if frame.empty:
        return frame
    key = callback_key(day, agent_id, phone, reason)
    same = [callback_key(d, a, p, r) == key if pd.notna(d) else False
            for d, a, p, r in zip(frame["日期"], frame["工号"], frame["客户电话"], frame["原因"])]
    return frame[same].sort_values("提交时间", kind="mergesort").reset_index(drop=True)


def _again(record: pd.Series | dict) -> dict:
    """A stored record as a new row for store.correct (record columns dropped, 日期 as text)."""
    row = {k: v for k, v in dict(record).items() if k not in RECORD_COLUMNS and k in
           ("日期", "工号", "组别", "客户电话", "原因", "回拨时间", "状态")}
    if isinstance(row.get("日期"), pd.Timestamp):
        row["日期"] = row["日期"].date().isoformat()
    return row


def status_row(record: pd.Series | dict, status: str) -> dict:
    """The record with a new status (ValueError for a status outside DATA.md's list)."""
    if status not in STATUSES:
        raise ValueError(f"status must be one of {'/'.join(STATUSES)}")
    return _again(record) | {"状态": status}


def assign_row(record: pd.Series | dict, agent_id: str, group: str) -> dict:
    """The record handed to another agent (回拨任务): their 工号 and 组别, still waiting."""
    return _again(record) | {"工号": str(agent_id), "组别": str(group)}


def visible_callbacks(frame: pd.DataFrame, viewer: Person) -> pd.DataFrame:
    """The callbacks a viewer may list (lib.people.auth.visible_agents): all for those who see every
    group, a lead's group's, an agent's own."""
    return visible_agents(viewer, frame, agent="工号", group="组别")


def _due_day(frame: pd.DataFrame) -> pd.Series:
    """Each callback's due day (NaT when its 回拨时间 is unreadable)."""
    return pd.Series([pd.Timestamp(w.date()) if (w := due_time(v)) else pd.NaT for v in frame["回拨时间"]],
                     index=frame.index, dtype="datetime64[ns]")


def on_the_sheet(frame: pd.DataFrame, day: Day) -> pd.Series:
    """Which callbacks belong on a day's contact sheet: recorded that day, due that day, or due
    before it and still waiting (carried over)."""
    d = day_stamp(day)
    due = _due_day(frame)
    return (frame["日期"] == d) | (due == d) | ((due < d) & (frame["状态"] == PENDING))


def followed(frame: pd.DataFrame, day: Day, lookback_days: int) -> pd.DataFrame:
    """The callbacks followed on a day, of those recorded in the lookback_days before it: the day's
    sheet (on_the_sheet) and any still waiting for a later day."""
    if frame.empty:
        return frame
    d = day_stamp(day)
    recent = (frame["日期"] >= d - pd.Timedelta(days=lookback_days)) & (frame["日期"] <= d)
    keep = recent & (on_the_sheet(frame, d) | (frame["状态"] == PENDING))
    return frame[keep].reset_index(drop=True)


def due_callbacks(frame: pd.DataFrame, now: dt.datetime, soon_minutes: int) -> pd.DataFrame:
    """The waiting callbacks due by now + soon_minutes, by due time: state overdue (time passed) or due.

    minutes_left = due - now in whole minutes (negative: late by that many). An unreadable time is due now."""
    if frame.empty:
        return pd.DataFrame({c: pd.Series([], dtype="str") for c in DUE_COLUMNS})
    now = now.replace(tzinfo=None, second=0, microsecond=0)
    rows = frame[frame["状态"] == PENDING].copy()
    when = [due_time(v) or now for v in rows["回拨时间"]]
    rows["minutes_left"] = pd.Series([int((w - now).total_seconds() // 60) for w in when], index=rows.index,
                                     dtype="int64")
    rows["state"] = ["overdue" if m < 0 else "due" for m in rows["minutes_left"]]
    rows["when"] = when
    rows = rows[rows["minutes_left"] <= soon_minutes].sort_values(["when", "工号"], kind="mergesort")
    return rows[DUE_COLUMNS].reset_index(drop=True)


def contact_sheet(frame: pd.DataFrame, day: Day, viewer: Person, names: dict[str, str]) -> pd.DataFrame:
    """The day's contact sheet as the viewer may see it: one row per callback on_the_sheet, by due time.

    Columns SHEET_KEYS: due, group, agent_id, name, phone (masked by mask_phone for this viewer),
    reason, status (as stored), by (who recorded it)."""
    rows = visible_callbacks(frame, viewer)
    rows = rows[on_the_sheet(rows, day)] if len(rows) else rows
    out = [{"due": str(r["回拨时间"]), "group": r["组别"], "agent_id": r["工号"], "name": names.get(r["工号"], ""),
            "phone": mask_phone(r["客户电话"], viewer, r["组别"]), "reason": r["原因"], "status": r["状态"],
            "by": r["提交人"], "_when": due_time(r["回拨时间"]) or dt.datetime.max}
           for r in rows.to_dict("records")]
    out.sort(key=lambda r: (r["_when"], r["agent_id"]))
    return pd.DataFrame({k: pd.Series([r[k] for r in out], dtype="str") for k in SHEET_KEYS})


def sheet_for_people(sheet: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The contact sheet with headers and statuses in the session's language (for the table and the workbook)."""
    shown = sheet.assign(status=sheet["status"].map(lambda s: t(f"cb.status.{s}", lang) if s in STATUSES else s))
    return labelled(shown, lang, "cb")


def contact_sheet_text(sheet: pd.DataFrame, day: Day, lang: str = "zh") -> str:
    """The contact sheet as chat text: a title line with the counts, then one numbered line per callback.

    Every phone number is masked (mask_phones), also for a viewer whose sheet shows it whole: a chat
    is read by people who may not see it, and a reason may name a number too."""
    d = day_stamp(day).date()
    waiting = int((sheet["status"] == PENDING).sum())
    lines = [t("cb.text.title", lang, day=d.isoformat(), n=len(sheet), waiting=waiting)]
    for i, r in enumerate(sheet.to_dict("records"), start=1):
        when = due_time(r["due"])
        at = "—" if when is None else when.strftime("%H:%M") if when.date() == d else when.strftime("%m-%d %H:%M")
        status = t(f"cb.status.{r['status']}", lang) if r["status"] in STATUSES else r["status"]
        lines.append(t("cb.text.line", lang, i=i, at=at, group=r["group"], agent=r["agent_id"], name=r["name"],
                       phone=r["phone"], reason=r["reason"], status=status))
    if sheet.empty:
        lines.append(t("cb.text.none", lang))
    return mask_phones("\n".join(lines))


def agents_at_work(schedule: pd.DataFrame, day: Day) -> pd.DataFrame:
    """The agents the roster has working that day (those a 回拨任务 can go to): agent_id, name, group."""
    from lib.floor.metrics import id_sort_key
    rows = schedule[(schedule["date"] == day_stamp(day)) & schedule["working"] & schedule["role"].isin(["agent", ""])]
    rows = rows.drop_duplicates("agent_id")[["agent_id", "name", "group"]]
    return rows.sort_values("agent_id", key=id_sort_key, kind="mergesort").reset_index(drop=True)
