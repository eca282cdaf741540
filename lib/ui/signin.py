"""Sign-in: the form, the session's person, sessions that survive a refresh, sign-out.

A good sign-in begins a server-side session (lib/people/sessions: only sha256 of a random token is
kept) and hands the token to the browser as the cookie `teamboard_session` (Path=/,
SameSite=Strict, Secure under HTTPS, as long as `[auth] session_hours`). A refresh, a Wi-Fi blip
or a bookmark opens a new Streamlit session whose first request carries the cookie, and the
session resumes; every run checks the session again, so a sign-out, `users disable`, a new
password, idle time or the session's length end it at the next rerun. The cookie is set by a few
lines of JavaScript through st.html (Streamlit ships that; no component is needed for one cookie),
so it cannot be HttpOnly: it holds nothing but the random token. Failed sign-ins count per client
address (the connection's, or X-Forwarded-For's first address when the connection comes from one of
`[auth] trusted_proxies`). Sign-in times use the real clock, never the rehearsal clock.
Rights live in lib/people/auth.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from lib.config import Settings
from lib.floor.cache import Floor
from lib.i18n import t
from lib.people import sessions
from lib.people.accounts import ensure_demo_accounts, users_path, verify
from lib.people.auth import LOCAL_ADMIN, Person, person_on
from lib.ui.safe import literal

DEMO_PASSWORD = "demo1234"
COOKIE = "teamboard_session"
_TOKEN = "auth_token"       # session-state key of this session's token
_COOKIE_SET = "auth_cookie"  # the token the browser was last told to keep
_DEAD = "auth_dead"          # a token that no longer opens a session (the cookie may still carry it)
log = logging.getLogger(__name__)


def real_now() -> dt.datetime:
    """The real time (sign-in, idle expiry and lock-outs never follow a rehearsal clock)."""
    return dt.datetime.now(dt.timezone.utc)


def _users_file(cfg: Settings, floor: Floor, is_demo: bool):
    if not is_demo:
        return users_path(cfg)
    path = cfg.demo_path / "users.json"
    ensure_demo_accounts(path, sorted(set(floor.schedule["agent_id"])), DEMO_PASSWORD)
    return path


def client_address(cfg: Settings) -> str:
    """Who is asking: the connection's address, or the first X-Forwarded-For one behind a trusted proxy."""
    try:
        peer = st.context.ip_address
        forwarded = st.context.headers.get("X-Forwarded-For")
    except Exception:   # no connection behind this session (AppTest, bare mode)
        peer, forwarded = None, None
    peer = peer if isinstance(peer, str) and peer else "local"   # Streamlit gives None for 127.0.0.1
    trusted = set(cfg.auth.trusted_proxies)
    if peer in trusted or (peer == "local" and trusted & {"127.0.0.1", "::1", "localhost"}):
        first = (forwarded if isinstance(forwarded, str) else "").split(",")[0].strip()
        return first or peer
    return peer


def _cookie() -> str | None:
    """The session cookie the browser sent with this Streamlit session's first request."""
    try:
        value = st.context.cookies.get(COOKIE)
    except Exception:   # no browser behind this session (AppTest, bare mode)
        return None
    return value if isinstance(value, str) and value else None


def _cookie_script(token: str | None, hours: float) -> str:
    value = json.dumps(token or "")
    age = int(hours * 3600) if token else 0
    return ("<script>(function(){var s=location.protocol==='https:'?'; Secure':'';"
            f"document.cookie='{COOKIE}='+encodeURIComponent({value})+'; Path=/; Max-Age={age}; SameSite=Strict'+s;"
            "})();</script>")


def keep_cookie(cfg: Settings) -> None:
    """Tell the browser to keep (or forget) this session's token, once per change.

    Always one element, at the end of the sidebar: an element that comes and goes in the main area
    would move the page's own elements, and the browser would redraw its tabs on the first one."""
    want = st.session_state.get(_TOKEN) or ""
    if st.session_state.get(_COOKIE_SET, _cookie() or "") != want:
        st.sidebar.html(_cookie_script(want, cfg.auth.session_hours), unsafe_allow_javascript=True)
        st.session_state[_COOKIE_SET] = want
    else:
        st.sidebar.html("<span></span>")


def sign_out(cfg: Settings, floor: Floor, is_demo: bool) -> None:
    """End the session: on the server, in this browser session and (next run) in the cookie."""
    token = st.session_state.pop(_TOKEN, None) or _cookie()
    sessions.end(_users_file(cfg, floor, is_demo), token)
    st.session_state[_DEAD] = token


def signed_in(cfg: Settings, floor: Floor | Callable[[str], Floor], is_demo: bool, day, lang: str) -> Person | None:
    """The signed-in person, or None when nobody is (the navigation then routes to sign_in_form).
    `floor` may be a function of the 工号 giving the roster to look them up on (their own center's)."""
    if not cfg.auth.enabled:
        return LOCAL_ADMIN
    state = st.session_state
    token = state.get(_TOKEN)
    if token is None and (cookie := _cookie()) != state.get(_DEAD):
        token = cookie   # a new browser session (a refresh, a bookmark): the cookie of the last one
    if not token:
        return None
    try:
        users = _users_file(cfg, floor, is_demo)
        uid = sessions.resume(users, token, real_now(), hours=cfg.auth.session_hours,
                              idle_minutes=cfg.auth.idle_minutes)
    except (OSError, ValueError) as e:   # a corrupt users or sessions file: say so, never a traceback
        _broken(e, lang)
        return None
    if uid is None:
        had = state.pop(_TOKEN, None)
        state[_DEAD] = token
        if had:
            st.warning(t("auth.changed", lang) + " " + t("auth.idle", lang))
        return None
    state[_TOKEN] = token
    person = person_on((floor(uid) if callable(floor) else floor).schedule, uid, day, list(cfg.auth.admins))
    if person is not None:
        return person
    st.error(t("auth.not_on_roster", lang, id=literal(uid)))
    return None


def _broken(e: Exception, lang: str) -> None:
    ref = secrets.token_hex(4)
    log.error("accounts file unreadable [ref %s]: %s", ref, e)
    st.error(t("auth.users_broken", lang, ref=ref))


def sign_in_form(cfg: Settings, floor: Floor, is_demo: bool, lang: str) -> None:
    """The sign-in form; a good sign-in reruns the app, which then opens the page asked for."""
    _form(cfg, floor, is_demo, lang)


def demo_people(floor: Floor, day) -> list[tuple[str, str]]:
    """(工号, role key) of one person per role on the demo roster today, for one-click demo sign-in."""
    sched = floor.schedule[floor.schedule["date"] == pd.Timestamp(day)]
    picks = []
    for role in ("manager", "director", "senior_lead"):
        ids = sched[sched["role"] == role]["agent_id"]
        picks += [(ids.iloc[0], role)] if len(ids) else []
    duty = sched[sched["duty"] & sched["working"]]["agent_id"]
    picks += [(duty.iloc[0], "duty")] if len(duty) else []
    leads = sched[(sched["role"] == "lead") & ~sched["duty"]]["agent_id"]
    picks += [(leads.iloc[0], "lead")] if len(leads) else []
    agents = sched[(sched["role"] == "agent") & sched["working"]]["agent_id"]
    picks += [(agents.iloc[0], "agent")] if len(agents) else []
    return picks


def _begin(users, uid: str) -> None:
    st.session_state[_TOKEN] = sessions.begin(users, uid, real_now())
    st.rerun()


def _demo_buttons(cfg: Settings, floor: Floor, lang: str) -> None:
    from lib import clock
    st.info(t("auth.demo_hint", lang, password=DEMO_PASSWORD))
    with st.container(horizontal=True, wrap=True, key="signin_demo"):   # as many a line as the form's width holds
        for uid, role in demo_people(floor, clock.today(cfg).isoformat()):
            label = t("auth.demo_duty", lang) if role == "duty" else t(f"role.{role}", lang)
            if st.button(f"{label} {literal(uid)}", key=f"signin_demo_{role}"):
                _begin(_users_file(cfg, floor, True), uid)


LANGS = {"中文": "zh", "English": "en"}   # the sidebar's switch's labels (lib/ui/menu.py)
_LANG_KEY = "signin_lang"


def _switch_language() -> None:
    """The sign-in page's language switch, as the sidebar's: the session's language, ?lang= dropped.
    The sidebar's radio is told too, so the two never pull the session two ways."""
    label = st.session_state[_LANG_KEY]
    st.session_state["lang"] = LANGS[label]
    st.session_state["sidebar_lang"] = label
    if "lang" in st.query_params:
        del st.query_params["lang"]


def _language_switch(lang: str) -> None:
    st.session_state[_LANG_KEY] = next(k for k, v in LANGS.items() if v == lang)   # follows the sidebar's
    st.radio(t("app.language", lang), list(LANGS), horizontal=True, key=_LANG_KEY, on_change=_switch_language)


FORM_WIDTH = 520   # px: a sign-in form, not a page-wide bar (the wide layout would give it 1,800 px); the
#                   English product name still fits on one line


def _form(cfg: Settings, floor: Floor, is_demo: bool, lang: str) -> None:
    with st.container(horizontal_alignment="center", key="signin_page"):
        with st.container(width=FORM_WIDTH, key="signin_box"):
            _form_box(cfg, floor, is_demo, lang)


def _form_box(cfg: Settings, floor: Floor, is_demo: bool, lang: str) -> None:
    st.subheader(t("auth.product", lang), anchor=False)
    _language_switch(lang)
    st.title(t("auth.title", lang), anchor=False)
    if is_demo:
        _demo_buttons(cfg, floor, lang)
    with st.form("signin_form"):
        uid = st.text_input(t("auth.id", lang), key="signin_id").strip()
        password = st.text_input(t("auth.password", lang), type="password", key="signin_password")
        if not st.form_submit_button(t("auth.submit", lang)):
            return
    try:
        users = _users_file(cfg, floor, is_demo)
        result = verify(users, uid, password, real_now(), client=client_address(cfg),
                        max_failures=cfg.auth.max_failures, lock_minutes=cfg.auth.lock_minutes,
                        client_failures=cfg.auth.client_failures)
    except (OSError, ValueError) as e:
        _broken(e, lang)
        return
    if result.status == "ok":
        _begin(users, uid)
    elif result.status == "locked":
        until = result.locked_until.astimezone(ZoneInfo(cfg.timezone))
        st.error(t("auth.locked", lang, until=until.strftime("%H:%M")))
    else:
        st.error(t("auth.bad", lang))
