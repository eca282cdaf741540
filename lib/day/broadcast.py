"""The 11:00 / 15:00 / 17:00 ranking broadcast: the ranking as at that time and its chat text."""
from __future__ import annotations

import pandas as pd

from lib.config import Settings
from lib.i18n import t
from lib.floor.metrics import center_totals, clock_of, group_standings, ranking_at, ranking_bar
from lib.i18n.formats import fmt_value, mask_phones


def broadcast_minute(settings: Settings, at_minute: int) -> int:
    """The broadcast a duty lead is working on at `at_minute`: the latest one due, else the first."""
    times = sorted(settings.broadcast.minutes)
    due = [m for m in times if m <= at_minute]
    return due[-1] if due else times[0]


def broadcast_ranking(reports: pd.DataFrame, day, at_minute: int, settings: Settings) -> pd.DataFrame:
    """The ranking of the broadcast (slots ending by `at_minute`), ranked by rate, then the unranked."""
    return ranking_at(reports, day, at_minute, settings.min_volume, per_hour=settings.ranking.min_volume_per_hour)[
        ["rank", "agent_id", "name", "group", "volume", "handled", "rate"]]


def listed_ranks(ranked: int, top_n: int, bottom_n: int) -> tuple[int, int]:
    """(how many of the best, how many of the last) of `ranked` agents the broadcast lists.

    top_n 0 lists every ranked agent, and so does a top_n + bottom_n that covers them all: (ranked, 0).
    Otherwise the best top_n and the last bottom_n (0: none), the ones between left out.
    """
    if top_n <= 0 or top_n + max(0, bottom_n) >= ranked:
        return ranked, 0
    return top_n, max(0, bottom_n)


def _wrapped(key: str, values: dict, items: list[str], lang: str, max_bytes: int) -> list[str]:
    """The line `key` with its items, or broken between items into lines that each fit one message.

    The robot takes `max_bytes` a message and a part never cuts a line (lib/out/webhook.text_parts),
    so a long list goes on in more lines of items rather than being cut in the middle of a name."""
    sep = t("broadcast.sep", lang)
    lines: list[str] = []
    chunk: list[str] = []

    def render(part: list[str]) -> str:
        return sep.join(part) if lines else t(key, lang, agents=sep.join(part), **values)
    for item in items:
        if chunk and len(render([*chunk, item]).encode("utf-8")) > max_bytes:
            lines.append(render(chunk))
            chunk = []
        chunk.append(item)
    if chunk:
        lines.append(render(chunk))
    return lines


def broadcast_text(reports: pd.DataFrame, day, at_minute: int, settings: Settings, lang: str = "zh") -> str:
    """The broadcast as chat text, in this order:

    a head line and the center's line; the group standings (rank, group, rate, handled, volume; best
    rate first, as group_standings); the ranked agents (rank, 工号, name, volume, handled, rate; by
    rate as ranking_at), the best `[broadcast] top_n` and the last `bottom_n` with a line for the
    ones between (listed_ranks); the unranked with the ranking's bar ([ranking] min_volume and
    min_volume_per_hour) and, with a per-hour bar, each one's own. Phone numbers are masked
    (mask_phones): nothing whole leaves for the chat.
    """
    b = settings.broadcast
    r = broadcast_ranking(reports, day, at_minute, settings)
    time = clock_of(at_minute)
    lines = [t("broadcast.head", lang, time=time, day=pd.Timestamp(day).date().isoformat())]
    if r.empty:
        return mask_phones("\n".join(lines + [t("broadcast.empty", lang, time=time)]))
    c = center_totals(reports, day, at_minute)
    lines.append(t("broadcast.center", lang, volume=fmt_value(c["volume"]), handled=fmt_value(c["handled"]),
                   rate=fmt_value(c["rate"], "rate")))
    standings = group_standings(reports, day, at_minute)
    if len(standings):
        lines.append(t("broadcast.groups", lang))
        lines += [t("broadcast.group_line", lang, rank=i, group=g.group, rate=fmt_value(g.rate, "rate"),
                    handled=fmt_value(g.handled), volume=fmt_value(g.volume))
                  for i, g in enumerate(standings.itertuples(), start=1)]
    ranked, rest = r[r["rank"].notna()], r[r["rank"].isna()]
    top, bottom = listed_ranks(len(ranked), b.top_n, b.bottom_n)
    if len(ranked):
        key = "broadcast.agents" if top + bottom == len(ranked) else \
            "broadcast.agents_cut" if bottom else "broadcast.agents_top"
        lines.append(t(key, lang, n=len(ranked), top=top, bottom=bottom))

    def line(x) -> str:
        return t("broadcast.line", lang, rank=int(x.rank), agent_id=x.agent_id, name=x.name,
                 volume=fmt_value(x.volume), handled=fmt_value(x.handled), rate=fmt_value(x.rate, "rate"))
    lines += [line(x) for x in ranked.iloc[:top].itertuples()]
    if top + bottom < len(ranked):
        lines.append(t("broadcast.gap", lang, first=top + 1, last=len(ranked) - bottom, n=len(ranked) - top - bottom))
        lines += [line(x) for x in ranked.iloc[len(ranked) - bottom:].itertuples()] if bottom else []
    if len(rest):
        lines += _unranked(reports, day, at_minute, settings, rest, lang)
    return mask_phones("\n".join(lines))


def _unranked(reports: pd.DataFrame, day, at_minute: int, settings: Settings, rest: pd.DataFrame,
              lang: str) -> list[str]:
    """The unranked line(s): the ranking's bar in words, then each agent (with their own bar per hour)."""
    low, per_hour = float(settings.min_volume), settings.ranking.min_volume_per_hour
    if per_hour > 0:
        bars = ranking_bar(reports, day, at_minute, low, per_hour)
        items = [t("broadcast.unranked_item_bar", lang, agent_id=x.agent_id, name=x.name, volume=fmt_value(x.volume),
                   bar=fmt_value(float(bars.get(x.agent_id, low)))) for x in rest.itertuples()]
        key, values = "broadcast.unranked_hourly", {"min": fmt_value(low), "per_hour": fmt_value(float(per_hour))}
    else:
        items = [t("broadcast.unranked_item", lang, agent_id=x.agent_id, name=x.name, volume=fmt_value(x.volume))
                 for x in rest.itertuples()]
        key, values = "broadcast.unranked", {"min": fmt_value(low)}
    return _wrapped(key, values, items, lang, settings.broadcast.max_message_bytes)
