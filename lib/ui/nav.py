"""The pages of TeamBoard: the one list of them, and the navigation each person gets.

SCREENS is the only list of pages: a page's title (menu.<key> in lib/i18n), icon, script, URL path
and who may open it (lib.people.auth.may_open with the same key). Adding a page is one line here,
its script in pages/ and its title in the catalogue. lib/ui/frame.py routes with
`st.navigation(pages_for(ctx.user, ctx.lang))`: a page a person may not open is not routed for
them at all, so its script never runs in their session.

Who gets what:

- A signed-in person (the local administrator when `[auth] enabled = false`): every page
  may_open lets them open, home the default (the root URL, `/`).
- Nobody signed in: the wall (public, the only page that runs without sign-in, so its kiosk URL
  `/wall?embed=true` and bookmarks keep working) and the sign-in form. The form is the default
  page (`/`, shown in the menu as 登录) and is also routed, hidden from the menu, under the URL path
  of every other page. So an anonymous request to `/lead?group=101` shows the sign-in form under
  that same URL; a good sign-in reruns the app, and the rerun, asking for the same page, now finds
  the real workbench there: the person lands on `/lead?group=101`.
- A signed-in person asking for a URL they may not open (an agent typing `/data_health`): that URL
  holds a refusal, hidden from the menu: the page's title, "you may not open it, the pages you may
  open are in the menu"; the menu stays, and nothing of the page's script runs. The same after
  signing in at such a URL.

Each page still checks its own reads (a lead's workbench shows only their group, lib.ui.groups);
the navigation decides which scripts run at all.

The page scripts live in pages/. With that folder beside dashboard.py, Streamlit runs a process's
first script run (and every AppTest run) the legacy way, in which a URL such as /lead runs
pages/lead.py by itself; the page's first line, lib.ui.frame.current_context(), then finds no frame
around it, runs the frame (this navigation, by the person's rights) and ends the bare run.
"""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from lib.i18n import t
from lib.people.auth import Person, may_open
from lib.ui.context import running_context
from lib.ui.signin import sign_in_form


@dataclass(frozen=True)
class Screen:
    """One page: its key (menu.<key> title, may_open), script, URL path and icon."""

    key: str
    script: str           # relative to the repo root (the frame's folder)
    url_path: str
    icon: str             # material icons ship with Streamlit's font: no emoji font needed
    public: bool = False  # opens without sign-in
    kiosk: bool = False   # a screen on a TV: the sidebar starts folded, the demo note goes into it


# In menu order; the first is the default page (the root URL).
SCREENS = (
    Screen("home", "pages/home.py", "home", ":material/home:"),
    Screen("wall", "pages/wall.py", "wall", ":material/tv:", public=True, kiosk=True),
    Screen("duty", "pages/duty_desk.py", "duty_desk", ":material/assignment_ind:"),
    Screen("lead", "pages/lead.py", "lead", ":material/groups:"),
    Screen("followup", "pages/followup.py", "followup", ":material/task_alt:"),
    Screen("agent", "pages/agent.py", "agent", ":material/person:"),
    Screen("review", "pages/review.py", "review", ":material/insights:"),
    Screen("health", "pages/data_health.py", "data_health", ":material/fact_check:"),
)
HOME = SCREENS[0]
SIGN_IN_ICON = ":material/login:"


def signed_in(person: Person) -> bool:
    """Whether a person is somebody (PUBLIC, role "public", is nobody signed in)."""
    return person.role != "public"


def screens_for(person: Person) -> list[Screen]:
    """The screens routed for a person: what may_open allows a signed-in person; the public ones
    for nobody (the sign-in form stands in for the rest)."""
    if not signed_in(person):
        return [s for s in SCREENS if s.public]
    return [s for s in SCREENS if may_open(person, s.key)]


def may_route(person: Person, key: str) -> bool:
    """Whether the screen with this key is routed for a person (a link to it may be drawn)."""
    return any(s.key == key for s in screens_for(person))


def _sign_in() -> None:
    ctx = running_context()
    sign_in_form(ctx.settings, ctx.floor, ctx.is_demo, ctx.lang)


def _refusal(screen: Screen, lang: str):
    """What the URL of a page someone may not open shows: who they are and where to go instead."""
    def refused() -> None:
        st.title(t(f"menu.{screen.key}", lang))
        st.error(t("auth.refused_page", lang, page=t(f"menu.{screen.key}", lang)), icon=":material/block:")
    refused.__name__ = f"refused_{screen.key}"
    return refused


def pages_for(person: Person, lang: str, badges: dict[str, int] | None = None) -> list[st.Page]:
    """The st.Page list of a person's navigation, titles in the session's language; a screen with open
    red items (lib/ui/deadlines.py `badges`) carries their count: "值班台 3"."""
    routed = screens_for(person)
    badges = badges or {}
    pages = [st.Page(s.script, title=t(f"menu.{s.key}", lang) + (f" {badges[s.key]}" if badges.get(s.key) else ""),
                     icon=s.icon, url_path=s.url_path, default=s is HOME) for s in routed]
    if signed_in(person):
        # a page the person may not open: its URL holds a refusal (the menu stays, the page never runs)
        return pages + [st.Page(_refusal(s, lang), title=t(f"menu.{s.key}", lang), icon=s.icon, url_path=s.url_path,
                                visibility="hidden") for s in SCREENS if s not in routed]
    # nobody signed in: the form at / (the default) and, hidden, at every other page's URL
    title = t("auth.title", lang)
    form = [st.Page(_sign_in, title=title, icon=SIGN_IN_ICON, url_path=s.url_path, default=s is HOME,
                    visibility="visible" if s is HOME else "hidden")
            for s in SCREENS if s not in routed]
    return [p for p in form if p.url_path == ""] + pages + [p for p in form if p.url_path]


def screen_of(page: st.Page) -> Screen:
    """The screen a page returned by st.navigation stands for (the sign-in form stands for the screen
    whose URL it holds)."""
    path = page.url_path or HOME.url_path   # the default page's URL is the root
    return next(s for s in SCREENS if s.url_path == path)
