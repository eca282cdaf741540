"""Issue 15 item 9: a group listed with two projects on one day (morning and afternoon): both are the
group's task for the wrong-task flag, and the check says so (info), naming the rows."""
from __future__ import annotations

import datetime as dt

from lib.day.flags import flags_at
from lib.floor.cache import load_floor
from tests.conftest import make_settings


def test_two_projects_of_a_group_are_both_its_task(tmp_path):
    (tmp_path / "reports").mkdir()
    (tmp_path / "schedule.csv").write_text(
        "日期,工号,姓名,组别,班次\n2026-11-24,1001,张三,101,A\n2026-11-24,1002,李四,101,A\n"
        "2026-11-24,2001,王五,102,A\n", encoding="utf-8")
    (tmp_path / "projects.csv").write_text(
        "日期,组别,项目\n"
        "2026-11-24,101,新华手机报\n"      # row 2: the morning
        "2026-11-24,101,宽带续约\n"        # row 3: the afternoon
        "2026-11-24,102,宽带续约\n"        # row 4
        "2026-11-25,101,新华手机报\n", encoding="utf-8")
    (tmp_path / "reports" / "2026-11-24.csv").write_text(
        "时段,工号,项目,数据量,办理量\n"
        "9,1001,新华手机报,20,2\n14,1001,宽带续约,20,2\n"
        "9,1002,流量包,20,2\n14,2001,宽带续约,20,2\n", encoding="utf-8")
    cfg = make_settings()
    f = load_floor(tmp_path, cfg)
    info = f.problems[f.problems["message"].str.contains("个项目")]
    assert len(info) == 1
    p = info.iloc[0]
    assert (p["file"], int(p["row"]), p["severity"]) == ("projects.csv", 2, "info")
    assert p["message"] == ("组别 101 在 2026-11-24 有 2 个项目（第 2、3 行：新华手机报、宽带续约）："
                            "都算作本组的任务，外呼其中任何一个都不标记为项目错误")
    assert "rows 2, 3" in p["message_en"]
    flags = flags_at(f.reports, f.schedule, f.projects, dt.date(2026, 11, 24), 17 * 60, cfg)
    wrong = flags[flags["kind"] == "wrong_task"]
    assert wrong["agent_id"].tolist() == ["1002"]
    assert "应为「新华手机报/宽带续约」" in wrong["detail"].iloc[0]
