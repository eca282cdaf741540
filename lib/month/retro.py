"""The month-end 复盘 of a group: goal 目标, what happened 过程, result 结果 (from the data: the month's
figures against the target), causes 原因, lessons 经验, next month's goal 下月目标.

One record per group and month: a second save is a correction of the first. Pure functions over
goals.month_completion's rows and the store's 月度复盘 frame; no I/O, no Streamlit.
"""
from __future__ import annotations

import pandas as pd

from lib.i18n import FieldProblems
from lib.i18n import t
from lib.i18n.formats import count, missing, rate as pct

FIELDS = {"goal": "目标", "process": "过程", "causes": "原因", "lessons": "经验", "next_goal": "下月目标"}
COLUMNS = ["月份", "组别", "目标", "过程", "结果", "原因", "经验", "下月目标", "提交人", "提交时间"]


def goal_text(line: pd.Series | dict | None, lang: str = "zh") -> str:
    """The month's goal as the figures set it, to start the 目标 field from ('' without a target)."""
    if line is None or missing(line.get("target")):
        return ""
    text = t("mr.goal", lang, target=count(line["target"]))
    if not missing(line.get("target_rate")):
        text += t("mr.goal_rate", lang, rate=pct(line["target_rate"]))
    return text


def result_text(line: pd.Series | dict | None, lang: str = "zh") -> str:
    """结果 from the data: handled against the target with the completion, the rate against the target rate."""
    if line is None:
        return t("mr.no_data", lang)
    if not missing(line.get("target")):
        text = t("mr.result", lang, handled=count(line["handled"]), target=count(line["target"]),
                 completion=pct(line.get("completion")))
    else:
        text = t("mr.result_no_target", lang, handled=count(line["handled"]))
    if not missing(line.get("rate")):
        rate = pct(line["rate"])
        text += (t("mr.rate_vs", lang, rate=rate, target=pct(line["target_rate"])) if not missing(line.get("target_rate"))
                 else t("mr.rate", lang, rate=rate))
    return text


def check_review(values: dict[str, str]) -> FieldProblems:
    """FieldProblems of a 复盘: every field a person writes is required (结果 comes from the data)."""
    return {key: ("mr.err.required", {}) for key in FIELDS if not str(values.get(key, "") or "").strip()}


def review_row(month: str, group: str, values: dict[str, str], result: str) -> dict[str, str]:
    """A 月度复盘 row with the columns of DATA.md."""
    row = {"月份": month, "组别": str(group), "结果": result}
    return row | {col: str(values.get(key, "") or "").strip() for key, col in FIELDS.items()}


def current_record(reviews: pd.DataFrame, group: str) -> pd.Series | None:
    """The group's latest 复盘 of the month (the one a new save corrects), None when there is none."""
    mine = reviews[reviews["组别"] == str(group)] if len(reviews) else reviews
    return None if mine.empty else mine.iloc[-1]


def reviews_table(reviews: pd.DataFrame) -> pd.DataFrame:
    """The month's 复盘 records by group, for the review (record bookkeeping dropped)."""
    if reviews.empty:
        return pd.DataFrame({c: pd.Series([], dtype="str") for c in COLUMNS})
    from lib.floor.metrics import id_sort_key
    out = reviews.sort_values("组别", key=id_sort_key, kind="mergesort")
    return out[COLUMNS].reset_index(drop=True)
