"""QA analytics (质检分析): where the points go, per scorecard item, agent, group and month; an agent's
QA trend; how often each red line is hit. Pure over the store's 质检评分 rows (one column per
scorecard item, the red lines 是/否, 总分) and the scorecard of config.toml (lib.quality.qa).

Points lost on an item = the item's points (its maximum on the scorecard) − the score given, summed
over the recordings. A red line sets a recording's 总分 to 0 but leaves its item scores as marked:
the items say what was weak, the red-line counts say what was breached. A recording without a score
for an item (an item added to the scorecard later) counts for the other items only.
"""
from __future__ import annotations

import pandas as pd

from lib.quality.qa import RED_MARK, Scorecard

ITEM_COLUMNS = ["date", "agent_id", "name", "group", "recording", "item", "points", "score", "lost"]
LOST_COLUMNS = ["item", "points", "recordings", "lost", "lost_per_recording", "lost_share"]
TREND_COLUMNS = ["period", "recordings", "avg_total"]
RED_COLUMNS = ["red_line", "hits", "recordings", "share"]
KEYS = {"agent": ["agent_id", "name", "group"], "group": ["group"], "month": ["month"], "week": ["week"]}


def _text(qa: pd.DataFrame, col: str) -> pd.Series:
    return qa[col].fillna("").astype(str).str.strip() if col in qa.columns else pd.Series("", index=qa.index)


def _week(dates: pd.Series) -> pd.Series:
    """ISO weeks "YYYY-Www" of dates."""
    iso = dates.dt.isocalendar()
    return iso["year"].astype(str) + "-W" + iso["week"].astype(str).str.zfill(2)


def in_period(qa: pd.DataFrame, start, end) -> pd.DataFrame:
    """The 质检评分 rows whose 日期 is from start to end (inclusive)."""
    if qa is None or qa.empty:
        return pd.DataFrame() if qa is None else qa
    d = pd.to_datetime(qa["日期"], errors="coerce")
    return qa[(d >= pd.Timestamp(start)) & (d <= pd.Timestamp(end))].reset_index(drop=True)


def in_month(qa: pd.DataFrame, month: str) -> pd.DataFrame:
    """The 质检评分 rows of a month "YYYY-MM"."""
    p = pd.Period(month, freq="M")
    return in_period(qa, p.start_time, p.end_time.normalize())


def item_scores(qa: pd.DataFrame, card: Scorecard) -> pd.DataFrame:
    """The QA rows long, one row per recording and scorecard item (ITEM_COLUMNS):
    points = the item's maximum, score = the score given, lost = points − score; an item without a
    score on a recording is left out."""
    if qa is None or qa.empty:
        return pd.DataFrame({c: pd.Series([], dtype="float64" if c in ("points", "score", "lost") else
                                          "datetime64[ns]" if c == "date" else "str") for c in ITEM_COLUMNS})
    base = pd.DataFrame({"date": pd.to_datetime(qa["日期"], errors="coerce"), "agent_id": _text(qa, "工号"),
                         "name": _text(qa, "姓名"), "group": _text(qa, "组别"), "recording": _text(qa, "录音编号")})
    parts = []
    for item, points in card.items:
        if item not in qa.columns:
            continue
        score = pd.to_numeric(qa[item], errors="coerce")
        parts.append(base.assign(item=item, points=float(points), score=score, lost=float(points) - score)
                     [score.notna()])
    if not parts:
        return item_scores(None, card)
    return pd.concat(parts, ignore_index=True)[ITEM_COLUMNS]


def points_lost(qa: pd.DataFrame, card: Scorecard, by: str | None = None) -> pd.DataFrame:
    """Points lost per scorecard item, for everyone given (by=None) or per "agent", "group", "month"
    or "week" (ISO "YYYY-Www"): the keys, then LOST_COLUMNS.

    recordings = recordings scored on the item; lost = Σ (points − score); lost_per_recording = lost
    / recordings; lost_share = lost / (points × recordings), the share of the item's points lost.
    Within each key the item losing most comes first (ties in scorecard order); keys in their order.
    """
    long = item_scores(qa, card)
    keys = KEYS[by] if by else []
    if long.empty:
        return pd.DataFrame({c: pd.Series([], dtype="str" if c in keys + ["item"] else "float64")
                             for c in keys + LOST_COLUMNS})
    if by == "month":
        long["month"] = long["date"].dt.strftime("%Y-%m")
    elif by == "week":
        long["week"] = _week(long["date"])
    order = {n: k for k, n in enumerate(card.names)}
    g = long.groupby(keys + ["item"], sort=False)
    out = pd.DataFrame({"points": g["points"].first(), "recordings": g.size().astype("float64"),
                        "lost": g["lost"].sum()}).reset_index()
    out["lost_per_recording"] = out["lost"] / out["recordings"]
    out["lost_share"] = out["lost"] / (out["points"] * out["recordings"])
    out["_order"] = out["item"].map(order)
    out = out.sort_values(keys + ["lost", "_order"], ascending=[True] * len(keys) + [False, True], kind="mergesort")
    return out[keys + LOST_COLUMNS].reset_index(drop=True)


def top_items(lost: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    """The n items losing the most points (of a points_lost frame of one key), items with nothing lost left out."""
    return lost[lost["lost"] > 0].sort_values("lost", ascending=False, kind="mergesort").head(n).reset_index(drop=True)


def qa_trend(qa: pd.DataFrame, agent_id: str, freq: str = "day") -> pd.DataFrame:
    """One agent's QA over time (TREND_COLUMNS): per day ("YYYY-MM-DD") or ISO week ("YYYY-Www"), the
    recordings scored and their average 总分 (a red-line recording counts with its 0), oldest first."""
    empty = pd.DataFrame({"period": pd.Series([], dtype="str"), "recordings": pd.Series([], dtype="float64"),
                          "avg_total": pd.Series([], dtype="float64")})
    if qa is None or qa.empty:
        return empty
    mine = qa[_text(qa, "工号") == str(agent_id)]
    total = pd.to_numeric(mine["总分"], errors="coerce")
    d = pd.to_datetime(mine["日期"], errors="coerce")
    keep = total.notna() & d.notna()
    total, d = total[keep], d[keep]
    if total.empty:
        return empty
    if freq == "week":
        period = _week(d)
    else:
        period = d.dt.strftime("%Y-%m-%d")
    g = total.groupby(period)
    out = pd.DataFrame({"recordings": g.size().astype("float64"), "avg_total": g.mean()})
    return out.rename_axis("period").reset_index().sort_values("period", kind="mergesort")[TREND_COLUMNS] \
        .reset_index(drop=True)


def red_line_counts(qa: pd.DataFrame, card: Scorecard) -> pd.DataFrame:
    """How often each red line of the scorecard was hit (RED_COLUMNS, in scorecard order): hits =
    recordings marked 是 on it, recordings = all recordings given, share = hits / recordings."""
    n = 0 if qa is None else len(qa)
    hits = [int((_text(qa, r) == RED_MARK).sum()) if n else 0 for r in card.red_lines]
    return pd.DataFrame({"red_line": pd.Series(list(card.red_lines), dtype="str"),
                         "hits": pd.Series(hits, dtype="float64"),
                         "recordings": pd.Series([float(n)] * len(hits), dtype="float64"),
                         "share": pd.Series([h / n if n else float("nan") for h in hits], dtype="float64")})


def agent_grid(qa: pd.DataFrame, card: Scorecard) -> pd.DataFrame:
    """Per agent, most points lost first (ties by agent_id): agent_id, name, recordings (QA rows),
    avg_total (mean 总分, a red-line recording with its 0), lost (Σ over the items), then one column
    per scorecard item with the points lost on it."""
    cols = ["agent_id", "name", "recordings", "avg_total", "lost", *card.names]
    long = item_scores(qa, card)
    if long.empty:
        return pd.DataFrame({c: pd.Series([], dtype="str" if c in ("agent_id", "name") else "float64") for c in cols})
    wide = long.pivot_table(index="agent_id", columns="item", values="lost", aggfunc="sum").reindex(columns=card.names)
    ids = _text(qa, "工号")
    total = pd.to_numeric(qa["总分"], errors="coerce") if "总分" in qa.columns else pd.Series(float("nan"), index=qa.index)
    out = pd.DataFrame({"name": _text(qa, "姓名").groupby(ids).first(),
                        "recordings": ids.groupby(ids).size().astype("float64"),
                        "avg_total": total.groupby(ids).mean()})
    out = out.join(wide, how="left")
    out["lost"] = out[card.names].sum(axis=1, min_count=1)
    out = out.rename_axis("agent_id").reset_index()
    out = out.sort_values(["lost", "agent_id"], ascending=[False, True], kind="mergesort")
    return out[cols].reset_index(drop=True)
