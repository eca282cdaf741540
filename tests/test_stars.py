"""Suggested star levels at every edge of [stars] (rate ratio, QA average, absence cap, days worked)."""
from __future__ import annotations

import pytest

from lib.config import ConfigError
from lib.month.review import star_reason, star_suggestion
from tests.conftest import make_settings

NAN = float("nan")


@pytest.fixture
def cfg():
    # the repo's bars: rate_ratio 0, .8, .95, 1.05, 1.2; qa_min 0, 70, 80, 85, 90; cap 2; 15 days
    return make_settings()


@pytest.mark.parametrize("ratio, level", [
    (0.0, 1), (0.7999, 1), (0.8, 2), (0.9499, 2), (0.95, 3), (1.0499, 3), (1.05, 4), (1.1999, 4), (1.2, 5),
    (0.95 - 1e-12, 3),   # a ratio that should be 95% but came out of float arithmetic a hair short
])
def test_rate_ratio_edges(cfg, ratio, level):
    assert star_suggestion(ratio, 95, 0, 20, cfg).level == level   # QA 95 never binds


@pytest.mark.parametrize("qa, level", [(69.99, 1), (70, 2), (79.9, 2), (80, 3), (84.99, 3), (85, 4), (89.99, 4),
                                       (90, 5), (100, 5)])
def test_qa_edges(cfg, qa, level):
    assert star_suggestion(1.5, qa, 0, 20, cfg).level == level     # ratio 1.5 never binds


def test_the_lower_criterion_decides(cfg):
    s = star_suggestion(1.2, 80, 0, 20, cfg)      # rate 5★, QA 3★
    assert (s.level, s.rate_level, s.qa_level) == (3, 5, 3)
    assert star_reason(s) == "办理率为所做项目中心水平的 120%（5★）；质检均分 80.0（3★） → 3★"


def test_an_absence_caps_the_level(cfg):
    s = star_suggestion(1.2, 90, 1, 20, cfg)
    assert (s.level, s.cap) == (2, 2)
    assert star_reason(s, "en").endswith("; 1 absence(s) cap the level at 2★ → 2★")
    low = star_suggestion(0.5, 90, 3, 20, cfg)    # already at 1★: the cap does not apply, nor is it said
    assert (low.level, low.cap) == (1, None) and "旷工" not in star_reason(low)
    at_cap = star_suggestion(0.8, 90, 1, 20, cfg)  # exactly at the cap
    assert (at_cap.level, at_cap.cap) == (2, None)


def test_minimum_days_worked(cfg):
    assert star_suggestion(1.5, 95, 0, 15, cfg).level == 5
    few = star_suggestion(1.5, 95, 0, 14, cfg)
    assert few.level is None and star_reason(few) == "本月出勤 14 天，少于 15 天：暂不建议"


def test_one_star_is_the_floor(cfg):
    assert star_suggestion(0.1, 10, 0, 20, cfg).level == 1   # passed probation: the manager decides more


def test_without_qa(cfg):
    s = star_suggestion(1.05, NAN, 0, 20, cfg)     # "ignore": the rate alone → 4★
    assert s.level == 4 and star_reason(s) == "办理率为所做项目中心水平的 105%（4★）；本月无质检评分，不计质检 → 4★"
    lowest = make_settings(stars={"without_qa": "lowest"})
    assert star_suggestion(1.05, NAN, 0, 20, lowest).level == 1


def test_bars_come_from_config():
    strict = make_settings(stars={"rate_ratio": [0, 1, 1.1, 1.2, 1.3], "absence_cap": 1, "min_days": 5})
    assert star_suggestion(1.05, 95, 0, 5, strict).level == 2
    assert star_suggestion(1.35, 95, 1, 5, strict).level == 1
    with pytest.raises(ConfigError, match="five bars"):
        make_settings(stars={"qa_min": [0, 70]})
