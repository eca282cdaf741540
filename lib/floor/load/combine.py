"""Steps across files: duplicates (newest file wins), running totals, each row's group, unknown agents."""
from __future__ import annotations

import numpy as np
import pandas as pd

from lib.config import Settings
from lib.floor.schema import DAY_TOTAL_START, conform

# A row is known by its real slot: 09:00-09:30 and 09:30-10:00 of one agent are two rows, never
# duplicates of each other (start_minute tells them apart; hour is the hour they start in).
KEY = ["date", "hour", "start_minute", "agent_id", "project"]
RUNNING_KEY = ["date", "end_minute", "agent_id", "project"]
HOUR_KEY = ["date", "hour", "agent_id", "project"]
FIGS = ["volume", "connected", "handled", "sales", "talk_seconds"]


def clock_of(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _p(problems: list[dict], file, sheet, row, column, severity, zh, en) -> None:
    problems.append({"file": file, "sheet": sheet, "row": None if row is None else int(row), "column": column,
                     "severity": severity, "message": zh, "message_en": en})


def combine_schedule(schedule: pd.DataFrame, problems: list[dict]) -> pd.DataFrame:
    """One roster line per person per day: a later file's line (the files come newest last) replaces an earlier one's."""
    dup = schedule.duplicated(["date", "agent_id"], keep="last")
    if dup.any():
        n = int(dup.sum())
        _p(problems, "", "", None, "", "warning", f"排班表中有 {n} 条重复的 人员+日期，以最后出现的为准",
           f"{n} repeated person+day lines in the roster; the last one is used")
    return schedule[~dup].reset_index(drop=True)


def _dedupe(reports: pd.DataFrame, problems: list[dict], key: list[str] = KEY) -> pd.DataFrame:
    """The same (date, slot, agent, project) twice: the row of the newest file is used, and said so."""
    KEY = key   # running totals are known by where they end ('08:00 to 10:59' since the morning)
    if not reports.duplicated(KEY).any():
        return reports   # the usual month: nothing to sort out
    r = reports.sort_values(["mtime", "file", "row"], kind="stable")
    dropped = r.duplicated(KEY, keep="last")
    kept = r[~dropped][KEY + ["file"]].rename(columns={"file": "file_kept"})
    gone = r[dropped].merge(kept, on=KEY, how="left")
    for (f, s, fk), g in gone.groupby(["file", "sheet", "file_kept"], sort=True):
        first = g.sort_values("row").iloc[0]
        if f == fk:
            zh = (f"第 {first['row']} 行等 {len(g)} 行与本表下方的行重复（同一日期、时段、工号、项目），使用下方的行")
            en = f"row {first['row']} and {len(g) - 1} more repeat later rows of this sheet (same date, hour, agent, project); the later rows are used"
        else:
            zh = (f"第 {first['row']} 行等 {len(g)} 行与 {fk} 重复（同一日期、时段、工号、项目），"
                  f"使用较新的文件 {fk} 中的行")
            en = (f"row {first['row']} and {len(g) - 1} more are also in {fk} (same date, hour, agent, project); "
                  f"the rows of the newer file {fk} are used")
        _p(problems, f, s, first["row"], "", "warning", zh, en)
    return r[~dropped].sort_index()


def _hourly_from_running(reports: pd.DataFrame, problems: list[dict]) -> pd.DataFrame:
    """Hourly figures from running totals: each slot minus the one before it, per agent, day, project.

    A difference runs from the previous slot's end to this slot's end: after a missed download it
    spans two slots (and the check says so). Day totals (no slot anywhere) are taken as they are.
    """
    total = reports["start_minute"] >= DAY_TOTAL_START
    if total.any():
        return pd.concat([_hourly_from_running(reports[~total], problems), reports[total]]).sort_index()
    r = reports.sort_values(["date", "agent_id", "project", "end_minute"], kind="stable")
    by = r.groupby(["date", "agent_id", "project"], sort=False)
    prev = by[FIGS].shift(1)
    prev_end = by["end_minute"].shift(1)
    gap = prev_end.notna() & (prev_end < r["start_minute"])
    for (f, s), g in r[gap].assign(prev_end=prev_end[gap]).groupby(["file", "sheet"], sort=True):
        first = g.sort_values("row").iloc[0]
        a, b = clock_of(int(first["prev_end"])), clock_of(int(first["start_minute"]))
        e = clock_of(int(first["end_minute"]))
        _p(problems, f, s, first["row"], "", "warning",
           f"累计值之间缺少 {a}-{b} 的报表（漏下载）：本表 {len(g)} 行与上一时段的差额计为 {a}-{e}，"
           f"{e} 之前的排名不含这段差额",
           f"running totals: no report for {a}-{b} (a missed download): the difference of {len(g)} row(s) "
           f"from the slot before spans {a}-{e}, so rankings before {e} leave it out")
    diff = r[FIGS] - prev.fillna(0)
    # A figure absent from the export stays absent (NaN), not 0.
    diff = diff.where(r[FIGS].notna())
    neg = (diff < 0).any(axis=1)
    for _, row in r[neg].iterrows():
        _p(problems, row["file"], row["sheet"], row["row"], "", "error",
           f"第 {row['row']} 行：累计值小于上一时段（累计模式 [reports] cumulative = true），该行未读取",
           f"row {row['row']}: running total below the previous slot's (cumulative = true); row left out")
    out = r.copy()
    out[FIGS] = diff
    starts = prev_end.where(prev_end.notna(), r["start_minute"]).astype("int64")
    out["start_minute"] = starts.where(starts < r["end_minute"], r["start_minute"])
    out["hour"] = out["start_minute"] // 60
    return out[~neg].sort_index()


def _into_hours(reports: pd.DataFrame) -> pd.DataFrame:
    """Sub-hour slots (30 or 15 minutes) of one agent, project and hour added up into one hourly row.

    The row keeps the first slot's start (and its file, sheet and row for messages), ends where the
    hour's last slot ends, and its figures are the slots' sums (a figure no slot gives stays absent).
    """
    several = reports.duplicated(HOUR_KEY, keep=False).to_numpy()
    if not several.any():
        return reports   # hourly exports: nothing to add up
    # By positions, so that the frame (its text columns above all) is taken once, at the end.
    pos = np.flatnonzero(several)
    codes = reports.iloc[pos].groupby(HOUR_KEY, sort=False).ngroup().to_numpy()
    starts = reports["start_minute"].to_numpy()[pos]
    order = np.lexsort((starts, codes))   # by group, then start; stable, so a tie keeps file order
    first = np.ones(len(order), bool)
    first[1:] = codes[order][1:] != codes[order][:-1]
    heads = pos[order[first]]             # each group's first slot, in the order of the group codes
    n = int(codes.max()) + 1
    keep = np.sort(np.concatenate([np.flatnonzero(~several), heads]))
    out = reports.iloc[keep].copy()
    at = np.searchsorted(keep, heads)      # where each head sits in `out`
    for f in FIGS:
        v = reports[f].to_numpy(dtype=float)[pos]
        given = ~np.isnan(v)
        total = np.bincount(codes, np.where(given, v, 0.0), n)
        total[np.bincount(codes, given, n) == 0] = np.nan   # min_count=1: no slot gives it
        col = out[f].to_numpy(dtype=float, copy=True)
        col[at] = total[codes[order[first]]]
        out[f] = col
    for f, combine in (("end_minute", np.maximum), ("mtime", np.maximum)):
        best = np.full(n, -np.inf)
        combine.at(best, codes, reports[f].to_numpy(dtype=float)[pos])
        col = out[f].to_numpy(copy=True)
        col[at] = best[codes[order[first]]].astype(col.dtype)
        out[f] = col
    return out if reports.index.is_monotonic_increasing else out.sort_index()


def _day_totals_beside_hours(reports: pd.DataFrame, problems: list[dict]) -> pd.DataFrame:
    """A day total (no slot anywhere) of an agent, day and project that also has slot rows would be
    counted twice in the month: the slot rows are used, the day total is left out, and said so."""
    total = reports["start_minute"] >= DAY_TOTAL_START
    if not total.any() or total.all():
        return reports
    keys = ["date", "agent_id", "project"]
    hourly = pd.MultiIndex.from_frame(reports.loc[~total, keys].drop_duplicates())
    both = total & pd.MultiIndex.from_frame(reports[keys]).isin(hourly)
    if not both.any():
        return reports
    for (f, s), g in reports[both].groupby(["file", "sheet"], sort=True):
        first = g.sort_values("row").iloc[0]
        _p(problems, f, s, first["row"], "", "warning",
           f"第 {first['row']} 行等 {len(g)} 行是全天合计，而这些坐席当天已有分时段的行：使用分时段的行，全天合计未计入（避免重复计算）",
           f"row {first['row']} and {len(g) - 1} more are day totals of agents who have slot rows that day: "
           f"the slot rows are used and the day totals left out (never counted twice)")
    return reports[~both]


def _nearest(pairs: pd.DataFrame, roster: pd.DataFrame) -> pd.DataFrame:
    """Each (date, agent_id)'s home_group and roster_name from the agent's nearest roster line in time,
    in the pairs' order: the last day before that knew the agent, else the first after ("" when none)."""
    left = pairs.assign(at=np.arange(len(pairs))).sort_values("date", kind="stable")
    right = roster.sort_values("date", kind="stable")
    back = pd.merge_asof(left, right, on="date", by="agent_id", direction="backward")
    ahead = pd.merge_asof(left, right, on="date", by="agent_id", direction="forward")
    for c in ("home_group", "roster_name"):
        back[c] = back[c].where(back[c].notna(), ahead[c].to_numpy()).fillna("")
    return back.sort_values("at")


def _homes(reports: pd.DataFrame, roster: pd.DataFrame) -> pd.DataFrame:
    """Each (date, agent_id) of the reports with its home_group, roster_name and `seen`: 0 on that
    day's roster, 1 missing from a day the roster covers (its own warning; every day when there is
    no roster at all), 2 on a day no roster covers (then the nearest roster line in time). Worked
    out per pair, not per row: a year of 600 agents is 1.7 M rows but 200,000 pairs."""
    pairs = reports[["date", "agent_id"]].drop_duplicates()
    h = pairs.merge(roster, on=["date", "agent_id"], how="left")
    missing = h["home_group"].isna().to_numpy()
    covered = h["date"].isin(pd.unique(roster["date"])).to_numpy() if len(roster) else np.ones(len(h), bool)
    bare = missing & ~covered   # not the agent's absence from the roster: the roster's absence
    if bare.any():
        near = _nearest(h.loc[bare, ["date", "agent_id"]], roster)
        for c in ("home_group", "roster_name"):
            col = h[c].astype(object).to_numpy(copy=True)
            col[bare] = near[c].to_numpy()
            h[c] = col
    h["seen"] = np.where(~missing, 0, np.where(covered, 1, 2)).astype("int8")
    return h


def _month_text(months: np.ndarray) -> list[str]:
    """'YYYY-MM' of months counted from 1970-01 (numpy's datetime64[M])."""
    return [f"{1970 + int(m) // 12:04d}-{int(m) % 12 + 1:02d}" for m in months]


def _distinct(groups: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """How many distinct values (non-negative integers) each of `n` groups holds."""
    span = int(values.max()) + 1 if len(values) else 1
    return np.bincount(np.unique(groups * span + values) // span, minlength=n)


def _without_roster(r: pd.DataFrame, bare: np.ndarray, roster_months: set[str], problems: list[dict]) -> None:
    """One line per (month, file) whose rows fall on days no roster covers: where their groups came from.

    Counted with integer codes (numpy), not by grouping 1.7 M rows of text: a year without its
    rosters takes a fraction of a second here.
    """
    at = np.flatnonzero(bare)
    (fc, files), (sc, sheets), (ac, _) = (pd.factorize(r[c]) for c in ("file", "sheet", "agent_id"))
    day = r["date"].to_numpy().view("int64")[at] // 86_400_000_000_000   # days since 1970-01-01
    udays, at_day = np.unique(day, return_inverse=True)
    month = udays.astype("datetime64[D]").astype("datetime64[M]").astype("int64")[at_day]
    keys, grp = np.unique(month * (len(files) + 1) + fc[at], return_inverse=True)   # one per (month, file)
    n = len(keys)
    rows = np.bincount(grp, minlength=n)
    agent, none = ac[at], ((r["row_group"] == "") & (r["home_group"] == "")).to_numpy()[at]
    agents, days = _distinct(grp, agent, n), _distinct(grp, at_day, n)
    orphans = _distinct(grp[none], agent[none], n) if none.any() else np.zeros(n, int)
    first, last = np.full(n, day.max()), np.full(n, day.min())
    np.minimum.at(first, grp, day)
    np.maximum.at(last, grp, day)
    span_s = len(sheets) + 1
    used = np.unique(grp * span_s + sc[at])
    names = {}
    for g, i in zip(used // span_s, used % span_s):
        names.setdefault(int(g), []).append(str(sheets[i]))
    lines = sorted(((_month_text([keys[g] // (len(files) + 1)])[0], str(files[keys[g] % (len(files) + 1)]), g)
                    for g in range(n)))
    for month_s, f, g in lines:   # one per month and file
        lo, hi = str(np.datetime64(int(first[g]), "D")), str(np.datetime64(int(last[g]), "D"))
        span = lo if days[g] == 1 else f"{lo} – {hi}"
        if month_s in roster_months:
            zh_why, en_why = f"排班表不含 {span} 的 {days[g]} 天", f"the roster does not cover {days[g]} day(s), {span}"
        else:
            zh_why, en_why = "无当月排班表", "no roster for this month"
        zh_none = f"；其中 {orphans[g]} 名在任何排班表中都没有、报表行也无组别" if orphans[g] else ""
        en_none = f"; {orphans[g]} of them are on no roster and their rows name no group" if orphans[g] else ""
        _p(problems, f, "、".join(names[g]), None, "", "warning",
           f"{month_s}：{zh_why}，本表 {agents[g]} 名坐席的组别和姓名取自报表行或最近的排班表（{rows[g]} 行，已保留）{zh_none}",
           f"{month_s}: {en_why}; the group and name of this file's {agents[g]} agents come from the report rows "
           f"or the nearest roster ({rows[g]} rows, kept){en_none}")


def _not_on_roster(r: pd.DataFrame, unknown: np.ndarray, problems: list[dict], id_labels: dict | None) -> None:
    """One warning per (file, sheet, agent) the roster of those days does not have, naming the days."""
    keys = ["file", "sheet", "agent_id"]
    u = r.loc[unknown, [*keys, "date", "row"]]
    by = u.groupby(keys, sort=True)
    s = by.agg(row=("row", "min"), n=("row", "size"))
    d = u.drop_duplicates([*keys, "date"]).sort_values("date", kind="stable")
    s["days"] = d.assign(day=d["date"].dt.strftime("%Y-%m-%d")).groupby(keys, sort=True)["day"].agg(", ".join)
    labels = id_labels or {}
    for (f, sh, a), row, n, days in zip(s.index, s["row"], s["n"], s["days"]):
        _p(problems, f, sh, row, labels.get((f, sh), "工号"), "warning",
           f"第 {row} 行：工号 {a} 不在 {days} 的排班表中（{n} 行，已保留）",
           f"row {row}: agent {a} is not on the roster for {days} ({n} rows, kept)")


def combine_reports(reports: pd.DataFrame, schedule: pd.DataFrame, settings: Settings,
                    problems: list[dict], id_labels: dict | None = None) -> pd.DataFrame:
    """The month's report rows with duplicates settled, hourly figures, groups and names from the roster.

    A row on a day no roster covers takes its agent's group and name from the nearest roster line
    in time (the last before, else the first after), said once per month and file.
    """
    reports = _dedupe(reports, problems, RUNNING_KEY if settings.cumulative else KEY)
    reports = _day_totals_beside_hours(reports, problems)
    if settings.cumulative:
        reports = _hourly_from_running(reports, problems)
    reports = _into_hours(reports)
    roster = schedule[["date", "agent_id", "group", "name"]].rename(columns={"group": "home_group", "name": "roster_name"})
    r = reports.drop(columns=["home_group"]).merge(_homes(reports, roster), on=["date", "agent_id"], how="left")
    seen = r.pop("seen").to_numpy()
    r["home_group"] = r["home_group"].fillna("")
    r["group"] = r["row_group"].where(r["row_group"] != "", r["home_group"])
    r["name"] = r["name"].where(r["name"] != "", r["roster_name"].fillna(""))
    if (bare := seen == 2).any():
        months = pd.unique(schedule["date"].to_numpy().astype("datetime64[M]")).astype("int64")
        _without_roster(r, bare, set(_month_text(months)), problems)
    if (unknown := seen == 1).any() and len(schedule):
        _not_on_roster(r, unknown, problems, id_labels)
    return conform(r.drop(columns=["roster_name"]), "reports")
