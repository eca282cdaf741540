"""The benchmark's month in two real export forms (issue 15), the same agents and figures as bench/center.py:

- **VICIdial**: one "Agent Performance Detail" CSV per hourly download, written as
  AST_agent_performance_detail.php writes it (title lines with the time range, a blank line, the
  AGENTS Details line, the header with one column per status, `H:MM:SS` times, the TOTALS row), named
  after the download time: 31 days × 8 hours = 248 files of 600 agents.
- **Half-hour xlsx**: one workbook a day of a Chinese platform's 时段 export, every cell text: 16
  half-hour slots per agent (`09:00:00-09:30:00`), ids as `10101 [王伟]`, a 汇总 row after each
  agent's block, a 总计 row at the end, `-` for a figure the platform left empty.

Roster and project list are bench/center.py's. The center maps VICIdial's CALLS and SALE itself
(`[aliases]`, as tests/test_contract_vicidial.py does): they mean different things in different centers.
"""
from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from openpyxl import Workbook

from .center import SLOTS, _save, agents, report_rows, write_projects, write_schedule

VICI_HEADER = ["USER NAME", "ID", "CURRENT USER GROUP", "MOST RECENT USER GROUP", "CALLS", "TIME", "PAUSE",
               "PAUSAVG", "WAIT", "WAITAVG", "TALK", "TALKAVG", "DISPO", "DISPAVG", "DEAD", "DEADAVG",
               "CUSTOMER", "CUSTAVG", "SALE", "NI", "NA", "CALLBK", "DNC"]
VICI_ALIASES = '[aliases]\nvolume = ["CALLS"]\nhandled = ["SALE"]\n'
HALF_HEADER = ["统计日期", "时段", "坐席号", "技能组", "呼叫总数", "外呼接通数", "成功数", "通话总时长"]


def hms(sec: int) -> str:
    return f"{sec // 3600}:{sec % 3600 // 60:02d}:{sec % 60:02d}"


def _seconds(t: str) -> int:
    h, m, s = (int(x) for x in t.split(":"))
    return h * 3600 + m * 60 + s


def vicidial_text(day: dt.date, s: int, rows: list[list]) -> str:
    """The CSV of slot `s` of a day, downloaded five minutes after the hour ended."""
    h0, h1 = SLOTS[s]
    now = dt.datetime(day.year, day.month, day.day, h1, 5, 3)
    q = lambda cells: ",".join(f'"{c}"' for c in cells)   # noqa: E731 (PHP's "\"$x\"," concatenation)
    lines = [f'"Agent Performance Detail                        {now:%Y-%m-%d %H:%M:%S}"',
             f'"Time range: {day} {h0:02d}:00:00 to {day} {h0:02d}:59:59"', "",
             '"---------- AGENTS Details -------------"', q(VICI_HEADER)]
    calls_sum = sale_sum = talk_sum = 0
    for _, _, a, name, _, _, calls, connected, sale, _, talk_text in rows:
        talk = _seconds(talk_text)
        group = a[:3]
        ni, na = max(0, connected - sale), calls - connected
        time, pause, wait, dispo, dead = talk + 900 + 30 * calls, 600, 300, 25 * calls, 40
        lines.append(q([name, a, group, group, calls, hms(time), hms(pause), hms(pause // calls), hms(wait),
                        hms(wait // calls), hms(talk), hms(talk // calls), hms(dispo), hms(dispo // calls),
                        hms(dead), hms(dead // calls), hms(max(0, talk - dead)), hms(max(0, talk - dead) // calls),
                        sale, ni, na, 0, 0]))
        calls_sum, sale_sum, talk_sum = calls_sum + calls, sale_sum + sale, talk_sum + talk
    lines.append(q(["", "", "TOTALS", f"AGENTS:{len(rows)}", calls_sum, "", "", "", "", "", hms(talk_sum), "",
                    "", "", "", "", "", "", sale_sum, "", "", "", ""]))
    return "\n".join(lines) + "\n"


def write_vicidial_day(folder: Path, day: dt.date, seed: int) -> int:
    """The day's eight hourly downloads; returns how many agent rows they hold."""
    rows = report_rows(day, len(SLOTS), seed)
    per = len(rows) // len(SLOTS)
    for s in range(len(SLOTS)):
        stamp = dt.datetime(day.year, day.month, day.day, SLOTS[s][1], 5, 3)
        path = folder / f"AGENT_PERFORMACE_DETAIL_{stamp:%Y%m%d-%H%M%S}.csv"
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(vicidial_text(day, s, rows[s * per:(s + 1) * per]), encoding="utf-8", newline="")
        os.replace(tmp, path)
    return len(rows)


def half_hour_rows(day: dt.date, seed: int) -> list[list[str]]:
    """The 时段 export's rows of a day: each hour of bench/center.py split into two halves, by agent."""
    rows = report_rows(day, len(SLOTS), seed)
    per = len(rows) // len(SLOTS)
    rng = np.random.default_rng([seed, day.toordinal(), 30])
    out: list[list[str]] = [[f"坐席时段报表 {day}"], HALF_HEADER]
    grand = [0, 0, 0, 0]
    for i, (a, name, g) in enumerate(agents(seed)):
        block = [0, 0, 0, 0]
        for s, (h0, _) in enumerate(SLOTS):
            _, _, _, _, _, _, vol, con, hd, _, talk_text = rows[s * per + i]
            talk = _seconds(talk_text)
            v1 = vol // 2
            c1, d1, t1 = min(con, v1), min(hd, v1, con), talk // 2
            for m0, v, c, d, t in ((0, v1, c1, d1, t1), (30, vol - v1, con - c1, hd - d1, talk - t1)):
                empty = rng.random() < 0.02   # the platform leaves a figure empty now and then
                out.append([str(day), f"{h0:02d}:{m0:02d}:00-{h0 + (m0 == 30):02d}:{(m0 + 30) % 60:02d}:00",
                            f"{a} [{name}]", g, str(v), "-" if empty else str(c), str(d), hms(t)])
                block = [block[0] + v, block[1] + (0 if empty else c), block[2] + d, block[3] + t]
        out.append([str(day), "汇总", f"{a} [{name}]", g, *map(str, block[:3]), hms(block[3])])
        grand = [x + y for x, y in zip(grand, block)]
    out.append(["总计", "", "", "", *map(str, grand[:3]), hms(grand[3])])
    return out


def write_half_hour_day(folder: Path, day: dt.date, seed: int) -> int:
    """The day's 时段 workbook (every cell text); returns how many agent-slot rows it holds."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("坐席时段报表")
    rows = half_hour_rows(day, seed)
    for r in rows:
        ws.append(r)
    _save(wb, folder / f"坐席时段报表_{day}.xlsx")
    return sum(1 for r in rows if len(r) > 1 and r[1].endswith(":00"))


def _write(form: str, folder: Path, day: dt.date, seed: int) -> int:
    return (write_vicidial_day if form == "vicidial" else write_half_hour_day)(folder, day, seed)


def write_export_month(out: Path, form: str, today: dt.date, days: int, seed: int = 8, workers: int = 2) -> Path:
    """schedule.xlsx, projects.xlsx and the month's reports in `form` ("vicidial" or "half_hour")."""
    out = Path(out)
    (out / "reports").mkdir(parents=True, exist_ok=True)
    write_schedule(out / "schedule.xlsx", today.year, today.month, seed)
    write_projects(out / "projects.xlsx", today.year, today.month)
    day_list = [today - dt.timedelta(days=k) for k in range(days)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(_write, [form] * days, [out / "reports"] * days, day_list, [seed] * days))
    return out
