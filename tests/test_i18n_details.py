"""The rules' stored Chinese detail lines, said again in English (lib/i18n/details.py)."""
import pytest

from lib.i18n import t
from lib.i18n.details import reword


@pytest.mark.parametrize("key, values, english", [
    ("detail.low_rate", {"rate": "2.10%", "group_rate": "6.60%", "ratio": "70%"},
     "handle rate 2.10%, below 70% of the group's 6.60%"),
    ("detail.wrong_task", {"project": "手机阅读", "expected": "新华手机报", "start": "10:00"},
     "calling project “手机阅读”, should be “新华手机报”, since 10:00"),
    ("detail.no_data", {"shift": "全天", "start": "09:00", "time": "11:05"},
     "scheduled full day (from 09:00), no report data by 11:05"),
    ("detail.both_rest", {"directors": "宋颖佳", "seniors": "徐华伟"}, "director 宋颖佳 and senior lead 徐华伟 both rest"),
    ("detail.no_duty", {}, "no duty lead"),
    ("detail.many_duty", {"n": 2, "names": "彭晨、尹慧"}, "2 duty leads: 彭晨、尹慧"),
])
def test_a_stored_line_reads_in_english(key, values, english):
    stored = t(key, "zh", **values)
    assert reword(stored, "en") == english
    assert reword(stored, "zh") == stored


def test_the_resting_mark_and_unknown_lines():
    assert reword("彭晨（休）", "en") == "彭晨 (resting)"
    assert reword("备注随便写", "en") == "备注随便写"
    assert reword(None, "en") == ""
