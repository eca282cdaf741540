"""The lead workbench's day as data and as its one Excel workbook (the page's download, its FTP upload
and `python -m lib.cli upload results` share it): everything the sections show for a group at a moment,
and every table of the page as a sheet, headers in a language."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from lib import clock
from lib.config import Settings
from lib.day.attendance_report import expected_agents, group_report
from lib.day.flags import flags_at
from lib.day.workbench import Assignment, Yesterday, agent_hours, assignment, wrong_task_list, yesterday
from lib.floor.memo import kept
from lib.floor.metrics import rows_until
from lib.floor.roster import roster_status
from lib.i18n import t
from lib.i18n.columns import column_label, labelled
from lib.i18n.details import reword
from lib.out.excel import COUNT_FORMAT, PP_FORMAT, workbook_bytes
from lib.quality.qa import coverage, present_agents, qa_due

# The floor's flags at a moment, kept: each rerun of a workbench (any group) asks the same of the same floor.
_flags_at = kept(size=8)(flags_at)
ReadDay = Callable[[str, object], pd.DataFrame]   # (store table, day) -> that day's rows
RATE_COLUMNS = ("rate", "rate_before", "group_rate", "share")
PP_COLUMNS = ("change",)   # a change of rate: +1.04pp in the workbook, as on screen
COUNT_COLUMNS = ("volume", "handled", "connected", "agents", "qa_count")


@dataclass(frozen=True)
class Workbench:
    """One group's day as the sections need it, computed once per run."""

    group: str
    writable: bool            # forms write only for the floor's today
    assignment: Assignment | None
    roster: pd.DataFrame
    expected: pd.DataFrame    # agents the roster has working (attendance_form.expected_agents)
    flags: pd.DataFrame       # the group's flags now, with qa_due
    hours: pd.DataFrame       # lead.agent_hours
    present: pd.DataFrame     # qa.present_agents
    agents: pd.DataFrame      # agent_id, name: everyone a form may name (roster working or present)
    qa_today: pd.DataFrame    # the day's 质检评分 rows (every group: coverage counts any lead's score)
    attendance: pd.DataFrame  # the day's 考勤 rows (every group)
    monitoring: pd.DataFrame  # the group's 监听记录 rows of the day


def load_workbench(floor, settings: Settings, day, at_minute: int, group: str, read_day: ReadDay) -> Workbench:
    """Everything the sections show for a group at a moment."""
    flags = _flags_at(floor.reports, floor.schedule, floor.projects, day, at_minute, settings)
    flags = flags[flags["group"] == group].reset_index(drop=True)
    qa_today = read_day("qa", day)
    monitoring = read_day("monitoring", day)
    expected = expected_agents(floor.schedule, group, day)
    present = present_agents(floor.reports, group, day, at_minute)
    agents = pd.concat([expected[["agent_id", "name"]], present], ignore_index=True).drop_duplicates("agent_id")
    return Workbench(
        group=group, writable=day == clock.today(settings),
        assignment=assignment(floor.projects, group, day), roster=roster_status(floor.schedule, group, day),
        expected=expected, flags=flags.assign(qa_due=qa_due(flags, qa_today)),
        hours=agent_hours(floor.reports, day, group, at_minute), present=present, agents=agents,
        qa_today=qa_today, attendance=read_day("attendance", day),
        monitoring=monitoring[monitoring["组别"] == group].reset_index(drop=True))


def flags_shown(w: Workbench, lang: str) -> pd.DataFrame:
    """The group's flags as people read them: kind in words, QA due / done ("—" for no_data)."""
    due = [t("lead.qa_due", lang) if d else ("—" if k == "no_data" else t("lead.qa_done", lang))
           for d, k in zip(w.flags["qa_due"], w.flags["kind"])]
    shown = w.flags.assign(kind=w.flags["kind"].map(lambda k: t(f"flag.{k}", lang)), qa_due=due,
                           detail=w.flags["detail"].map(lambda d: reword(d, lang)))
    return labelled(shown[["agent_id", "name", "kind", "detail", "qa_due"]], lang, "lead")


def coverage_shown(cov: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Coverage as people read it: covered as ✔ / ✘."""
    return labelled(cov.assign(covered=cov["covered"].map(lambda c: "✔" if c else "✘")), lang, "lead")


def workbench_sheets(floor, day, at_minute: int, w: Workbench, cov: pd.DataFrame, y: Yesterday | None,
                     lang: str) -> dict[str, pd.DataFrame]:
    """Every table of the workbench, as the sheets of its Excel workbook (headers in `lang`)."""
    hours = w.hours.assign(hour=[clock.hhmm(int(h) * 60) for h in w.hours["hour"]])
    rows = rows_until(floor.reports, day, at_minute)
    qa = w.qa_today[w.qa_today["组别"] == w.group] if len(w.qa_today) else w.qa_today
    out = {
        t("lead.table.attendance", lang): group_report(w.attendance, w.group),
        t("lead.tab.wrong", lang): labelled(wrong_task_list(w.flags, rows, w.group), lang, "lead"),
        t("lead.tab.hourly", lang): labelled(hours[["agent_id", "name", "hour", "volume", "handled", "rate"]], lang, "lead"),
        t("lead.tab.flags", lang): flags_shown(w, lang),
        t("lead.table.monitoring", lang): w.monitoring,
        t("lead.table.qa", lang): qa,
        t("lead.cov.title", lang): coverage_shown(cov, lang),
    }
    if y is not None:
        out[t("lead.tab.yesterday", lang)] = labelled(y.lines(), lang, "lead")
        out[t("lead.y.agents", lang)] = labelled(y.changes, lang, "lead")
    return out


def sheets_workbook(sheets: dict[str, pd.DataFrame], lang: str) -> bytes:
    """The workbench's sheets as xlsx: rates as percentages, changes in pp, counts with separators."""
    formats = {**{column_label(c, lang, "lead"): PP_FORMAT for c in PP_COLUMNS},
               **{column_label(c, lang, "lead"): COUNT_FORMAT for c in COUNT_COLUMNS}}
    return workbook_bytes(sheets, [column_label(c, lang, "lead") for c in RATE_COLUMNS], formats=formats)


def results_workbook(floor, settings: Settings, day, at_minute: int, group: str, read_day: ReadDay,
                     lang: str = "zh") -> bytes:
    """The group's results of a day at a moment: the workbench's workbook, computed as the page does."""
    w = load_workbench(floor, settings, day, at_minute, group, read_day)
    cov = coverage(w.present, w.qa_today, settings.qa.per_agent_per_day)
    y = yesterday(floor.reports, group, day, lambda d: read_day("qa", d.date()), settings.min_volume)
    return sheets_workbook(workbench_sheets(floor, day, at_minute, w, cov, y, lang), lang)
