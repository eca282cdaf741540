"""Sign-in: the form, the session's person, idle expiry and sign-out (rights live in lib/auth)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from lib import clock
from lib.people.accounts import ensure_demo_accounts, idle_expired, users_path, verify
from lib.people.auth import LOCAL_ADMIN, Person, person_on
from lib.config import Settings
from lib.floor.cache import Floor
from lib.i18n import t

DEMO_PASSWORD = "demo1234"


def _users_file(cfg: Settings, floor: Floor, is_demo: bool):
    if not is_demo:
        return users_path(cfg)
    path = cfg.demo_path / "users.json"
    ensure_demo_accounts(path, sorted(set(floor.schedule["agent_id"])), DEMO_PASSWORD)
    return path


def sign_out() -> None:
    """End the session's sign-in."""
    for k in ("auth_user", "auth_seen"):
        st.session_state.pop(k, None)


def signed_in(cfg: Settings, floor: Floor, is_demo: bool, day, lang: str) -> Person | None:
    """The signed-in person, or None when nobody is (the navigation then routes to sign_in_form)."""
    if not cfg.auth.enabled:
        return LOCAL_ADMIN
    state, now = st.session_state, clock.now(cfg)
    uid = state.get("auth_user")
    if uid and idle_expired(state.get("auth_seen"), now, cfg.auth.idle_minutes):
        sign_out()
        uid = None
        st.warning(t("auth.idle", lang))
    if uid:
        state["auth_seen"] = now
        person = person_on(floor.schedule, uid, day, list(cfg.auth.admins))
        if person is not None:
            return person
        sign_out()
        st.error(t("auth.not_on_roster", lang, id=uid))
    return None


def sign_in_form(cfg: Settings, floor: Floor, is_demo: bool, lang: str) -> None:
    """The sign-in form; a good sign-in reruns the app, which then opens the page asked for."""
    _form(cfg, floor, is_demo, lang, clock.now(cfg))


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


def _demo_buttons(floor: Floor, lang: str, now) -> None:
    st.info(t("auth.demo_hint", lang, password=DEMO_PASSWORD))
    cols = st.columns(6)
    for i, (uid, role) in enumerate(demo_people(floor, now.date().isoformat())):
        label = t("auth.demo_duty", lang) if role == "duty" else t(f"role.{role}", lang)
        if cols[i % 6].button(f"{label} {uid}", key=f"signin_demo_{role}"):
            st.session_state["auth_user"], st.session_state["auth_seen"] = uid, now
            st.rerun()


def _form(cfg: Settings, floor: Floor, is_demo: bool, lang: str, now) -> None:
    st.title(t("auth.title", lang))
    if is_demo:
        _demo_buttons(floor, lang, now)
    with st.form("signin_form"):
        uid = st.text_input(t("auth.id", lang), key="signin_id").strip()
        password = st.text_input(t("auth.password", lang), type="password", key="signin_password")
        if not st.form_submit_button(t("auth.submit", lang)):
            return
    result = verify(_users_file(cfg, floor, is_demo), uid, password, now,
                    max_failures=cfg.auth.max_failures, lock_minutes=cfg.auth.lock_minutes)
    if result.status == "ok":
        st.session_state["auth_user"], st.session_state["auth_seen"] = uid, now
        st.rerun()
    elif result.status == "locked":
        st.error(t("auth.locked", lang, until=result.locked_until.strftime("%H:%M")))
    elif result.status == "disabled":
        st.error(t("auth.disabled", lang))
    else:
        st.error(t("auth.bad", lang))
