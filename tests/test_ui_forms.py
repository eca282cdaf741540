"""lib/ui/forms and lib/ui/tables on a one-form script: field state, the message kept across the rerun,
problems beside their field, one error line for a refused or failed write, a store read that warns."""
from __future__ import annotations

import datetime as dt

from streamlit.testing.v1 import AppTest


def _form_script(group: str = "101", broken: bool = False, texts: str = "") -> None:
    import datetime as dt

    import streamlit as st

    from lib.i18n import t
    from lib.people.auth import Person
    from lib.store import StoreError
    from lib.ui.forms import Form

    class Store:
        def append(self, table, rows, submitted_by):
            if broken:
                raise StoreError("disk full")
            st.session_state.setdefault("written", []).extend((table, submitted_by, r) for r in rows)
            return [f"R{i}" for i in range(len(rows))]

        def correct(self, table, record_id, row, submitted_by):
            st.session_state.setdefault("written", []).append((table, record_id, row))
            return "R9"

        def void(self, table, record_id, submitted_by, period):
            st.session_state.setdefault("voided", []).append((table, record_id, period))

    class Ctx:
        lang, day, store = "zh", dt.date(2026, 11, 25), Store()
        user = Person("1100", "组长", "lead", "101")

        def t(self, key, **values):
            return t(key, "zh", **values)

    ctx = Ctx()
    form = Form("lead", "note", texts) if texts else Form("lead", "note")
    form.start()
    note = st.text_input("note", key=form.field("lead_note_text", "first"))
    slots = {"note": st.empty()}
    if st.button("save", key="lead_note_save"):
        if not note.strip():
            form.problems(ctx, slots, {"note": ("coach.err.required", {})})
        else:
            form.write_rows(ctx, group, "monitoring", [{"note": note}], void=["OLD1"],
                            message=lambda ids: f"saved {len(ids)}: {','.join(ids)}")


def _app(**kwargs) -> AppTest:
    at = AppTest.from_function(_form_script, kwargs=kwargs, default_timeout=30)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _save(at: AppTest, text: str) -> AppTest:
    at.text_input(key="lead_note_text").set_value(text)
    at.button(key="lead_note_save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_field_starts_at_its_default_and_its_key_is_the_pages():
    at = _app()
    assert at.text_input(key="lead_note_text").value == "first"
    assert at.session_state["lead_fields_note"] == {"lead_note_text"}
    assert not at.success and not at.error


def test_a_write_shows_its_message_once_and_the_form_starts_afresh():
    at = _save(_app(), "late on the 10:00 call")
    assert [s.value for s in at.success] == ["saved 1: R0"]
    assert at.text_input(key="lead_note_text").value == "first"   # emptied, in the browser too
    assert at.session_state["written"] == [("monitoring", "1100", {"note": "late on the 10:00 call"})]
    assert at.session_state["voided"] == [("monitoring", "OLD1", dt.date(2026, 11, 25))]
    at.run()
    assert not at.success   # once


def test_a_problem_shows_beside_its_field_and_nothing_is_written():
    at = _save(_app(), "   ")
    assert [e.value for e in at.error] == ["必填。", "请修改标出的项目，未写入任何内容。"]
    assert "written" not in at.session_state


def test_the_pages_texts_name_what_was_not_written():
    at = _save(_app(texts="fu"), "")
    assert [e.value for e in at.error][-1] == "有内容需要修改，未写入任何记录。"


def test_a_refused_write_is_one_line_and_keeps_what_was_typed():
    at = _save(_app(group="102"), "for another group")
    assert [e.value for e in at.error] == ["无权查看或填写 102 组。"]
    assert at.text_input(key="lead_note_text").value == "for another group"
    assert "written" not in at.session_state and not at.success


def test_a_store_failure_is_one_line_with_its_reason():
    at = _save(_app(broken=True), "x")
    assert [e.value for e in at.error] == ["保存失败，未写入任何内容：disk full"]
    assert at.text_input(key="lead_note_text").value == "x" and not at.success


def _read_script() -> None:
    import streamlit as st

    from lib.store import StoreError
    from lib.ui.tables import read_day, read_months

    class Store:
        def read_day(self, name, day):
            raise StoreError("locked by 1200")

        def read_month(self, name, month):
            return st.session_state["months"][month]

    class Ctx:
        store = Store()

        def t(self, key, **values):
            from lib.i18n import t
            return t(key, "zh", **values)

    import pandas as pd
    st.session_state.setdefault("months", {"2026-10": pd.DataFrame({"工号": ["1101"]}),
                                           "2026-11": pd.DataFrame({"工号": []})})
    st.session_state["day"] = list(read_day(Ctx(), "qa", None).columns)
    st.session_state["months_read"] = read_months(Ctx(), "qa", ["2026-10", "2026-11"])["工号"].tolist()


def test_an_unreadable_store_table_warns_and_reads_as_empty():
    from lib.store import table, to_frame
    at = AppTest.from_function(_read_script, default_timeout=30)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [w.value for w in at.warning] == [f"无法读取{table('qa').sheet}：locked by 1200"]
    assert at.session_state["day"] == list(to_frame(table("qa"), []).columns)
    assert at.session_state["months_read"] == ["1101"]   # the months with rows, as one frame
