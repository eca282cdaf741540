"""Who is asking, and what they may see and do. Every page read and write passes through here.

Rights (PRODUCT.md, issue 7): the wall screen is anyone's; the lead workbench and the agent page
are a lead's own group, everyone's for the day's duty lead and managers; the duty desk is the
day's duty lead's, the director's and the manager's; the monthly review and ratings are the
director's and the manager's (employees may submit their rating of the senior lead).
Sign-in itself (accounts, passwords, lock-out) builds on this; with `[auth] enabled = false`
everyone is the single local administrator.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

MANAGERS = {"director", "manager", "admin"}
SEE_ALL = MANAGERS | {"senior_lead", "supervisor"}


class Refused(PermissionError):
    """A request outside the person's rights; nothing was read or written."""


@dataclass(frozen=True)
class Person:
    """The signed-in person as the roster knows them on a day."""

    agent_id: str
    name: str
    role: str            # agent, lead, deputy_lead, senior_lead, director, manager, supervisor, admin
    group: str
    duty_today: bool = False

    @property
    def sees_all_groups(self) -> bool:
        return self.role in SEE_ALL or self.duty_today


LOCAL_ADMIN = Person("admin", "管理员", "admin", "", True)


def person_on(schedule: pd.DataFrame, agent_id: str, day: dt.date, admins: list[str] = ()) -> Person | None:
    """The person with this 工号 as the roster has them on a day (their latest line when not that day)."""
    mine = schedule[schedule["agent_id"] == str(agent_id)]
    if mine.empty:
        return Person(str(agent_id), str(agent_id), "admin", "", True) if str(agent_id) in admins else None
    today = mine[mine["date"] == pd.Timestamp(day)]
    row = (today if len(today) else mine.sort_values("date")).iloc[-1]
    role = "admin" if str(agent_id) in admins else row["role"]
    duty = bool(len(today) and today.iloc[-1]["duty"] and today.iloc[-1]["working"])
    return Person(str(agent_id), row["name"], role, row["group"], duty)


def visible_groups(person: Person, groups: list[str]) -> list[str]:
    """The groups a person may look at, of those given."""
    if person.sees_all_groups:
        return list(groups)
    if person.role in {"lead", "deputy_lead"}:
        return [g for g in groups if g == person.group]
    return []


def visible_agents(person: Person, frame: pd.DataFrame, agent: str = "agent_id", group: str = "group") -> pd.DataFrame:
    """The rows of `frame` about agents the person may see (the rule of every screen that lists agents).

    Each row is about the agent in its `agent` column, for the group in its `group` column (a
    frame of the store names them "工号" and "组别"); the row's own group counts, so an agent of
    102 who worked an hour for 101 is on the 101 lead's list for that hour.

    - Whoever sees every group (director, manager, senior lead, supervisor, admin, the day's duty
      lead): every row, the whole floor.
    - A lead or deputy lead: the rows of their own group, and their own.
    - An agent: their own rows only. No other agent's flags, QA, attendance, monitoring, coaching
      or figures. The one list naming other agents an agent sees is the wall's public ranking,
      which is drawn for nobody signed in (PUBLIC) whoever looks, and so is nobody's private record.
    - Nobody signed in (PUBLIC): no row.
    """
    scope = agent_scope(person)
    if frame.empty or scope == "floor":
        return frame
    own = (frame[agent].astype(str) == person.agent_id) if person.agent_id else pd.Series(False, index=frame.index)
    if scope == "group":
        own |= frame[group].astype(str) == person.group
    return frame[own].reset_index(drop=True)


def agent_scope(person: Person) -> str:
    """Whose agents' rows a person sees (visible_agents): "floor" every group's, "group" their own
    group's (a lead), "own" only their own (an agent), "none" nobody's (nobody signed in)."""
    if person.sees_all_groups:
        return "floor"
    if person.role in {"lead", "deputy_lead"}:
        return "group"
    return "own" if person.agent_id and person.role != "public" else "none"


def may_list_problems(person: Person) -> bool:
    """Whether the data check's list of problems is shown to a person (the data-health page).

    Each problem quotes a row of the floor's shared files or of the records (a 工号, a name, the
    figures, a 考勤 record of any group), so the list is for whoever sees every group. A lead, who
    may open the page too, sees what names no agent: how many problems of each kind, and the files
    read (their path in the data folder, table, rows, dates and how many problems each has).
    """
    return agent_scope(person) == "floor"


def require_group(person: Person, group: str) -> None:
    """Refuse unless the person may see and write for this group."""
    if person.sees_all_groups:
        return
    if person.role in {"lead", "deputy_lead"} and str(group) == person.group:
        return
    raise Refused(f"{person.agent_id} may not open group {group}")


def require_agent(person: Person, agent_id: str, agent_group: str) -> None:
    """Refuse unless the person may see this agent (their own record, or their group's lead)."""
    if str(agent_id) == person.agent_id:
        return
    require_group(person, agent_group)


def require_duty_desk(person: Person) -> None:
    """Refuse unless the person is the day's duty lead, a director or a manager."""
    if not (person.duty_today or person.role in MANAGERS):
        raise Refused(f"{person.agent_id} is not on duty today")


def require_review(person: Person) -> None:
    """Refuse unless the person is a director or a manager."""
    if person.role not in MANAGERS:
        raise Refused(f"{person.agent_id} may not open the monthly review")


PUBLIC = Person("", "", "public", "")   # the wall screen's viewer: nobody signed in

LEADS = {"lead", "deputy_lead"}


def may_open(person: Person, page: str) -> bool:
    """Whether the menu offers a page to a person (each page still checks its own reads)."""
    if page in ("wall", "home"):
        return True
    if page in ("lead", "health", "followup"):
        return person.sees_all_groups or person.role in LEADS
    if page == "agent":
        return person.role != "public"       # an agent sees their own record
    if page == "duty":
        return person.duty_today or person.role in MANAGERS
    if page == "review":
        return person.role != "public"       # employees may rate the senior lead, nothing else
    return False
