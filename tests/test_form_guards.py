"""Forms that do not let a mistake through (issue 16, part 6), on the demo center at 2026-11-25 11:05.

QA items bounded by their points; a duplicate callback or coaching record asked about before it is
saved (and never doubled by a second click); the attendance form, once filed, showing what was filed
with a correction that replaces the record. Flows are driven by widget keys; each reads the store back.
"""
from __future__ import annotations

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
