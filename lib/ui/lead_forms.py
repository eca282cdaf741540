"""The lead workbench's forms: attendance (考勤), monitoring (监听记录), QA scoring (质检评分).

Each form checks its input before writing; a problem is shown under its field and nothing is
written. After a write the page runs again: the sections re-read the (small) store tables, the
floor's frames come from the process cache, so the new row shows at once. Field state, the
problems beside their fields and the write itself are lib.ui.forms'.
"""
from __future__ import annotations

import streamlit as st

from lib.i18n.columns import stored_shown
from lib.i18n.details import reword
from lib.demo.records import BY as DEMO_BY
from lib.day.attendance import OTHER, correction_plan, filed_report
from lib.day.attendance_report import (CATEGORIES, Absence, Swap, attendance_rows, check_absences, duty_text, group_report, present_ids, resolve_swaps)
from lib.floor.metrics import day_stamp
from lib.quality.monitoring import check_monitoring, day_slots, monitoring_row, slot_at
from lib.quality.qa import agent_project, check_qa, qa_row, qa_total, scorecard
from lib.ui.context import PageContext
from lib.ui.forms import Form
from lib.ui.lead import Workbench
from lib.ui.safe import literal
from lib.ui.tables import show_table

HIDDEN = ["更正记录", "作废"]   # correction bookkeeping: always empty on the latest rows shown


ATT, MON, QA = Form("lead", "att"), Form("lead", "mon"), Form("lead", "qa")


def _write(ctx: PageContext, w: Workbench, form: Form, table: str, rows: list[dict], void: list[str] = ()) -> None:
    """Append the rows (all or none), void the rows they replace, then run the page again."""
    form.write_rows(ctx, w.group, table, rows, void=void,
                    message=lambda ids: ctx.t("lead.written", n=len(ids), table=ctx.t(f"lead.table.{table}")))


def _label(w: Workbench):
    names = dict(zip(w.agents["agent_id"], w.agents["name"]))
    return lambda a: f"{a} {names.get(a, '')}".strip()


# ---------------------------------------------------------------- attendance

def attendance(ctx: PageContext, w: Workbench) -> None:
    """Expected from the roster; absences with category, hours, reason; swaps; the rows and the duty text.

    Once the group's report is filed the fields hold what was filed (lib.day.attendance.filed_report),
    under "已提交 HH:MM", and the button corrects that report (correction_plan: store.correct of its
    records), never files a second one."""
    old = group_report(w.attendance, w.group)
    schedule = ctx.floor.schedule
    roster = schedule[schedule["date"] == day_stamp(ctx.day)]
    filed = filed_report(old, roster)
    ATT.start(basis=f"{w.group}|{filed.record_id if filed else ''}")   # another group or version: its values
    ids = w.expected["agent_id"].tolist()
    max_hours = ctx.settings.lead.leave_hours
    max_swaps = ctx.settings.lead.max_swaps
    label = _label(w)
    if filed:
        names = dict(zip(roster["agent_id"], roster["name"]))
        # the demo's own records are filed by a marker, not a person: named in the reader's language
        by = ctx.t("lead.att.demo_by") if filed.by == DEMO_BY else f"{filed.by} {names.get(filed.by, '')}".strip()
        st.success(ctx.md("lead.att.filed_corrected" if filed.corrected else "lead.att.filed", at=filed.at, by=by),
                   icon=":material/task_alt:")
    was = {a: (cat, hours, reason) for a, cat, hours, reason in filed.absences} if filed else {}
    absent = st.multiselect(ctx.t("lead.att.absent"), ids, format_func=label,
                            key=ATT.field("lead_att_absent", [a for a in was if a in ids]),
                            placeholder=ctx.t("lead.att.absent_none"))
    slots: dict = {}
    absences = []
    for aid in absent:
        cat0, hours0, reason0 = was.get(aid, (CATEGORIES[0], max_hours, ""))
        c = st.columns([2, 1, 4])
        c[0].markdown(f"**{literal(label(aid))}**")
        cat = c[0].selectbox(ctx.t("lead.att.category"), CATEGORIES, format_func=lambda k: ctx.t(f"lead.cat.{k}"),
                             key=ATT.field(f"lead_att_cat_{aid}", cat0 if cat0 in CATEGORIES else OTHER))
        slots[f"abs:{aid}:cat"] = c[0].empty()
        hours = c[1].number_input(ctx.t("lead.att.hours"), step=0.5,
                                  key=ATT.field(f"lead_att_hours_{aid}", hours0 if hours0 == hours0 else max_hours))
        slots[f"abs:{aid}:hours"] = c[1].empty()
        reason = c[2].text_input(ctx.t("lead.att.reason"), key=ATT.field(f"lead_att_reason_{aid}", reason0))
        slots[f"abs:{aid}:reason"] = c[2].empty()
        absences.append(Absence(aid, cat, hours, reason))
    swapped = list(filed.swaps)[:max_swaps] if filed else []
    n = st.number_input(ctx.t("lead.att.swaps"), min_value=0, max_value=max_swaps,
                        step=1, key=ATT.field("lead_att_swaps", len(swapped)))
    swaps = []
    for i in range(int(n)):
        sub0, rep0 = swapped[i] if i < len(swapped) else ("", "")
        c = st.columns(2)
        sub = c[0].text_input(ctx.t("lead.att.substitute", n=i + 1), key=ATT.field(f"lead_att_sub_{i}", sub0))
        slots[f"swap:{i}:sub"] = c[0].empty()
        rep = c[1].text_input(ctx.t("lead.att.replaced", n=i + 1), key=ATT.field(f"lead_att_rep_{i}", rep0))
        slots[f"swap:{i}:rep"] = c[1].empty()
        swaps.append(Swap(sub, rep))
    lines, swap_problems = resolve_swaps(swaps, ctx.floor.schedule, ctx.floor.projects, w.group, ctx.day)
    for s in lines:
        st.caption(literal(s.text))
    here = present_ids(ids, absences, lines, w.group)
    st.markdown(ctx.t("lead.att.counts", expected=len(ids), present=len(here)))
    submit = ctx.t("lead.att.correct" if filed else "lead.att.submit")
    if st.button(submit, key="lead_att_submit", type="primary", disabled=not w.writable):
        problems = check_absences(absences, ids, max_hours) | swap_problems
        if problems:
            ATT.problems(ctx, slots, problems)
        else:
            project = w.assignment.project if w.assignment else ""
            rows = attendance_rows(ctx.day, w.group, project, w.expected, absences, lines, ctx.settings)
            if filed is None:   # rows of the group without a summary (imported) are replaced whole
                _write(ctx, w, ATT, "attendance", rows, void=list(old["记录编号"]) if len(old) else [])
            else:
                corrections, additions, withdrawals = correction_plan(old, rows)
                if corrections or additions or withdrawals:
                    ATT.write_rows(ctx, w.group, "attendance", additions, ctx.t("lead.att.corrected"),
                                   corrections=corrections, void=withdrawals)
                else:
                    st.info(ctx.t("lead.att.unchanged"))
    if len(old):
        st.subheader(ctx.t("lead.att.for_duty"))
        st.code(duty_text(old, ctx.t, ctx.settings), language=None)
        show_table(stored_shown(old.drop(columns=HIDDEN, errors="ignore"), ctx.lang), "lead_att_rows")
    else:
        st.info(ctx.t("lead.att.not_sent"))


# ---------------------------------------------------------------- monitoring

def monitoring(ctx: PageContext, w: Workbench) -> None:
    """A monitoring note (监听记录) for an agent of the group, and the day's notes."""
    MON.start()
    flagged = list(dict.fromkeys(w.flags["agent_id"]))
    options = flagged + [a for a in w.agents["agent_id"] if a not in flagged]
    label = _label(w)
    slots: dict = {}
    agent = st.selectbox(ctx.t("lead.mon.agent"), options, key=MON.field("lead_mon_agent", None),
                         format_func=lambda a: label(a) + (f" · {ctx.t('lead.flagged')}" if a in flagged else ""),
                         placeholder=ctx.t("lead.pick_agent"))
    slots["agent"] = st.empty()
    for detail in w.flags.loc[w.flags["agent_id"] == agent, "detail"]:
        st.caption(f"{ctx.t('lead.flagged')}：{literal(reword(detail, ctx.lang))}")
    start, end = ctx.settings.day.start_minute, ctx.settings.day.end_minute
    hours = day_slots(start, end)
    now = hours[slot_at(hours, ctx.at_minute)]
    slot = st.selectbox(ctx.t("lead.mon.slot"), hours, key=MON.field("lead_mon_slot", now))
    values = {}
    for f, widget in (("reason", st.text_area), ("action", st.text_area), ("result", st.text_input)):
        values[f] = widget(ctx.t(f"lead.mon.{f}"), key=MON.field(f"lead_mon_{f}", ""))
        slots[f] = st.empty()
    if st.button(ctx.t("lead.mon.submit"), key="lead_mon_submit", type="primary", disabled=not w.writable):
        problems = check_monitoring(agent, options, values)
        if problems:
            MON.problems(ctx, slots, problems)
        else:
            row = monitoring_row(ctx.day, slot, agent, w.group, values["reason"], values["action"], values["result"])
            _write(ctx, w, MON, "monitoring", [row])
    if len(w.monitoring):
        show_table(stored_shown(w.monitoring.drop(columns=HIDDEN, errors="ignore"), ctx.lang), "lead_mon_rows")


# ---------------------------------------------------------------- QA

def qa_form(ctx: PageContext, w: Workbench) -> None:
    """Score one recording on the scorecard: the total is computed (a red line makes it 0)."""
    QA.start()
    card = scorecard(ctx.settings)
    label = _label(w)
    present = w.present["agent_id"].tolist()
    options = present + [a for a in w.agents["agent_id"] if a not in present]
    slots: dict = {}
    c = st.columns(2)
    agent = c[0].selectbox(ctx.t("lead.qa.agent"), options, key=QA.field("lead_qa_agent", None), format_func=label,
                           placeholder=ctx.t("lead.pick_agent"))
    slots["agent"] = c[0].empty()
    recording = c[1].text_input(ctx.t("lead.qa.recording"), key=QA.field("lead_qa_recording", ""))
    slots["recording"] = c[1].empty()
    scores = {}
    cols = st.columns(len(card.items))
    for i, (name, top) in enumerate(card.items):
        # bounded by the item's points: the browser takes nothing outside 0..top, and a value that
        # arrives outside them anyway becomes empty (value=None), which check_qa refuses under the item
        scores[name] = cols[i].number_input(f"{literal(name)}（≤{top:g}）", min_value=0.0, max_value=float(top),
                                            value=None, step=1.0, key=QA.field(f"lead_qa_item_{i}", float(top)))
        slots[f"item:{name}"] = cols[i].empty()
    red = [r for i, r in enumerate(card.red_lines)
           if st.checkbox(ctx.t("lead.qa.red_line", item=literal(r)), key=QA.field(f"lead_qa_red_{i}", False))]
    total = qa_total(card, {k: (v or 0) for k, v in scores.items()}, red)
    st.metric(ctx.t("lead.qa.total"), f"{total:g} / {card.max_total:g}")
    notes = st.text_area(ctx.t("lead.qa.notes"), key=QA.field("lead_qa_notes", ""))
    slots["notes"] = st.empty()
    if st.button(ctx.t("lead.qa.submit"), key="lead_qa_submit", type="primary", disabled=not w.writable):
        done = w.qa_today.loc[w.qa_today["工号"] == agent, "录音编号"] if len(w.qa_today) else []
        problems = check_qa(card, agent, options, recording, scores, notes, done)
        if problems:
            QA.problems(ctx, slots, problems)
        else:
            names = dict(zip(w.agents["agent_id"], w.agents["name"]))
            project = agent_project(ctx.floor.reports, agent, ctx.day, ctx.at_minute) or \
                (w.assignment.project if w.assignment else "")
            row = qa_row(card, ctx.day, agent, names.get(agent, ""), w.group, project, recording, scores, red, notes)
            _write(ctx, w, QA, "qa", [row])


def qa_rows(ctx: PageContext, w: Workbench) -> None:
    """The group's scored recordings of the day."""
    mine = w.qa_today[w.qa_today["组别"] == w.group] if len(w.qa_today) else w.qa_today
    if len(mine):
        show_table(stored_shown(mine.drop(columns=HIDDEN, errors="ignore"), ctx.lang, "lead"), "lead_qa_rows")
