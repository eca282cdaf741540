"""QA scoring (质检评分): the scorecard from config.toml, the computed total, coverage, the lead's own calls.

Pure functions; the store's 质检评分 rows come in as frames (one column per scorecard item, then
总分 and 分析指导). A red-line item (红线) marked on a recording sets its total to 0.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from lib.config import Settings
from lib.i18n import FieldProblems
from lib.floor.roster import sorted_ids
from lib.floor.metrics import Day, day_stamp, rows_until

RED_MARK, NO_MARK = "是", "否"
COVERAGE_COLUMNS = ["agent_id", "name", "scored", "last_total", "covered"]


@dataclass(frozen=True)
class Scorecard:
    """The scorecard items with their maximum points, and the red-line items."""

    items: tuple[tuple[str, float], ...]
    red_lines: tuple[str, ...]

    @property
    def names(self) -> list[str]:
        return [n for n, _ in self.items]

    @property
    def max_total(self) -> float:
        return float(sum(p for _, p in self.items))

    def columns(self) -> list[str]:
        """The store columns the scorecard adds to 质检评分, in order."""
        return self.names + list(self.red_lines)


def scorecard(settings: Settings) -> Scorecard:
    """The scorecard of `[qa.scorecard]` (items = {name = max points}, red_lines = [names]); without
    one in config.toml, lib.config's default (PRODUCT.md's example, 100 points)."""
    card = settings.qa.scorecard
    return Scorecard(tuple(card.items.items()), card.red_lines)


def qa_total(card: Scorecard, scores: Mapping[str, float], red: Iterable[str] = ()) -> float:
    """The recording's total: the sum of the item scores, or 0 when any red-line item is marked."""
    if any(r in card.red_lines for r in red):
        return 0.0
    return float(sum(float(scores.get(n) or 0) for n in card.names))


def check_qa(card: Scorecard, agent_id: str | None, known: list[str], recording: str,
             scores: Mapping[str, float | None], notes: str, scored_recordings: Iterable[str]) -> FieldProblems:
    """FieldProblems of a QA entry, by field: agent, recording, item:<name>, notes (empty = may be written).

    Each item's score must be given and lie in 0..the item's points (its maximum on the scorecard);
    a missing or out-of-range score is one problem under that item, naming it and its points, so
    the total can never read above the full score. A recording already scored that day is refused
    so a second click does not count one call twice.
    """
    problems: FieldProblems = {}
    if not agent_id:
        problems["agent"] = ("lead.err.agent_missing", {})
    elif str(agent_id) not in known:
        problems["agent"] = ("lead.err.agent_unknown", {"agent": agent_id})
    rec = str(recording or "").strip()
    if not rec:
        problems["recording"] = ("lead.err.required", {})
    elif rec in {str(r).strip() for r in scored_recordings}:
        problems["recording"] = ("lead.err.recording_scored", {"recording": rec})
    for name, top in card.items:
        v = scores.get(name)
        if v is None or pd.isna(v) or not 0 <= float(v) <= top:
            problems[f"item:{name}"] = ("lead.err.score_range", {"item": name, "max": f"{top:g}"})
    if not str(notes or "").strip():
        problems["notes"] = ("lead.err.required", {})
    return problems


def qa_row(card: Scorecard, day: Day, agent_id: str, name: str, group: str, project: str, recording: str,
           scores: Mapping[str, float], red: Iterable[str], notes: str) -> dict:
    """A 质检评分 row: DATA.md's columns, one per scorecard item (red lines 是/否), the computed 总分."""
    red = set(red)
    row = {"日期": day_stamp(day).date().isoformat(), "工号": str(agent_id), "姓名": name, "组别": str(group),
           "项目": project, "录音编号": str(recording).strip()}
    for n in card.names:
        row[n] = float(scores[n])
    for r in card.red_lines:
        row[r] = RED_MARK if r in red else NO_MARK
    row["总分"] = qa_total(card, scores, red)
    row["分析指导"] = notes.strip()
    return row


def present_agents(reports: pd.DataFrame, group: str, day: Day, at_minute: int) -> pd.DataFrame:
    """Agents present for the group: those with report rows worked for it by at_minute (agent_id, name)."""
    rows = rows_until(reports, day, at_minute)
    rows = rows[rows["group"] == str(group)]
    names = rows.assign(name=rows["name"].where(rows["name"].str.strip() != "")) \
        .groupby("agent_id")["name"].first().fillna("")
    ids = sorted_ids(names.index)
    return pd.DataFrame({"agent_id": pd.Series(ids, dtype="str"),
                         "name": pd.Series([names.get(i, "") for i in ids], dtype="str")})


def coverage(present: pd.DataFrame, qa_day: pd.DataFrame, per_agent: int = 1) -> pd.DataFrame:
    """Per present agent: recordings scored that day, the latest total, and covered (scored >= per_agent).

    A recording counts for the agent whoever scored it (a substitute may be scored by another lead).
    """
    scored = qa_day.groupby("工号").size() if len(qa_day) else pd.Series(dtype="int64")
    last = qa_day.groupby("工号")["总分"].last() if len(qa_day) else pd.Series(dtype="float64")
    out = present[["agent_id", "name"]].copy()
    out["scored"] = out["agent_id"].map(scored).fillna(0).astype("int64")
    out["last_total"] = out["agent_id"].map(last).astype("float64")
    out["covered"] = out["scored"] >= int(per_agent)
    return out[COVERAGE_COLUMNS].reset_index(drop=True)


def coverage_figures(cov: pd.DataFrame) -> dict:
    """present, covered (counts), share (covered / present, NaN with no one present), missing ("id name")."""
    n, done = len(cov), int(cov["covered"].sum())
    missing = [f"{a} {m}".strip() for a, m, c in zip(cov["agent_id"], cov["name"], cov["covered"]) if not c]
    return {"present": n, "covered": done, "share": done / n if n else float("nan"), "missing": missing}


def agent_project(reports: pd.DataFrame, agent_id: str, day: Day, at_minute: int) -> str:
    """The project on the agent's latest report row that day by at_minute ("" without rows)."""
    rows = rows_until(reports, day, at_minute)
    rows = rows[rows["agent_id"] == str(agent_id)].sort_values("end_minute", kind="mergesort")
    return str(rows["project"].iloc[-1]) if len(rows) else ""


def lead_calls(reports: pd.DataFrame, lead_ids: Iterable[str], day: Day, at_minute: int) -> float:
    """The calls (数据量) on the lead's own report rows that day by at_minute, in any group."""
    rows = rows_until(reports, day, at_minute)
    return float(rows.loc[rows["agent_id"].isin([str(i) for i in lead_ids]), "volume"].sum())


def qa_due(flags: pd.DataFrame, qa_day: pd.DataFrame) -> pd.Series:
    """Per flag row: True while the flagged agent has no recording scored that day.

    A no_data flag asks for a phone call, not a recording, so it never makes QA due.
    """
    scored = set(qa_day["工号"]) if len(qa_day) else set()
    return (flags["kind"] != "no_data") & ~flags["agent_id"].isin(scored)


def agent_qa_history(qa: pd.DataFrame, agent_id: str, card: Scorecard) -> pd.DataFrame:
    """One agent's scored recordings, newest first: 日期, 录音编号, the items, 总分, 分析指导, 提交人."""
    mine = qa[qa["工号"] == str(agent_id)] if len(qa) else qa
    cols = ["日期", "录音编号", *[c for c in card.columns() if c in qa.columns], "总分", "分析指导", "提交人"]
    cols = [c for c in cols if c in qa.columns]
    return mine.sort_values(["日期", "提交时间"], ascending=False, kind="mergesort")[cols].reset_index(drop=True) \
        if len(mine) else mine.reindex(columns=cols)
