"""The 11:00 / 15:00 / 17:00 ranking broadcast: the ranking as at that time and its chat text."""
from __future__ import annotations

import pandas as pd

from lib.config import Settings
from lib.i18n import t
from lib.floor.metrics import center_totals, clock_of, ranking_at
from lib.i18n.formats import fmt_value


def broadcast_minute(settings: Settings, at_minute: int) -> int:
    """The broadcast a duty lead is working on at `at_minute`: the latest one due, else the first."""
    times = sorted(settings.broadcast.minutes)
    due = [m for m in times if m <= at_minute]
    return due[-1] if due else times[0]


def broadcast_ranking(reports: pd.DataFrame, day, at_minute: int, settings: Settings) -> pd.DataFrame:
    """The ranking of the broadcast (slots ending by `at_minute`), ranked by rate, then the unranked."""
    return ranking_at(reports, day, at_minute, settings.min_volume)[
        ["rank", "agent_id", "name", "group", "volume", "handled", "rate"]]


def broadcast_text(reports: pd.DataFrame, day, at_minute: int, settings: Settings, lang: str = "zh") -> str:
    """The broadcast as chat text: a head line, the center's line, one line per ranked agent, the unranked."""
    r = broadcast_ranking(reports, day, at_minute, settings)
    time = clock_of(at_minute)
    lines = [t("broadcast.head", lang, time=time, day=pd.Timestamp(day).date().isoformat())]
    if r.empty:
        return "\n".join(lines + [t("broadcast.empty", lang, time=time)])
    c = center_totals(reports, day, at_minute)
    lines.append(t("broadcast.center", lang, volume=fmt_value(c["volume"]), handled=fmt_value(c["handled"]),
                   rate=fmt_value(c["rate"], "rate")))
    ranked, rest = r[r["rank"].notna()], r[r["rank"].isna()]
    for x in ranked.itertuples():
        lines.append(t("broadcast.line", lang, rank=int(x.rank), agent_id=x.agent_id, name=x.name, group=x.group,
                       volume=fmt_value(x.volume), handled=fmt_value(x.handled), rate=fmt_value(x.rate, "rate")))
    if len(rest):
        items = [t("broadcast.unranked_item", lang, agent_id=x.agent_id, name=x.name, volume=fmt_value(x.volume))
                 for x in rest.itertuples()]
        lines.append(t("broadcast.unranked", lang, min=fmt_value(float(settings.min_volume)),
                       agents=t("broadcast.sep", lang).join(items)))
    return "\n".join(lines)
