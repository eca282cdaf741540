"""The coaching log (辅导记录) in GROW form: goal 目标, reality 现状, options 方案, way forward 行动 by 期限.

A record's action is open (进行中) until it is marked done (已完成, a correction of the record). Open
actions come due `[coaching] due_soon_days` before their 期限 and are overdue after it. The review
counts coaching per coach (提交人) per week beside the coached agents' handle rate before and since.
Pure functions over the store's frames (Chinese columns, lib/store) and the canonical reports.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from lib.i18n import FieldProblems
from lib.i18n import t
from lib.floor.metrics import Day, day_stamp, handle_rate, id_sort_key
from lib.quality.callbacks import same_text
from lib.store import RECORD_COLUMNS
from lib.store.values import as_day

OPEN, DONE = "进行中", "已完成"
GROW = ("目标", "现状", "方案", "行动")          # the four steps, every one required
FIELDS = {"goal": "目标", "reality": "现状", "options": "方案", "action": "行动"}
QA_LINK, FLAG_LINK = "质检评分", "预警"
ACTION_COLUMNS = ["记录编号", "日期", "工号", "组别", "行动", "期限", "state", "days_left"]
WEEK_COLUMNS = ["coach", "week", "sessions", "agents", "rate_before", "rate_since", "change"]


def due_date(value) -> dt.date | None:
    """A 期限 as a date (None when blank or not a date)."""
    try:
        return dt.date.fromisoformat(as_day(value)) if str(value or "").strip() else None
    except ValueError:
        return None


def check_coaching(agent_id: str | None, known: list[str], values: dict[str, str], due, day: Day) -> FieldProblems:
    """FieldProblems of a GROW record: an agent of the group, all four steps, a 期限 on or after the day."""
    problems: FieldProblems = {}
    if not agent_id:
        problems["agent"] = ("coach.err.agent", {})
    elif str(agent_id) not in known:
        problems["agent"] = ("coach.err.agent_unknown", {"agent": agent_id})
    for key in FIELDS:
        if not str(values.get(key, "") or "").strip():
            problems[key] = ("coach.err.required", {})
    when = due if isinstance(due, dt.date) else due_date(due)
    if when is None:
        problems["due"] = ("coach.err.due", {})
    elif when < day_stamp(day).date():
        problems["due"] = ("coach.err.due_past", {"day": day_stamp(day).date().isoformat()})
    return problems


def coaching_row(day: Day, agent_id: str, group: str, values: dict[str, str], due: dt.date,
                 link: str = "") -> dict[str, str]:
    """A 辅导记录 row with the columns of DATA.md; the action starts open."""
    row = {"日期": day_stamp(day).date().isoformat(), "工号": str(agent_id), "组别": str(group)}
    row |= {col: str(values.get(key, "") or "").strip() for key, col in FIELDS.items()}
    return row | {"期限": due.isoformat(), "状态": OPEN, "关联记录": link}


def coaching_key(day: Day, agent_id: str, values: dict[str, str]) -> tuple[str, ...]:
    """What makes two coaching records the same: the day, the agent (工号) and all four GROW steps
    (目标 现状 方案 行动) as the same text (lib.quality.callbacks.same_text: trimmed, spaces run
    together, one case). 期限, 状态 and 关联记录 do not count."""
    return (day_stamp(day).date().isoformat(), str(agent_id or "").strip(),
            *(same_text(values.get(key, "")) for key in FIELDS))


def duplicate_coaching(coaching: pd.DataFrame, day: Day, agent_id: str, values: dict[str, str]) -> pd.DataFrame:
    """The stored coaching records a new one would repeat, oldest first: current records (latest
    versions) of the same coaching_key — one agent, one day, the same goal, reality, options and
    action. A form asks before writing a repeat, so a second click never doubles one."""
    if coaching.empty:
        return coaching
    key = coaching_key(day, agent_id, values)
    same = [coaching_key(r["日期"], r["工号"], {k: r[col] for k, col in FIELDS.items()}) == key
            if pd.notna(r["日期"]) else False for r in coaching.to_dict("records")]
    return coaching[same].sort_values("提交时间", kind="mergesort").reset_index(drop=True)


def done_row(record: pd.Series | dict) -> dict:
    """The record again with its action marked done (for store.correct)."""
    row = {k: v for k, v in dict(record).items() if k not in RECORD_COLUMNS}
    if isinstance(row.get("日期"), pd.Timestamp):
        row["日期"] = row["日期"].date().isoformat()
    return row | {"状态": DONE}


def qa_link(record_id: str) -> str:
    """The 关联记录 naming a 质检评分 record."""
    return f"{QA_LINK} {record_id}"


def flag_link(kind: str, day: Day) -> str:
    """The 关联记录 naming a flag of a day (low_rate, low_volume, wrong_task, no_data)."""
    return f"{FLAG_LINK} {kind} {day_stamp(day).date().isoformat()}"


def link_options(qa: pd.DataFrame, flags: pd.DataFrame, agent_id: str, day: Day, lang: str = "zh") -> dict[str, str]:
    """{关联记录 value: label} for an agent: their QA records (newest first) and their flags of the day."""
    out: dict[str, str] = {}
    mine = qa[qa["工号"] == str(agent_id)] if len(qa) else qa
    if len(mine):
        for r in mine.sort_values(["日期", "提交时间"], ascending=False, kind="mergesort").itertuples():
            total = "—" if pd.isna(r.总分) else f"{r.总分:g}"
            out[qa_link(r.记录编号)] = t("coach.link.qa", lang, day=f"{r.日期:%m-%d}", rec=r.录音编号 or "—",
                                         total=total)
    for kind in dict.fromkeys(flags.loc[flags["agent_id"] == str(agent_id), "kind"]) if len(flags) else ():
        out[flag_link(kind, day)] = t("coach.link.flag", lang, kind=t(f"flag.{kind}", lang),
                                      day=f"{day_stamp(day):%m-%d}")
    return out


def open_actions(coaching: pd.DataFrame, today: Day, soon_days: int) -> pd.DataFrame:
    """The open actions with their state: overdue (期限 passed), due (within soon_days), open; by 期限.

    days_left = 期限 - today in days (negative: overdue by that many). A 期限 that is not a date
    counts as due today, so it is seen."""
    if coaching.empty:
        return pd.DataFrame({c: pd.Series([], dtype="str") for c in ACTION_COLUMNS})
    rows = coaching[coaching["状态"].str.strip() != DONE].copy()
    day = day_stamp(today).date()
    dues = [due_date(v) or day for v in rows["期限"]]
    rows["days_left"] = pd.Series([(d - day).days for d in dues], index=rows.index, dtype="int64")
    rows["state"] = ["overdue" if n < 0 else "due" if n <= soon_days else "open" for n in rows["days_left"]]
    rows["due_key"] = dues
    rows = rows.sort_values(["due_key", "工号"], kind="mergesort")
    return rows[ACTION_COLUMNS].reset_index(drop=True)


def agent_history(coaching: pd.DataFrame, agent_id: str) -> pd.DataFrame:
    """An agent's coaching records, newest first, GROW columns and status (record columns dropped)."""
    mine = coaching[coaching["工号"] == str(agent_id)]
    mine = mine.sort_values(["日期", "提交时间"], ascending=False, kind="mergesort")
    keep = ["日期", "目标", "现状", "方案", "行动", "期限", "状态", "关联记录", "提交人"]
    return mine[keep].reset_index(drop=True)


def _window(reports: pd.DataFrame, agent: str, first: pd.Timestamp, last: pd.Timestamp) -> tuple[float, float]:
    rows = reports[(reports["agent_id"] == agent) & (reports["date"] >= first) & (reports["date"] <= last)]
    return float(rows["handled"].sum()), float(rows["volume"].sum())


def coaching_by_week(coaching: pd.DataFrame, reports: pd.DataFrame, end_day: Day, compare_days: int) -> pd.DataFrame:
    """Per coach (提交人) and ISO week of the coaching: sessions, agents coached, and their rate before and since.

    For each record, "before" is the agent's rows in the compare_days before the coaching day and
    "since" their rows from the day after it up to end_day; each side is the ratio of the sums over
    the week's records (NaN when there are none yet); change = since - before."""
    if coaching.empty:
        return pd.DataFrame({c: pd.Series([], dtype="str") for c in WEEK_COLUMNS})
    end = day_stamp(end_day)
    acc: dict[tuple[str, str], dict] = {}
    for r in coaching.itertuples():
        d = pd.Timestamp(r.日期)
        iso = d.isocalendar()
        key = (str(r.提交人), f"{iso.year}-W{iso.week:02d}")
        a = acc.setdefault(key, {"sessions": 0, "agents": set(), "hb": 0.0, "vb": 0.0, "hs": 0.0, "vs": 0.0})
        hb, vb = _window(reports, str(r.工号), d - pd.Timedelta(days=compare_days), d - pd.Timedelta(days=1))
        hs, vs = _window(reports, str(r.工号), d + pd.Timedelta(days=1), end)
        a["sessions"] += 1
        a["agents"].add(str(r.工号))
        a["hb"], a["vb"], a["hs"], a["vs"] = a["hb"] + hb, a["vb"] + vb, a["hs"] + hs, a["vs"] + vs
    out = pd.DataFrame([{"coach": c, "week": w, "sessions": a["sessions"], "agents": len(a["agents"]),
                         "rate_before": handle_rate(a["hb"], a["vb"]), "rate_since": handle_rate(a["hs"], a["vs"])}
                        for (c, w), a in acc.items()])
    out["change"] = out["rate_since"] - out["rate_before"]
    out = out.sort_values(["week", "coach"], kind="mergesort", key=lambda s: id_sort_key(s) if s.name == "coach" else s)
    return out[WEEK_COLUMNS].reset_index(drop=True)
