"""The most improved (进步之星): the agents whose handle rate rose most against their own previous
period, for the day (as at `[improved] at`, the end-of-day meeting), the week and the month.

The rule (docs/DATA.md, *Most improved*):

- **Which rows.** The day itself counts its slots ended by the cut = min(the moment, `[improved] at`)
  (18:00), and its day totals (a report without slots) once the cut is `[improved] at`; every
  earlier day counts all its rows. A month counts the rows the month's figures count
  (impossible rows left out, metrics.month_report_rows); the day and the week count every row, as the
  day's screens and the weekly pack do.
- **The periods.** day: the day against the agent's own previous day with volume among the 13 days
  before it (LOOK_BACK: a page holds the 14 days before its own day, so the next morning's list of
  yesterday looks exactly as far back as the evening's did), that day whole. week: Monday..the day against
  the whole week before (Monday..Sunday). month: the 1st..the day against the whole month before.
- **Who is compared.** An agent with volume ≥ `[improved] min_volume_<period>` in BOTH periods; their
  rate = Σ handled / Σ volume over every row of theirs, whatever group it was worked for. Their group
  is the group of most of their volume in the period (ties by group order, as the weekly pack's).
- **Who is listed.** change = rate − previous rate; only rises (> 0); the `[improved] top` largest,
  equal changes (as shown, to 0.01pp) by the period's volume, more first, then by 工号. With `group`,
  that group's agents only (its own top; for the center, across groups).

Before the cut reaches `[improved] at` the day's list is not ready (`ready`): the screens say when.
Pure over the reports frame; a period the frame does not hold (the month before) comes in as its
sums (`previous`, `current`: lib.floor.spans.month_agent_sums).
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from lib.config import Settings
from lib.floor.cache import DAYS_BEFORE
from lib.floor.memo import kept
from lib.floor.metrics import handle_rate, id_sort_key
from lib.floor.schema import DAY_TOTAL_START
from lib.floor.spans import SUM_COLUMNS, agent_sums, empty_sums, month_rows_through
from lib.i18n import t
from lib.i18n.formats import count, mask_phones, pp_text, rate

PERIODS = ("day", "week", "month")
LOOK_BACK = DAYS_BEFORE - 1   # days searched for an agent's previous day: yesterday's too lie in the page's floor
COLUMNS = ["agent_id", "name", "group", "prev_volume", "prev_rate", "volume", "rate", "change"]
Period = tuple[dt.date, dt.date]


def min_volume(period: str, settings: Settings) -> float:
    """The period's bar: `[improved] min_volume_day|week|month`."""
    cfg = settings.improved
    return {"day": cfg.min_volume_day, "week": cfg.min_volume_week, "month": cfg.min_volume_month}[period]


def cut(at_minute: int, settings: Settings) -> int:
    """The last slot end the day itself counts: min(the moment, `[improved] at`)."""
    return min(int(at_minute), settings.improved.at_minute)


def ready(at_minute: int, settings: Settings) -> bool:
    """Whether the day's list is final: the moment has reached `[improved] at`."""
    return int(at_minute) >= settings.improved.at_minute


def month_of(day: dt.date, months_before: int = 0) -> str:
    """"YYYY-MM" of the day's month, or of the month `months_before` before it."""
    y, m = day.year, day.month - months_before
    while m < 1:
        y, m = y - 1, m + 12
    return f"{y:04d}-{m:02d}"


def bounds(period: str, day: dt.date) -> tuple[Period, Period | None]:
    """(first, last) of the period and of the one before it (None for the day: each agent's own)."""
    if period == "day":
        return (day, day), None
    if period == "week":
        monday = day - dt.timedelta(days=day.weekday())
        return (monday, day), (monday - dt.timedelta(days=7), monday - dt.timedelta(days=1))
    if period == "month":
        first = day.replace(day=1)
        before = first - dt.timedelta(days=1)
        return (first, day), (before.replace(day=1), before)
    raise ValueError(f"not a period: {period!r} (day, week or month)")


def _within(reports: pd.DataFrame, first: dt.date, last: dt.date, day: dt.date, minute: int,
            settings: Settings) -> pd.DataFrame:
    """Rows from first to last; the day's own only those ended by `minute`, and its day totals (a report
    without slots) once `minute` is `[improved] at`."""
    d = reports["date"]
    keep = (d >= pd.Timestamp(first)) & (d <= pd.Timestamp(last))
    today = (reports["end_minute"] <= int(minute))
    if minute >= settings.improved.at_minute:
        today |= reports["start_minute"] == DAY_TOTAL_START
    keep &= (d != pd.Timestamp(day)) | today
    return reports[keep]


def period_sums(reports: pd.DataFrame, period: str, first: dt.date, last: dt.date, day: dt.date,
                minute: int, settings: Settings) -> pd.DataFrame:
    """SUM_COLUMNS of the rows a period counts (a month's without its impossible rows)."""
    rows = _within(reports, first, last, day, minute, settings)
    if period == "month":
        rows = pd.concat([month_rows_through(rows, m) for m in sorted({month_of(first), month_of(last)})])
    return agent_sums(rows)


def previous_day_sums(reports: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """SUM_COLUMNS of each agent's own previous day with volume among the LOOK_BACK days before `day`
    (that day whole), with its date in `prev_date`."""
    d = reports["date"]
    rows = reports[(d < pd.Timestamp(day)) & (d >= pd.Timestamp(day - dt.timedelta(days=LOOK_BACK)))]
    daily = rows.groupby(["agent_id", "date"], sort=False)["volume"].sum()
    worked = daily[daily > 0].reset_index()
    if worked.empty:
        return empty_sums().assign(prev_date=pd.Series([], dtype="datetime64[ns]"))
    latest = worked.groupby("agent_id")["date"].max()
    mine = rows[rows["date"] == rows["agent_id"].map(latest)]
    out = agent_sums(mine)
    return out.assign(prev_date=out["agent_id"].map(latest))


def totals(sums: pd.DataFrame) -> pd.DataFrame:
    """Per agent (index agent_id): name, group (where most of the volume went; ties by group order),
    volume, handled, rate."""
    if sums.empty:
        return pd.DataFrame({"name": pd.Series([], dtype="str"), "group": pd.Series([], dtype="str"),
                             "volume": pd.Series([], dtype="float64"), "handled": pd.Series([], dtype="float64"),
                             "rate": pd.Series([], dtype="float64")}, index=pd.Index([], dtype="str", name="agent_id"))
    by = sums.sort_values("group", key=id_sort_key, kind="mergesort")
    by = by.sort_values(["agent_id", "volume"], ascending=[True, False], kind="mergesort")
    g = by.groupby("agent_id", sort=False)
    named = by.assign(name=by["name"].where(by["name"] != "")).groupby("agent_id", sort=False)["name"].first()
    out = pd.DataFrame({"name": named.fillna(""), "group": g["group"].first(), "volume": g["volume"].sum(),
                        "handled": g["handled"].sum()})
    out["rate"] = handle_rate(out["handled"], out["volume"])
    out.index.name = "agent_id"
    return out


def empty_list() -> pd.DataFrame:
    """COLUMNS without a row."""
    return pd.DataFrame({c: pd.Series([], dtype="str" if c in ("agent_id", "name", "group") else "float64")
                         for c in COLUMNS})


@kept(size=16)
def most_improved(reports: pd.DataFrame, period: str, day: dt.date, at_minute: int, settings: Settings,
                  group: str | None = None, current: pd.DataFrame | None = None,
                  previous: pd.DataFrame | None = None) -> pd.DataFrame:
    """COLUMNS: the period's most improved agents at a moment (the module's rule), best first.

    `current` / `previous`: the period's and the previous period's SUM_COLUMNS when `reports` does not
    hold them (a month read from the files); otherwise both come from `reports`."""
    minute = cut(at_minute, settings)
    (first, last), before = bounds(period, day)
    now = totals(current if current is not None else period_sums(reports, period, first, last, day, minute, settings))
    if previous is None:
        previous = (previous_day_sums(reports, day) if before is None
                    else period_sums(reports, period, before[0], before[1], day, minute, settings))
    then = totals(previous[SUM_COLUMNS] if len(previous) else empty_sums())
    bar = min_volume(period, settings)
    out = now.join(then[["volume", "rate"]].add_prefix("prev_"), how="inner")
    if group is not None:
        out = out[out["group"] == str(group)]
    out = out.assign(change=out["rate"] - out["prev_rate"])
    out = out[(out["volume"] >= bar) & (out["prev_volume"] >= bar) & (out["change"] > 0)]
    if out.empty:
        return empty_list()
    out = out.reset_index()
    out = out.assign(shown=out["change"].round(4))
    out = out.sort_values("agent_id", key=id_sort_key, kind="mergesort")
    out = out.sort_values(["shown", "volume"], ascending=[False, False], kind="mergesort")
    return out.head(settings.improved.top)[COLUMNS].reset_index(drop=True)


def improved_lists(reports: pd.DataFrame, day: dt.date, at_minute: int, settings: Settings,
                   group: str | None = None, month_current: pd.DataFrame | None = None,
                   month_previous: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The three lists {day, week, month} of one moment, for the center (None) or a group."""
    return {"day": most_improved(reports, "day", day, at_minute, settings, group),
            "week": most_improved(reports, "week", day, at_minute, settings, group),
            "month": most_improved(reports, "month", day, at_minute, settings, group, month_current, month_previous)}


def _line(i: int, r, lang: str) -> str:
    return t("improved.text.line", lang, i=i, agent=r.agent_id, name=r.name, group=r.group,
             before=rate(r.prev_rate), now=rate(r.rate), change=pp_text(r.change, lang),
             prev_volume=count(r.prev_volume), volume=count(r.volume))


def improved_text(lists: dict[str, pd.DataFrame], day: dt.date, at_minute: int, settings: Settings,
                  lang: str = "zh", group: str | None = None) -> str:
    """The lists as plain text for the end-of-day meeting and the chat (phones masked): a head line,
    then each period's heading with what it is compared with and its bar, its lines or "none"; the
    day's list only once ready (else when it will be)."""
    who = t("improved.text.center", lang) if group is None else t("improved.text.group", lang, group=group)
    out = [t("improved.text.head", lang, day=day.isoformat(), who=who, at=settings.improved.at)]
    for period in PERIODS:
        if period not in lists:
            continue
        (first, last), _ = bounds(period, day)
        out.append(t(f"improved.text.{period}", lang, first=first.isoformat(), last=last.isoformat(),
                     bar=count(min_volume(period, settings))))
        if period == "day" and not ready(at_minute, settings):
            out.append(t("improved.text.not_ready", lang, at=settings.improved.at))
            continue
        rows = lists[period]
        out += [_line(i, r, lang) for i, r in enumerate(rows.itertuples(index=False), 1)] or \
            [t("improved.text.none", lang)]
    return mask_phones("\n".join(out))
