"""Forms that do not let a mistake through (issue 16, part 6), on the demo center at 2026-11-25 11:05.

QA items bounded by their points; a duplicate callback or coaching record asked about before it is
saved (and never doubled by a second click); the attendance form, once filed, showing what was filed
with a correction that replaces the record. Flows are driven by widget keys; each reads the store back.
"""
from __future__ import annotations

import datetime as dt
import re


from lib.config import settings
from lib.quality.qa import qa_total, scorecard
from lib.store import open_store
from lib.ui.safe import unliteral
from tests.conftest import open_page

from tests.test_lead_page import DAY, floor_dir, stored  # noqa: F401  (the workbench tests' fixture and reader)


def errors(at):
    return [unliteral(e.value) for e in at.error]


def warnings(at):
    return [unliteral(w.value) for w in at.warning]


def column_of(at, key):
    """The column holding the widget with this key (its problems show in the same column)."""
    return next(c for c in at.columns if any(getattr(w, "key", None) == key for w in c.number_input))


# ---------------------------------------------------------------- QA items bounded by their points

def test_every_qa_item_is_bounded_by_its_points(floor_dir):
    at = open_page("pages/lead.py", group="103")
    card = scorecard(settings())
    for i, (name, top) in enumerate(card.items):
        box = at.number_input(key=f"lead_qa_item_{i}")
        assert (box.min, box.max, box.value) == (0, top, top), name


def test_fifteen_in_an_item_worth_ten_is_refused_under_that_item(floor_dir):
    at = open_page("pages/lead.py", group="103")
    card = scorecard(settings())
    i, (name, top) = next((i, it) for i, it in enumerate(card.items) if it[1] == 10)
    at.selectbox(key="lead_qa_agent").set_value("1310")
    at.text_input(key="lead_qa_recording").set_value("R-15")
    at.text_area(key="lead_qa_notes").set_value("开场白不规范")
    at.number_input(key=f"lead_qa_item_{i}").set_value(15).run()
    total = {m.label: m.value for m in at.metric}["总分（自动计算）"]
    assert float(total.split(" / ")[0]) <= card.max_total        # never "105 / 100"
    at.button(key="lead_qa_submit").click().run()
    message = f"{name}：分数应在 0 到 {top:g} 之间"
    assert message in errors(at) and "请修改标出的项目，未写入任何内容。" in errors(at)
    assert message in [unliteral(e.value) for e in column_of(at, f"lead_qa_item_{i}").error]   # beside the item
    assert stored(floor_dir, "qa").empty
    # corrected to the item's points, the score is written with that total
    at.number_input(key=f"lead_qa_item_{i}").set_value(top).run()
    at.button(key="lead_qa_submit").click().run()
    rows = stored(floor_dir, "qa")
    assert len(rows) == 1 and rows["总分"].iloc[0] == card.max_total == qa_total(card, dict(card.items))


# ---------------------------------------------------------------- the rule of a repeat (pure)

def _frame(table, rows):
    from lib.store import table as spec, to_frame
    base = {"记录编号": "", "提交时间": "2026-11-25T09:40:00+08:00", "提交人": "1400", "更正记录": "", "作废": ""}
    return to_frame(spec(table), [base | {"记录编号": f"20261125-{i:012x}"} | r for i, r in enumerate(rows)])


def test_a_repeat_callback_is_the_same_agent_customer_reason_and_day():
    from lib.quality.callbacks import duplicate_callbacks
    cb = {"日期": DAY, "工号": "1404", "组别": "104", "客户电话": "13812345678", "原因": "要求上午回电",
          "回拨时间": "2026-11-25 11:20", "状态": "待回拨"}
    frame = _frame("callbacks", [cb, cb | {"日期": "2026-11-24"}, cb | {"工号": "1405"},
                                 cb | {"客户电话": "13812345679"}, cb | {"原因": "要求下午回电"}])
    # the number as typed with dashes and +86, the reason with extra and full-width spaces: the same callback
    got = duplicate_callbacks(frame, DAY, "1404", "+86 138-1234-5678", "  要求上午回电　")
    assert got["记录编号"].tolist() == ["20261125-000000000000"]
    # another due time or status does not make another callback
    assert len(duplicate_callbacks(_frame("callbacks", [cb | {"回拨时间": "2026-11-25 16:00", "状态": "已回拨"}]),
                                   DAY, "1404", "13812345678", "要求上午回电")) == 1
    assert duplicate_callbacks(frame, DAY, "1404", "13812345678", "要求上午回电，再约时间").empty
    assert duplicate_callbacks(frame.iloc[0:0], DAY, "1404", "13812345678", "要求上午回电").empty


def test_a_repeat_coaching_record_is_the_same_agent_day_and_all_four_grow_steps():
    from lib.quality.coaching import duplicate_coaching
    grow = {"目标": "办理率回到 8%", "现状": "开场白太长", "方案": "缩短开场", "行动": "每天听 3 通优秀录音"}
    rec = {"日期": DAY, "工号": "1404", "组别": "104", "期限": "2026-11-27", "状态": "进行中", "关联记录": ""} | grow
    frame = _frame("coaching", [rec, rec | {"日期": "2026-11-24"}, rec | {"工号": "1405"}, rec | {"行动": "每天听 5 通"}])
    values = {"goal": " 办理率回到 8% ", "reality": "开场白太长", "options": "缩短开场", "action": "每天听  3 通优秀录音"}
    assert duplicate_coaching(frame, DAY, "1404", values)["记录编号"].tolist() == ["20261125-000000000000"]
    # 期限, 状态 and 关联记录 do not count; a different reality does
    assert len(duplicate_coaching(_frame("coaching", [rec | {"期限": "2026-12-01", "状态": "已完成"}]), DAY, "1404",
                                  values)) == 1
    assert duplicate_coaching(frame, DAY, "1404", values | {"reality": "开场白太短"}).empty


# ---------------------------------------------------------------- repeats asked about on the follow-up page

RECORD_ID = re.compile(r"\d{8}-[0-9a-f]{12}")


def followup(group="104"):
    return open_page("pages/followup.py", group=group)


def month_rows(floor, name, history=False):
    return open_store(settings(), floor).read_month(name, "2026-11", history=history)


def successes(at):
    return [unliteral(s.value) for s in at.success]


def fill_callback(at, agent, phone, reason, when=dt.time(11, 20)):
    at.selectbox(key="followup_cb_agent").set_value(agent)
    at.text_input(key="followup_cb_phone").set_value(phone)
    at.text_input(key="followup_cb_reason").set_value(reason)
    at.time_input(key="followup_cb_time").set_value(when)
    return at.button(key="followup_cb_submit").click().run()


def test_a_repeat_callback_is_asked_about_and_written_only_when_confirmed(floor_dir):
    at = fill_callback(followup(), "1404", "138-1234-5678", "要求上午回电")
    assert successes(at) == ["已登记 1404 韦娜慧 的回拨。"] and len(month_rows(floor_dir, "callbacks")) == 1
    # the same customer and reason again (typed differently, due later): asked, not written
    at = fill_callback(at, "1404", "13812345678", " 要求上午回电 ", dt.time(15, 0))
    question = [w for w in warnings(at) if "同一客户" in w]
    assert question == ["1404 韦娜慧 今天已登记过同一客户、同一原因的回拨（11:05 由 admin 提交），未保存。"
                        "确实要再登记一条请点「仍然保存」。"]
    assert not RECORD_ID.search(question[0]) and "5678" not in question[0]   # no record id, no number
    assert len(month_rows(floor_dir, "callbacks")) == 1 and not successes(at)
    # clicking save again keeps asking; only "save anyway" writes the second callback
    at.button(key="followup_cb_submit").click().run()
    assert len(month_rows(floor_dir, "callbacks")) == 1 and any("同一客户" in w for w in warnings(at))
    at.button(key="followup_cb_anyway").click().run()
    got = month_rows(floor_dir, "callbacks")
    assert len(got) == 2 and got["回拨时间"].tolist() == ["2026-11-25 11:20", "2026-11-25 15:00"]
    assert successes(at) == ["已登记 1404 韦娜慧 的回拨。"] and not any("同一客户" in w for w in warnings(at))
    # another reason is another callback: written at once, without a question
    at = fill_callback(at, "1404", "13812345678", "要求下午回电")
    assert len(month_rows(floor_dir, "callbacks")) == 3 and not warnings(at)


def test_a_double_click_on_save_writes_one_callback(floor_dir):
    at = fill_callback(followup(), "1404", "13812345678", "要求上午回电")
    # the second click of a double click arrives with the fields as they were
    at = fill_callback(at, "1404", "13812345678", "要求上午回电")
    assert len(month_rows(floor_dir, "callbacks")) == 1 and any("同一客户" in w for w in warnings(at))
    # a changed field ends the question: the button is gone with it
    at.text_input(key="followup_cb_reason").set_value("要求上午回电，改约明天").run()
    assert not warnings(at) and not [b for b in at.button if b.key == "followup_cb_anyway"]


GROW = {"goal": "办理率回到 8%", "reality": "开场白太长", "options": "缩短开场", "action": "每天听 3 通优秀录音"}


def fill_coaching(at, agent, values):
    at.selectbox(key="followup_coach_agent").set_value(agent).run()
    for k, v in values.items():
        at.text_area(key=f"followup_coach_{k}").set_value(v)
    return at.button(key="followup_coach_submit").click().run()


def test_a_repeat_coaching_record_is_asked_about_and_not_doubled(floor_dir):
    at = fill_coaching(followup(), "1404", GROW)
    assert successes(at)[0].startswith("已保存 1404") and len(month_rows(floor_dir, "coaching")) == 1
    at = fill_coaching(at, "1404", GROW | {"action": " 每天听 3 通优秀录音 "})   # a double click, or typed again
    question = [w for w in warnings(at) if "内容相同的辅导" in w]
    assert question == ["1404 韦娜慧 今天已有一条内容相同的辅导记录（11:05 由 admin 提交，目标、现状、方案、行动都相同），"
                        "未保存。确实是另一次辅导请点「仍然保存」。"]
    assert not RECORD_ID.search(question[0])
    at.button(key="followup_coach_submit").click().run()
    assert len(month_rows(floor_dir, "coaching")) == 1
    at.button(key="followup_coach_anyway").click().run()
    assert len(month_rows(floor_dir, "coaching")) == 2 and successes(at)[0].startswith("已保存 1404")
    # a different step is another record: no question
    at = fill_coaching(at, "1404", GROW | {"reality": "语速太快"})
    assert len(month_rows(floor_dir, "coaching")) == 3 and not any("内容相同" in w for w in warnings(at))


# ---------------------------------------------------------------- the filed attendance report (pure)

def _roster():
    import pandas as pd
    return pd.DataFrame({"agent_id": ["1102", "1201", "1203"], "name": ["秦凯琪", "李四", "王五"],
                         "group": ["101", "102", "102"]})


def test_swap_replaced_reads_the_replaced_person_back_from_the_line():
    from lib.day.attendance import swap_replaced
    assert swap_replaced("101组1102秦凯琪替102组1201李四上班,外呼新华手机报", _roster()) == "1201"
    assert swap_replaced("101组1102秦凯琪支援102组上班,外呼新华手机报", _roster()) == ""
    assert swap_replaced("101组1102秦凯琪替103组1399某某上班,外呼X", _roster()) == "1399"   # not on the roster


def _report():
    from lib.day.attendance_report import COLUMNS
    blank = dict.fromkeys(COLUMNS, "") | {"日期": DAY, "组别": "102", "项目": "新华手机报"}
    rows = [blank | {"应出勤": 8, "实到": 7, "时长(小时)": None, "扣分": None},
            blank | {"工号": "1203", "姓名": "王五", "类别": "病假", "时长(小时)": 4, "原因": "发烧", "扣分": -0.3},
            blank | {"工号": "1102", "姓名": "秦凯琪", "类别": "换班", "扣分": 0,
                     "替班说明": "101组1102秦凯琪替102组1201李四上班,外呼新华手机报"}]
    frame = _frame("attendance", rows)
    return frame, [{k: v for k, v in r.items()} for r in rows]


def test_filed_report_is_what_the_form_shows():
    from lib.day.attendance import filed_report
    frame, _ = _report()
    filed = filed_report(frame, _roster())
    assert (filed.record_id, filed.at, filed.by, filed.corrected) == ("20261125-000000000000", "09:40", "1400", False)
    assert (filed.expected, filed.present) == (8, 7)
    assert filed.absences == (("1203", "病假", 4.0, "发烧"),) and filed.swaps == (("1102", "1201"),)
    assert filed_report(frame.iloc[1:], _roster()) is None and filed_report(frame.iloc[0:0], _roster()) is None


def test_a_correction_corrects_the_records_and_never_adds_a_second_report():
    from lib.day.attendance import correction_plan
    frame, rows = _report()
    head, sick, swap = rows
    ids = frame["记录编号"].tolist()
    assert correction_plan(frame, rows) == ([], [], [])                       # nothing changed, nothing to write
    # 1203 on personal leave instead: the summary and 1203's row corrected, the swap untouched
    personal = sick | {"类别": "事假", "扣分": -0.5}
    assert correction_plan(frame, [head, personal, swap]) == ([(ids[0], head), (ids[1], personal)], [], [])
    # 1203 came after all and 1204 is off: 1203's row withdrawn, 1204's added, the summary corrected
    other = sick | {"工号": "1204", "姓名": "赵六"}
    corrections, additions, withdrawals = correction_plan(frame, [head | {"实到": 7}, other, swap])
    assert corrections == [(ids[0], head | {"实到": 7})] and additions == [other] and withdrawals == [ids[1]]


# ---------------------------------------------------------------- the attendance form once filed

def fill_attendance(at, absent, swaps=None):
    at.multiselect(key="lead_att_absent").set_value([a for a, *_ in absent]).run()
    for agent, cat, hours, reason in absent:
        at.selectbox(key=f"lead_att_cat_{agent}").set_value(cat)
        at.number_input(key=f"lead_att_hours_{agent}").set_value(hours)
        at.text_input(key=f"lead_att_reason_{agent}").set_value(reason)
    if swaps is not None:
        at.number_input(key="lead_att_swaps").set_value(len(swaps)).run()
        for i, (sub, rep) in enumerate(swaps):
            at.text_input(key=f"lead_att_sub_{i}").set_value(sub)
            at.text_input(key=f"lead_att_rep_{i}").set_value(rep)
    return at.button(key="lead_att_submit").click().run()


def counts(at):
    return next(m.value for m in at.markdown if "应出勤" in m.value)


def summaries(floor, history=False):
    rows = stored(floor, "attendance", history)
    return rows[rows["工号"] == ""]


def test_the_filed_report_stays_in_the_form_and_a_correction_replaces_it(floor_dir):
    from lib.day.attendance_report import expected_agents
    from lib.floor.cache import load_floor
    expected = len(expected_agents(load_floor(floor_dir, settings()).schedule, "102", DAY))
    at = open_page("pages/lead.py", group="102")
    assert at.button(key="lead_att_submit").label == "提交考勤"
    at = fill_attendance(at, [("1203", "病假", 4.0, "发烧")], [("1102", "1201")])
    assert not errors(at)
    # the form shows what was filed, not the roster's default
    assert at.multiselect(key="lead_att_absent").value == ["1203"]
    assert (at.selectbox(key="lead_att_cat_1203").value, at.number_input(key="lead_att_hours_1203").value,
            at.text_input(key="lead_att_reason_1203").value) == ("病假", 4.0, "发烧")
    assert (at.number_input(key="lead_att_swaps").value, at.text_input(key="lead_att_sub_0").value,
            at.text_input(key="lead_att_rep_0").value) == (1, "1102", "1201")
    head = summaries(floor_dir).iloc[0]
    assert head["实到"] == expected - 1 and f"实到 **{expected - 1}** 人" in counts(at)
    assert any(unliteral(s.value).startswith("已提交 11:05（admin）") for s in at.success)
    assert at.button(key="lead_att_submit").label == "更正考勤"
    # a correction: 1203 on personal leave, and back the next minute nothing changed
    at.selectbox(key="lead_att_cat_1203").set_value("事假")
    at.text_input(key="lead_att_reason_1203").set_value("家中有事")
    at.button(key="lead_att_submit").click().run()
    rows = stored(floor_dir, "attendance")
    assert len(summaries(floor_dir)) == 1 and summaries(floor_dir).iloc[0]["更正记录"] == head["记录编号"]
    sick = rows[rows["工号"] == "1203"].iloc[0]
    assert (sick["类别"], sick["原因"], sick["扣分"], len(rows)) == ("事假", "家中有事", -0.5, 3)
    assert len(stored(floor_dir, "attendance", history=True)) == 3 + 2        # the two changed records corrected
    assert "已更正本组今天的考勤。" in [unliteral(s.value) for s in at.success]
    assert any(unliteral(s.value).startswith("已提交，11:05 已更正（admin）") for s in at.success)
    assert at.selectbox(key="lead_att_cat_1203").value == "事假"
    at.button(key="lead_att_submit").click().run()
    assert "与已提交的内容相同，没有需要更正的地方，未写入任何内容。" in [i.value for i in at.info]
    assert len(stored(floor_dir, "attendance", history=True)) == 5
    # 1203 came after all: still one current report, with the corrected count; 1203's row withdrawn
    at = fill_attendance(at, [])
    rows = stored(floor_dir, "attendance")
    assert len(summaries(floor_dir)) == 1 and summaries(floor_dir).iloc[0]["实到"] == expected
    assert rows["工号"].tolist() == ["", "1102"] and f"实到 **{expected}** 人" in counts(at)
    assert at.code[0].value.splitlines()[0].endswith(f"应出勤{expected}人，实到{expected}人。")


def test_another_group_shows_its_own_report_not_the_one_just_filed(floor_dir):
    at = fill_attendance(open_page("pages/lead.py", group="102"), [("1203", "病假", 4.0, "发烧")])
    # the second click of a double click: the same values, nothing to correct, nothing written
    at = fill_attendance(at, [("1203", "病假", 4.0, "发烧")])
    assert len(stored(floor_dir, "attendance", history=True)) == 2 and len(summaries(floor_dir)) == 1
    at.selectbox(key="lead_group").set_value("103").run()
    assert at.multiselect(key="lead_att_absent").value == [] and at.button(key="lead_att_submit").label == "提交考勤"
    at.selectbox(key="lead_group").set_value("102").run()
    assert at.multiselect(key="lead_att_absent").value == ["1203"]
