"""The page context: settings, the floor (shared by every session), the day and time, the language,
who is signed in. The frame (dashboard.py) makes it once per run and keeps it; pages read it with
current_context()."""
from __future__ import annotations

import datetime as dt
import threading
from contextlib import contextmanager
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from lib import clock
from lib.people.accounts import center_of, users_path
from lib.people.auth import LOCAL_ADMIN, PUBLIC, Person
from lib.people.centers import account_center, shown_center, visible_centers
from lib.config import ConfigError, Settings, settings
from lib.demo import DataSourceError, data_root
from lib.floor.cache import (Floor, Span, day_period, load_floor, month_group_rates, month_period, span_rows,
                             with_their_groups)
from lib.floor.schema import compact, empty
from lib.floor.load.values import date as parse_date
from lib.floor.sources import ftp, gsheets
from lib.i18n import LANGS, t
from lib.store import Store, open_store
from lib.ui.safe import literal, text_md
from lib.ui.signin import signed_in

_RUN = threading.local()   # the frame's context of the run in progress on this script thread


@dataclass(frozen=True)
class PageContext:
    """What every page needs: the floor and the moment it looks at."""

    settings: Settings
    floor: Floor
    is_demo: bool
    day: dt.date
    at_minute: int
    live: bool          # looking at today now (not a past day or a rehearsal time)
    lang: str
    user: Person = LOCAL_ADMIN   # who is signed in (the local administrator when sign-in is off)
    center: str = ""             # the [[center]] shown ("" when the config names none)
    centers: tuple[str, ...] = ()   # the centers this person may switch between (ids, the config's order)

    @property
    def center_name(self) -> str:
        """The display name of the center shown ("" without [[center]])."""
        c = self.settings.center_by_id(self.center) if self.center else None
        return c.name if c else ""

    def t(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    def join(self, items) -> str:
        """Items listed as the reader's language lists them: 甲、乙 / A, B."""
        return t("broadcast.sep", self.lang).join(str(i) for i in items)

    def paren(self, a: object, b: object) -> str:
        """A thing with its detail in brackets: 尹慧（102） / 尹慧 (102)."""
        return t("review.paren", self.lang, a=a, b=b)

    def md(self, key: str, **values: object) -> str:
        """The catalogue text as markdown, every value in it shown literally (lib.ui.safe)."""
        return text_md(key, self.lang, **values)

    def floor_of(self, first: dt.date, last: dt.date) -> Floor:
        """A floor holding the days from `first` to `last`: the page's own when it holds them, else
        one of those days (a past month's review, an early week's pack)."""
        p = self.floor.period
        if p is None or (p[0] <= first and last <= p[1]):
            return self.floor
        return load_floor(self.floor.root, self.settings, (first, last))

    def month_floor(self, month: str) -> Floor:
        """The floor holding a month ("YYYY-MM"): the page's own for the day's month; last month's
        rates: `last_month`; days before the month for some agents: `before`."""
        y, m = (int(x) for x in month.split("-"))
        return self.floor_of(*month_period(dt.date(y, m, 1), 0))

    def last_month(self, month: str) -> pd.DataFrame:
        """The month before `month`: volume, handled and rate per group, read from its files."""
        y, m = (int(x) for x in month.split("-"))
        before = dt.date(y, m, 1) - dt.timedelta(days=1)
        return month_group_rates(self.floor.root, self.settings, f"{before:%Y-%m}")

    def before(self, floor: Floor, first: dt.date, agents) -> Span:
        """The report rows of `agents` and of the groups they worked for from `first` up to the day
        before `floor`'s period, with those days' targets (nothing when the floor holds `first`):
        read from the files, no floor of those days built (an agent's 30 days, a coaching's week before)."""
        p = floor.period
        if p is None or p[0] <= first:
            return Span(empty("reports"), empty("projects"))
        return span_rows(floor.root, self.settings, (first, p[0] - dt.timedelta(days=1)), frozenset(map(str, agents)))

    def history(self, agent: str, days: int) -> Span:
        """An agent's rows and their groups' in the last `days` days up to the page's day, with the
        days' targets: the page's floor's, and before it the files'."""
        first = self.day - dt.timedelta(days=days - 1)
        agents = frozenset({str(agent)})
        own = with_their_groups(self.floor.reports[self.floor.reports["date"] >= pd.Timestamp(first)], agents)
        past = self.before(self.floor, first, agents)
        if past.reports.empty:
            return Span(own, self.floor.projects)
        return Span(compact(pd.concat([past.reports, own], ignore_index=True)),
                    pd.concat([past.projects, self.floor.projects], ignore_index=True)
                    .drop_duplicates(["date", "group", "project"], keep="last"))

    @property
    def store(self) -> Store:
        """The write-back store of this floor (records/ beside the data, or Google Sheets)."""
        return open_store(self.settings, self.floor.root, credentials=service_account())


def _param(name: str) -> str | None:
    v = st.query_params.get(name)
    return v if v else None


def language() -> str:
    """The session's language: ?lang=, else the sidebar switch, else Chinese."""
    q = _param("lang")
    if q in LANGS:
        st.session_state["lang"] = q
    return st.session_state.get("lang", "zh")


def service_account() -> dict | None:
    """The Google service account from Streamlit secrets ([gcp_service_account]), if any."""
    try:
        return dict(st.secrets["gcp_service_account"])
    except (KeyError, FileNotFoundError, Exception):   # no secrets file at all is the local case
        return None


def ftp_login() -> dict | None:
    """The FTP account from Streamlit secrets ([ftp] user, password), if any."""
    try:
        return dict(st.secrets["ftp"])
    except (KeyError, FileNotFoundError, Exception):   # no secrets file at all is the local case
        return None


EARLIEST = dt.date(2000, 1, 1)   # ?date= before this, or more than a year ahead, is not a day of the floor
CARRIED = ("date", "at", "group", "agent")   # deep-link parameters that survive sign-in and the menu
_KEPT = "deep_link"   # session-state key of the parameters this session asked for
CENTER_CHOICE = "center_choice"   # session-state key: the center this session switched to (sidebar, ?center=)
CENTER_SHOWN = "center_shown"     # session-state key: the center its last full run showed


def carry_deep_link() -> None:
    """Keep ?date, ?at, ?group and ?agent across the menu: a menu link opens a page without them,
    so the ones this session asked for are put back (the sidebar's "back to now" forgets date and
    at). ?lang is the session's language already (lib.ui.context.language)."""
    kept = st.session_state.setdefault(_KEPT, {})
    for name in CARRIED:
        if (v := _param(name)) is not None:
            kept[name] = v
        elif name in kept:
            st.query_params[name] = kept[name]


def forget_deep_link(*names: str) -> None:
    """Drop parameters from the URL and from what the session carries."""
    kept = st.session_state.setdefault(_KEPT, {})
    for name in names:
        kept.pop(name, None)
        if name in st.query_params:
            del st.query_params[name]


# The wall's runs take a listing of the data folder up to this old: a hundred screens each ticking
# every 15 s would otherwise list (and stat) a year of report files some seven times a second, most
# of what they cost the server. A file that changed shows a second later at most.
WALL_LISTING = 1.0


def _asked_for_wall() -> bool:
    """Whether this run's URL is the wall's (before the navigation has chosen the page)."""
    from urllib.parse import urlparse
    try:
        url = st.context.url or ""
    except Exception:   # no browser behind this session (AppTest)
        return False
    return isinstance(url, str) and urlparse(url).path.rstrip("/").rsplit("/", 1)[-1] == "wall"


def page_context(public: bool = False) -> PageContext:
    """The context of this run: ?date=YYYY-MM-DD for a past day, ?at=HH:MM to rehearse a time.

    The user is the signed-in person (the local administrator when sign-in is off), or PUBLIC when
    nobody is signed in or the page is public (the wall screen). Nothing stops here: which pages a
    person may open is the navigation's business (lib/ui/nav.py), the sign-in form one of them.
    """
    try:
        cfg = settings()
    except ConfigError as e:   # the app cannot run on it: say which file and key, and stop
        st.error(literal(e), icon=":material/error:")   # its lines as lines, its text as typed
        st.stop()
    if cfg.centers:   # several centers: the one this person may see and asked for (lib/people/centers.py)
        return _center_context(cfg, public)
    root, is_demo = _source(cfg, public)
    today, now_minute = clock.today(cfg), clock.minute_now(cfg)
    day, at, live = _moment(today, now_minute, language())
    # Process-wide cache: unchanged files are not read again. The day's month and the two weeks
    # before the day are in memory (yesterday on the 1st, last week's pack); a page wanting other
    # days asks for them (`floor_of`, `before`).
    floor = load_floor(root, cfg, day_period(day), WALL_LISTING if public or _asked_for_wall() else 0.0)
    user = PUBLIC if public else (signed_in(cfg, floor, is_demo, today, language()) or PUBLIC)
    return PageContext(cfg, floor, is_demo, day, at, live, language(), user)


def _moment(today: dt.date, now_minute: int, lang: str) -> tuple[dt.date, int, bool]:
    """The day and minute this run looks at, and whether that is now: ?date= and ?at= when valid."""
    day, at, live = today, now_minute, True
    carry_deep_link()
    if (q := _param("date")) is not None:
        try:
            asked = parse_date(q)
            if not EARLIEST <= asked <= today + dt.timedelta(days=366):   # 9999-12-31 is a date, but no floor's
                st.warning(f"?date={literal(q)}: " + ("不在可查看的日期范围内，显示今天" if lang == "zh"
                                                      else "outside the days that can be shown, showing today"))
                asked = today
            day = asked
            live = day == today
            if day < today:
                at = 24 * 60
        except ValueError:
            st.warning(f"?date={literal(q)}: " + ("日期无法识别，显示今天" if lang == "zh" else "not a date, showing today"))
    if (q := _param("at")) is not None:
        try:
            at, live = clock.parse_hhmm(q), False
        except (ValueError, IndexError):
            st.warning(f"?at={literal(q)}: " + ("时间无法识别（HH:MM）" if lang == "zh" else "not a time (HH:MM)"))
    return day, at, live


def _source(cfg: Settings, public: bool) -> tuple:
    """The folder to read and whether it is the demo (lib.demo.data_root); a folder that cannot be read
    stops the run with one clear error."""
    if cfg.source_kind == "gsheets" and (info := service_account()) and not gsheets.has_client():
        gsheets.use_credentials(info)
    if cfg.source_kind == "ftp" and (info := ftp_login()):
        ftp.use_credentials(info)
    try:
        return data_root(cfg)
    except DataSourceError as e:   # never the demo by accident: one clear error, on every page
        if public or _asked_for_wall():   # the wall is anyone's: no server path on it
            st.error(t("app.no_data_public", language()), icon=":material/cloud_off:")
        else:
            st.error(t("app.no_data", language(), problem=literal(e.zh if language() == "zh" else e.en)),
                     icon=":material/cloud_off:")
        st.stop()


def _center_context(cfg: Settings, public: bool) -> PageContext:
    """The context when the config names several centers: the signed-in person is found on their own
    center's roster (the account's `center`), then the center shown is the one they may see that
    ?center= or the sidebar asked for; its settings, folder, floor and store are the context's."""
    ids = [c.id for c in cfg.centers]
    today = clock.today(cfg)
    day, at, live = _moment(today, clock.minute_now(cfg), language())
    lang, period, loaded = language(), day_period(day), {}

    def floor_of(cid: str):
        if cid not in loaded:
            one = cfg.of_center(cid)
            root, is_demo = _source(one, public)
            loaded[cid] = (one, load_floor(root, one, period, WALL_LISTING if public or _asked_for_wall() else 0.0),
                           is_demo)
        return loaded[cid]

    home: dict = {}

    def home_floor(uid: str):
        """The roster the person is looked up on: their account's center (the first for an unknown one)."""
        home["id"] = account_center(center_of(users_path(cfg), uid), ids)
        return floor_of(home["id"] or ids[0])[1]

    user = PUBLIC if public else (signed_in(cfg, home_floor, False, today, lang) or PUBLIC)
    visible = visible_centers(user, home.get("id"), ids)
    kept = st.session_state.get(CENTER_SHOWN)
    if public and kept in visible:   # the wall's own ticks show what this session's frame showed
        choice = shown_center(visible, kept, None)
    else:
        choice = shown_center(visible, _param("center"), st.session_state.get(CENTER_CHOICE))
    if choice.ignored is not None:   # the same words whether such a center exists or not
        st.warning(t("center.ignored", lang, id=literal(choice.ignored)), icon=":material/warning:")
    if choice.shown is None:
        st.error(t("center.none", lang), icon=":material/domain_disabled:")
        st.stop()
    if not public:
        st.session_state[CENTER_SHOWN] = choice.shown
        if choice.ignored is None and _param("center") == choice.shown:
            st.session_state[CENTER_CHOICE] = choice.shown   # the menu's links drop ?center=: the session keeps it
    one, floor, is_demo = floor_of(choice.shown)
    return PageContext(one, floor, is_demo, day, at, live, lang, user, choice.shown, tuple(visible))


@contextmanager
def framed(ctx: PageContext):
    """The frame (dashboard.py) hands the context of this run to the page it runs, for this run only:
    a page script that runs without the frame finds none (never a stale one from an earlier run)."""
    _RUN.ctx = ctx
    try:
        yield
    finally:
        _RUN.ctx = None


def running_context() -> PageContext | None:
    """The context the frame made for the run in progress, or None outside the frame."""
    return getattr(_RUN, "ctx", None)
