"""Lines the day and month rules write in Chinese (flag details, roster rule details, swap lines, the
resting mark),
and the same lines in the reader's language.

The rules store their detail as Chinese text (it goes to the floor's chat and the month's workbook as
it is); each is made from one template here (`detail.*`, zh), so `reword` can read a stored line back
into its fields and say it again in English. A line no template matches stays as it is.
"""
from __future__ import annotations

import re
from functools import lru_cache

import lib.i18n as catalogue   # read at call time: this module is itself merged into the catalogue

TEXTS = {
    "detail.low_rate": ("办理率 {rate} 低于组 {group_rate} 的 {ratio}",
                        "handle rate {rate}, below {ratio} of the group's {group_rate}"),
    "detail.low_volume": ("每小时数据量 {per_slot} 低于组人均每小时 {group_per_slot} 的 {ratio}",
                          "{per_slot} dials an hour, below {ratio} of the group's {group_per_slot} per agent-hour"),
    "detail.wrong_task": ("外呼项目「{project}」,应为「{expected}」,{start} 起",
                          "calling project “{project}”, should be “{expected}”, since {start}"),
    "detail.no_data": ("排班 {shift}({start} 起),截至 {time} 无报表数据",
                       "scheduled {shift} (from {start}), no report data by {time}"),
    "detail.both_rest": ("中心主任 {directors} 与资深组长 {seniors} 同日休息",
                         "director {directors} and senior lead {seniors} both rest"),
    "detail.no_duty": ("值班组长 0 人", "no duty lead"),
    "detail.many_duty": ("值班组长 {n} 人: {names}", "{n} duty leads: {names}"),
    # Shift codes the roster reader knows (lib/floor/load/roster.py SHIFTS), as a detail names them.
    "shift.全天": ("全天", "full day"), "shift.白班": ("白班", "day shift"), "shift.正常": ("正常", "regular"),
    "shift.上午": ("上午", "morning"), "shift.早": ("早", "early"), "shift.下午": ("下午", "afternoon"),
    "shift.晚": ("晚", "late"), "shift.值": ("值", "duty"), "shift.值班": ("值班", "duty"),
}
# The swap line as the workbench writes it (lib.day.attendance_report.SwapLine.text), in the words of
# the contradictions catalogue (ct.swap_for, ct.swap_help): 101组1234张三替102组4321李四上班,外呼新华手机报.
SWAP = re.compile(r"^(?P<sg>[^组]+)组(?P<sid>[0-9A-Za-z]+)(?P<sn>.*?)(?:替(?P<rg>[^组]+)组(?P<rid>[0-9A-Za-z]+)(?P<rn>.*?)"
                  r"|支援(?P<wg>[^组]+)组)上班,外呼(?P<p>.*)$")
RESTING = "（休）"   # lib.day.duty.lead_names marks a group whose leads all rest (dl.resting)


@lru_cache(maxsize=None)
def _pattern(key: str) -> re.Pattern:
    zh = catalogue.TEXTS[key][0]
    parts = re.split(r"\{(\w+)\}", zh)
    rx = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
    return re.compile(rx + r"\Z")


def reword(text: object, lang: str = "zh") -> str:
    """A stored Chinese detail line in the language (the line itself in Chinese or when unknown)."""
    s = "" if text is None else str(text)
    if lang != "en" or not s:
        return s
    if s.endswith(RESTING):
        return s[: -len(RESTING)] + catalogue.t("dl.resting", lang)
    if m := SWAP.match(s):
        who = f"{m['sid']}{m['sn']}"
        if m["rid"]:
            return catalogue.t("ct.swap_for", lang, group=m["sg"], who=who, rep=f"{m['rid']}{m['rn']}",
                               rep_group=m["rg"], project=m["p"])
        return catalogue.t("ct.swap_help", lang, group=m["sg"], who=who, work_group=m["wg"], project=m["p"])
    for key in TEXTS:
        if not key.startswith("detail."):
            continue
        m = _pattern(key).match(s)
        if m:
            values = m.groupdict()
            if "shift" in values and f"shift.{values['shift']}" in catalogue.TEXTS:
                values["shift"] = catalogue.t(f"shift.{values['shift']}", lang)
            return catalogue.t(key, lang, **values) if values else catalogue.t(key, lang)
    return s
