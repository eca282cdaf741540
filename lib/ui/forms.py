"""What every screen's forms share: field values kept in session state, each problem shown beside its
field, and a write to the store that ends in one message, kept across the page's next run.

A form's field values live in st.session_state, set before its widget is drawn (`Form.field`), so that
emptying a form after a write reaches the browser too: deleting a widget's key alone resets it on the
server while the browser keeps showing the old value. A form's own keys start with its page's prefix
(`lead_fields_att`, `followup_done_coach` …), so two pages' forms never share state.

A write (`save`) checks rights and writes inside one call: refused, or failed in the store, it shows one
error line and the form keeps what was typed; done, its message is kept in session state and the page
runs again, where `flash` (or the form's `start`) shows the message once and the form starts empty.

A form may ask before it writes (`ask`, `asked`): an entry that repeats a stored record is not written
on the first click; the form shows a warning naming that record and a "save anyway" button, and only
that button, for exactly that entry, writes it. A changed field, a write or a fresh start ends the question.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

import streamlit as st

from lib.i18n import FieldProblems
from lib.people.auth import Refused, require_group
from lib.store import RecordError, StoreError
from lib.ui.context import PageContext
from lib.ui.safe import text_md

STORE_ERRORS: tuple[type[Exception], ...] = (RecordError, StoreError, OSError)
SAVED_ICON = ":material/check_circle:"
T = TypeVar("T")


def flash(key: str) -> None:
    """The message a write left under `key` before the page ran again, shown once."""
    if msg := st.session_state.pop(key, None):
        st.success(msg, icon=SAVED_ICON)


def show_problems(ctx: PageContext, slots: dict, problems: FieldProblems, nothing_written: str) -> None:
    """Each problem in the slot under its field, and one line (the catalogue key `nothing_written`)
    saying nothing was written."""
    for field, (key, values) in problems.items():
        if field in slots:
            slots[field].error(text_md(key, ctx.lang, **values), icon=":material/error:")   # values may be what was typed
    st.error(ctx.t(nothing_written))


def save(ctx: PageContext, write: Callable[[], T], message: str | Callable[[T], str], *, flash: str,
         failed: str, refused: str = "auth.refused", errors: tuple[type[Exception], ...] = STORE_ERRORS,
         form: Form | None = None, **values: Any) -> None:
    """Run `write` (it checks the person's rights, then writes); done, keep `message` (or message(what
    write returned)) under `flash`, start `form` afresh and run the page again. Refused, or a store
    error, is one error line (the catalogue keys `refused` and `failed`, which gets {error}; both are
    filled with `values` too, shown literally) and nothing else happens. `message` is markdown: a value
    in it that is not ours goes through lib.ui.safe.literal."""
    try:
        result = write()
    except Refused:
        st.error(text_md(refused, ctx.lang, **values))
        return
    except errors as e:
        st.error(text_md(failed, ctx.lang, **values, error=e))
        return
    if form is not None:
        st.session_state[form.done_key] = True
    st.session_state[flash] = message(result) if callable(message) else message
    st.rerun()


@dataclass(frozen=True)
class Form:
    """One form of a page: `page` prefixes its state keys ("lead", "followup"), `name` tells it from the
    page's other forms ("att", "mr_101_2026-11"), `texts` is the page's catalogue prefix ("fu"; the
    page's own by default) for its messages `…err.nothing_written`, `…err.store` and `…refused`."""

    page: str
    name: str
    texts: str = ""

    @property
    def fields_key(self) -> str:
        return f"{self.page}_fields_{self.name}"

    @property
    def done_key(self) -> str:
        return f"{self.page}_done_{self.name}"

    @property
    def flash_key(self) -> str:
        return f"{self.page}_flash_{self.name}"

    @property
    def ask_key(self) -> str:
        return f"{self.page}_ask_{self.name}"

    @property
    def basis_key(self) -> str:
        return f"{self.page}_basis_{self.name}"

    def start(self, basis: str | None = None) -> None:
        """Where the form begins: after its write, the fields start afresh (`field` sets their defaults
        again) and the write's message, when it was kept for this form, shows here once. `basis` names
        what the defaults are made from (a group and the record it filed): when it changes, the fields
        start afresh too, so they never show another group's or an older record's values."""
        fresh = st.session_state.pop(self.done_key, False)
        if basis is not None and st.session_state.get(self.basis_key) != basis:
            fresh = self.basis_key in st.session_state or fresh
            st.session_state[self.basis_key] = basis
        if fresh:
            for key in st.session_state.pop(self.fields_key, ()):
                st.session_state.pop(key, None)
            st.session_state.pop(self.ask_key, None)
        flash(self.flash_key)

    def ask(self, entry: object) -> None:
        """Ask before writing `entry` (a value naming what was typed, such as a content key): the
        question is kept in session state and the page runs again to show it (`asked`)."""
        st.session_state[self.ask_key] = repr(entry)
        st.rerun()

    def asked(self, ctx: PageContext, entry: object, question: str | None, anyway_key: str) -> bool:
        """While the form asks about exactly this entry and `question` (markdown naming the stored
        record, its values through lib.ui.safe) still holds: the warning and a "save anyway" button
        (widget key `anyway_key`). True when that button was clicked for this entry; otherwise nothing
        is drawn (a changed entry or a question gone ends it)."""
        if question is None or st.session_state.get(self.ask_key) != repr(entry):
            return False
        st.warning(question, icon=":material/content_copy:")
        return st.button(ctx.t("forms.save_anyway"), key=anyway_key)

    def field(self, key: str, default: Any) -> str:
        """The widget key of a field, its value in session state (the default the first time)."""
        st.session_state.setdefault(self.fields_key, set()).add(key)
        st.session_state.setdefault(key, default)
        return key

    def problems(self, ctx: PageContext, slots: dict, problems: FieldProblems) -> None:
        """show_problems with the page's "nothing was written" line."""
        show_problems(ctx, slots, problems, f"{self.texts or self.page}.err.nothing_written")

    def save(self, ctx: PageContext, write: Callable[[], T], message: str | Callable[[T], str], *,
             flash: str | None = None, **how: Any) -> None:
        """`save` for this form: its message shows at the form's start (or under the page's `flash` key)."""
        save(ctx, write, message, flash=flash or self.flash_key, form=self, **how)

    def write_rows(self, ctx: PageContext, group: str, table: str, rows: list[dict],
                   message: str | Callable[[list[str]], str], correct: str | None = None,
                   void: Iterable[str] = (), flash: str | None = None,
                   corrections: Iterable[tuple[str, dict]] = ()) -> None:
        """A group's rows written by the signed-in person, if the group is theirs to write for: appended
        (all or none), or the first as the new version of the record `correct`; before them, each
        (记录编号, row) of `corrections` as the new version of that record; then the records `void`
        names withdrawn. `message` may be made from the new rows' 记录编号."""
        def write() -> list[str]:
            require_group(ctx.user, group)
            store, by = ctx.store, ctx.user.agent_id
            ids = [store.correct(table, rid, row, submitted_by=by) for rid, row in corrections]
            if correct:
                ids.append(store.correct(table, correct, rows[0], submitted_by=by))
            elif rows:
                ids += store.append(table, rows, submitted_by=by)
            for rid in void:
                store.void(table, rid, submitted_by=by, period=ctx.day)
            return ids
        texts = self.texts or self.page
        self.save(ctx, write, message, flash=flash, failed=f"{texts}.err.store", refused=f"{texts}.refused",
                  group=group)
