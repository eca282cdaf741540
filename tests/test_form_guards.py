"""Forms that do not let a mistake through (issue 16, part 6), on the demo center at 2026-11-25 11:05.

QA items bounded by their points; a duplicate callback or coaching record asked about before it is
saved (and never doubled by a second click); the attendance form, once filed, showing what was filed
with a correction that replaces the record. Flows are driven by widget keys; each reads the store back.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest

from lib.config import settings
from lib.quality.qa import qa_total, scorecard
from lib.store import open_store
from lib.ui.safe import unliteral
from tests.conftest import open_page

DAY = "2026-11-25"


@pytest.fixture
def floor_dir(private_demo):
    return private_demo


def stored(floor, name, history=False):
    return open_store(settings(), floor).read_day(name, DAY, history=history)


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
