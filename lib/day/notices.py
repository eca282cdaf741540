"""The day's start and stop notices (9:00 开呼, 12:00 下班, 13:30 开呼, 18:00 下班 by default) and their texts."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib.config import Settings
from lib.i18n import t
from lib.floor.metrics import day_stamp, id_sort_key
from lib.i18n.formats import mask_phones


@dataclass(frozen=True)
class Notice:
    """One notice of the day: when, and whether it starts or stops the calling."""

    time: str      # "09:00"
    minute: int    # 540
    kind: str      # "start" or "stop"


def day_notices(settings: Settings) -> list[Notice]:
    """The notices of `[notices]` in config, in time order."""
    n = settings.notices
    out = [Notice(time, minute, kind) for time, minute, kind in zip(n.times, n.minutes, n.kinds)]
    return sorted(out, key=lambda n: n.minute)


def next_notice(settings: Settings, at_minute: int) -> tuple[Notice | None, int | None]:
    """The first notice at or after `at_minute` and the minutes until it; (None, None) after the last."""
    for n in day_notices(settings):
        if n.minute >= at_minute:
            return n, n.minute - at_minute
    return None, None


def _projects_line(projects: pd.DataFrame, day, lang: str) -> str:
    """Each group's project (and script) of the day, e.g. "101组 流量包升级（V2.5）；102组 …"."""
    rows = projects[projects["date"] == day_stamp(day)]
    rows = rows.sort_values("group", key=id_sort_key, kind="mergesort")
    parts = []
    for r in rows.itertuples():
        script = t("notice.script", lang, script=r.script) if r.script.strip() else ""
        parts.append(t("notice.group_project", lang, group=r.group, project=r.project, script=script))
    return t("notice.sep", lang).join(parts)


def notice_text(notice: Notice, settings: Settings, projects: pd.DataFrame, day, lang: str = "zh") -> str:
    """The chat message of a notice: a start names each group's project, a stop the next start.

    Project and script names come from the project list as typed: a hotline in one is masked."""
    if notice.kind == "start":
        line = _projects_line(projects, day, lang)
        body = t("notice.start", lang, time=notice.time)
        return mask_phones(body + ("\n" + t("notice.projects", lang, projects=line) if line else ""))
    later = [n for n in day_notices(settings) if n.minute > notice.minute and n.kind == "start"]
    if later:
        return t("notice.stop", lang, time=notice.time, next=later[0].time)
    return t("notice.stop_day", lang, time=notice.time)


def notices_table(settings: Settings, projects: pd.DataFrame, day, at_minute: int, lang: str = "zh") -> pd.DataFrame:
    """Every notice of the day: time, kind, text, and `next` True on the one to send next."""
    upcoming, _ = next_notice(settings, at_minute)
    rows = [{"time": n.time, "kind": t(f"notice.kind.{n.kind}", lang),
             "text": notice_text(n, settings, projects, day, lang), "next": n == upcoming}
            for n in day_notices(settings)]
    return pd.DataFrame(rows, columns=["time", "kind", "text", "next"])
