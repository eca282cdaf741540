"""config.toml (or the file named by DASHBOARD_CONFIG), read once into typed settings.

One frozen dataclass per table of the file, reached as `settings.<table>.<key>` with the TOML
names: `settings.day.start`, `settings.wall.rows_per_page`, `settings.qa.scorecard.items`. The
defaults are the dataclass fields' and nowhere else. Times stay "HH:MM" text as in the file and
each also comes in minutes (`settings.day.start_minute`). Loading checks the file: an unknown table
or key, or a value of the wrong type, raises one ConfigError naming the file and the key in Chinese
and English; the app and the CLI stop with it.
"""
from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass, replace
from functools import lru_cache
from pathlib import Path
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

ROOT = Path(__file__).resolve().parent.parent


class ConfigError(ValueError):
    """A config file the app cannot run with: every problem found, each naming the file and the key
    in Chinese and English (`config.toml: [wall] rows_per_pag — 未知的设置项 / unknown setting …`)."""

    def __init__(self, file: str, problems: list[tuple[str, str]]):
        self.file = file
        self.keys = [key for key, _ in problems]        # dotted, e.g. "wall.rows_per_pag"
        self.problems = [text for _, text in problems]
        super().__init__("\n".join(f"{file}: {text}" for text in self.problems))


def _minutes(hhmm: str) -> int:
    h, m = hhmm.strip().split(":")
    return int(h) * 60 + int(m)


def _in_minutes(name: str) -> property:
    """A read-only property: the time field `name` ("HH:MM") as minutes after midnight."""
    return property(lambda self: _minutes(getattr(self, name)), doc=f"{name} in minutes after midnight")


def _time(default: str) -> Any:
    """A field holding a clock time "HH:MM" (checked at load)."""
    return field(default=default, metadata={"check": "time"})


def _times(*default: str) -> Any:
    """A field holding a list of clock times "HH:MM"."""
    return field(default=tuple(default), metadata={"check": "time"})


def _table(default: dict) -> Any:
    """A free-form table (any keys) with a default."""
    return field(default_factory=lambda: dict(default))


# ---------------------------------------------------------------- the tables of config.toml

@dataclass(frozen=True)
class FloorConfig:
    """[floor]: the floor's time zone ("today" and "now" are the floor's) and a fixed clock for rehearsal."""

    timezone: str = field(default="Asia/Shanghai", metadata={"check": "timezone"})
    now: str = field(default="", metadata={"check": "moment"})    # "" = the real clock


@dataclass(frozen=True)
class GSheetsConfig:
    """[source.gsheets]: one spreadsheet key or URL per table, the service account, the refresh period.

    Input tables (schedule, projects, reports) may list several spreadsheets; a write-back table
    (qa, attendance, …, the keys of lib.store.TABLES) without its own spreadsheet goes to `records`."""

    refresh_seconds: float = 60.0
    credentials_file: str = ""
    schedule: str | tuple[str, ...] = ""
    projects: str | tuple[str, ...] = ""
    reports: str | tuple[str, ...] = ""
    records: str = ""
    qa: str = ""
    attendance: str = ""
    duty_log: str = ""
    monitoring: str = ""
    ratings: str = ""
    coaching: str = ""
    callbacks: str = ""
    minutes: str = ""
    month_review: str = ""
    broadcast_log: str = ""
    month_stars: str = ""

    def inputs(self, table: str) -> tuple[str, ...]:
        """The spreadsheets of an input table (schedule, projects, reports), empty ones left out."""
        keys = getattr(self, table)
        return tuple(k for k in ((keys,) if isinstance(keys, str) else keys) if k.strip())

    def records_of(self, table: str) -> str:
        """The spreadsheet of a write-back table: its own, else `records` ("" when neither is set)."""
        return (str(getattr(self, table, "") or "").strip() or self.records).strip()


@dataclass(frozen=True)
class FTPUploadConfig:
    """[source.ftp.upload]: where the center's documents are uploaded (folders under [source.ftp] root)
    and their file names. `{group}`, `{year}`, `{month}` (no leading zero, as in 11月), `{date}`
    (YYYY-MM-DD) are filled in. An existing name is never replaced: the upload is named `_2`, `_3` …"""

    results_dir: str = "X小组文件夹/{group}/"
    results_name: str = "{group}_{date}_小组成绩.xlsx"
    qa_dir: str = "X小组文件夹/{group}/"
    qa_name: str = "{group}_{date}_质检表.xlsx"
    duty_log_dir: str = "L联络单/{year}/{month}月/"
    duty_log_name: str = "{date}_值班日志.xlsx"
    contact_sheet_dir: str = "L联络单/{year}/{month}月/"
    contact_sheet_name: str = "{date}_联络单.xlsx"


@dataclass(frozen=True)
class FTPConfig:
    """[source.ftp]: the center's FTP server (or FTPS with `tls`), its input folders and how often it is listed.

    `user`/`password` may come from Streamlit secrets ([ftp]) instead. `schedule_dir` and
    `projects_dir` "" = the root, files recognised by name as in a local folder; a folder of its own
    holds only that table. Everything under `reports_dir` is a report."""

    host: str = ""
    port: int = 21
    user: str = ""                        # "" = anonymous
    password: str = ""
    root: str = ""                        # "" = the folder the account logs in to
    passive: bool = True
    tls: bool = False                     # FTPS (explicit, ftplib.FTP_TLS)
    # With tls: "" encrypts without checking who the server is (a floor's server usually has a
    # certificate of its own making, which no public authority signed); a PEM file (the server's own
    # certificate, or the center's CA) makes the connection check the certificate and the host name.
    tls_ca_file: str = ""
    encoding: Literal["utf-8", "gbk"] = "utf-8"   # of file names: "gbk" for Chinese Windows servers
    timeout_seconds: float = 10.0
    refresh_seconds: float = 30.0         # the server is listed at most this often
    schedule_dir: str = ""
    projects_dir: str = ""
    reports_dir: str = "reports"
    upload: FTPUploadConfig = field(default_factory=FTPUploadConfig)


@dataclass(frozen=True)
class SourceConfig:
    """[source]: where the data lives (paths relative to the config file) and the demo's folder."""

    kind: Literal["xlsx", "gsheets", "ftp"] = "xlsx"
    path: str = ""                        # "" = no data source: the demo center
    demo_path: str = ".teamboard/demo"
    cache_dir: str = ".teamboard/cache"   # each input file's parse, kept on disk (lib/floor/disk.py); "" = none
    read_threads: int = 1                 # new files read at once (a cold start): lib/floor/cache._parse_all
    gsheets: GSheetsConfig = field(default_factory=GSheetsConfig)
    ftp: FTPConfig = field(default_factory=FTPConfig)

    def _problems(self) -> list[tuple[str, str, str]]:
        if not 1 <= self.read_threads <= 16:
            return [("read_threads", "应为 1 到 16", "must be 1 to 16")]
        return []


CENTER_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,15}")   # short and URL-safe: ?center=bj


@dataclass(frozen=True)
class CenterConfig:
    """[[center]]: one center of several on this server: its id (?center=, `--center`, the users
    file's `center`), its display name, and its own data source (the keys of [source] with the same
    meaning; records live in <path>/records, or in its own Google Sheets). [source] demo_path and
    cache_dir stay the server's."""

    id: str = ""
    name: str = ""
    kind: Literal["xlsx", "gsheets", "ftp"] = "xlsx"
    path: str = ""
    gsheets: GSheetsConfig = field(default_factory=GSheetsConfig)
    ftp: FTPConfig = field(default_factory=FTPConfig)

    def _problems(self) -> list[tuple[str, str, str]]:
        out = []
        if not CENTER_ID.fullmatch(self.id):
            out.append(("id", "应为 1–16 个小写字母、数字、- 或 _，如 \"bj\"（必填）",
                        'must be 1–16 lower-case letters, digits, - or _, e.g. "bj" (required)'))
        if not self.name.strip():
            out.append(("name", "需要设置（显示的名称，如 \"北京中心\"）", 'is required (the name shown, e.g. "北京中心")'))
        if not self.path.strip():   # never the demo for a center: its records would go nowhere real
            out.append(("path", "需要设置（该中心的数据文件夹）", "is required (the center's data folder)"))
        if self.kind == "ftp" and not self.ftp.host.strip():
            out.append(("kind", "kind = \"ftp\" 需要 [center.ftp] host", 'kind = "ftp" needs [center.ftp] host'))
        return out


def _centers_problems(centers: tuple[CenterConfig, ...], base: Path) -> list[tuple[int, str, str, str]]:
    """Rules across the [[center]] tables: (index, key, zh, en) for a repeated id or data folder, or
    two FTP centers on one server (they would share one local copy, lib/floor/sources/ftp.py)."""
    out, ids, paths, hosts = [], {}, {}, {}
    for i, c in enumerate(centers):
        if c.id and c.id in ids:
            out.append((i, "id", f"与第 {ids[c.id] + 1} 个中心重复", f"repeats center #{ids[c.id] + 1}'s"))
        ids.setdefault(c.id, i)
        where = _resolve(base, c.path).resolve() if c.path.strip() else None
        if where is not None and where in paths:
            out.append((i, "path", f"与第 {paths[where] + 1} 个中心的数据文件夹相同（记录会混在一起）",
                        f"is center #{paths[where] + 1}'s data folder too (their records would mix)"))
        if where is not None:
            paths.setdefault(where, i)
        if c.kind == "ftp":
            server = (c.ftp.host.strip(), c.ftp.port)
            if server in hosts:
                out.append((i, "ftp", f"与第 {hosts[server] + 1} 个中心是同一台 FTP 服务器",
                            f"is center #{hosts[server] + 1}'s FTP server too"))
            hosts.setdefault(server, i)
    return out


@dataclass(frozen=True)
class ReportsConfig:
    """[reports]: running-total exports; how far down to look for the header row."""

    cumulative: bool = False
    header_scan_rows: int = 30
    # How a date such as 03/04/2026 reads when both parts could be the month: "mdy" (US), "dmy"
    # (day first), "ymd"; "" leaves such a date an error naming its cell. 11/24/2026 and 24/11/2026
    # read alone.
    date_order: Literal["", "ymd", "mdy", "dmy"] = ""


@dataclass(frozen=True)
class RankingConfig:
    """[ranking]: agents below their bar are listed after the ranked ones, without a rank.

    The bar is max(min_volume, min_volume_per_hour x the hours the agent has worked so far), so an
    agent who started late is ranked once they reach the bar for their own hours (0 = min_volume alone)."""

    min_volume: float = 10.0
    min_volume_per_hour: float = 0.0

    def _problems(self) -> list[tuple[str, str, str]]:
        return [(k, "不能为负数", "must not be negative") for k in ("min_volume", "min_volume_per_hour")
                if getattr(self, k) < 0]


@dataclass(frozen=True)
class FlagsConfig:
    """[flags]: the thresholds of low_rate and low_volume."""

    low_rate_ratio: float = 0.7
    low_rate_min_volume: float = 30.0
    low_volume_ratio: float = 0.5
    low_volume_min_hours: int = 2


@dataclass(frozen=True)
class AttendanceConfig:
    """[attendance]: points per record (病假, 事假, 旷工)."""

    sick: float = -0.3
    personal: float = -0.5
    absent: float = -2.0

    @property
    def deductions(self) -> dict[str, float]:
        """Points per attendance record by category (病假/事假/旷工)."""
        return {"病假": self.sick, "事假": self.personal, "旷工": self.absent}


@dataclass(frozen=True)
class NoticesConfig:
    """[notices]: the floor's start/stop notices, times[i] of kinds[i]."""

    times: tuple[str, ...] = _times("09:00", "12:00", "13:30", "18:00")
    kinds: tuple[Literal["start", "stop"], ...] = ("start", "stop", "start", "stop")

    @property
    def pairs(self) -> list[tuple[str, str]]:
        """(time, kind) pairs, kind 'start' or 'stop'."""
        return list(zip(self.times, self.kinds))

    @property
    def minutes(self) -> tuple[int, ...]:
        return tuple(_minutes(t) for t in self.times)

    def _problems(self) -> list[tuple[str, str, str]]:
        if len(self.times) != len(self.kinds):
            return [("kinds", "应与 times 一样多", "needs as many entries as times")]
        return []


# What each chat robot takes: (messages a minute, bytes a text message). WeCom: "最长不超过2048个字节",
# "不能超过20条/分钟"; DingTalk: 20 a minute (errcode 130101), a text of up to 20,000 bytes; Feishu/Lark
# custom bot: 100 a minute, a request body of at most 20 KB (lib/out/robots.py cites the pages).
ROBOT_LIMITS = {"wecom": (20, 2048), "dingtalk": (20, 20000), "feishu": (100, 18000)}


@dataclass(frozen=True)
class BroadcastConfig:
    """[broadcast]: the ranking broadcasts' times and the group-chat robot with its retries."""

    times: tuple[str, ...] = _times("11:00", "15:00", "17:00")
    # The chat robot (lib/out/robots.py): "wecom" 企业微信, "dingtalk" 钉钉, "feishu" 飞书/Lark. Its webhook
    # may come from Streamlit secrets instead ([broadcast] webhook_url in .streamlit/secrets.toml); the
    # signing secret only from there, $TEAMBOARD_WEBHOOK_SECRET or the file secret_file names (outside
    # the repository). keyword: the robot's 自定义关键词, put into every message that lacks it.
    robot: str = "wecom"
    webhook_url: str = ""
    secret_file: str = ""
    keyword: str = ""
    per_minute: int = 20     # messages a minute at most (WeCom and DingTalk take 20, Feishu 100)
    attempts: int = 3
    backoff_seconds: float = 2.0
    timeout_seconds: float = 10.0
    max_message_bytes: int = 2048
    # The agents listed: the best top_n and the last bottom_n of the ranked (top_n = 0: every ranked
    # agent); the ones between are left out with a line saying so, so a floor of 50 fits one message.
    top_n: int = 10
    bottom_n: int = 5
    # `python -m lib.cli scheduler` posts the rankings and the notices at their times when auto is on
    # (lib/day/autopost.py): within on_time_minutes of the time as they are; a time missed while it was
    # down is posted late with a note (missed = "late", while at most late_within_minutes old) or only
    # recorded as missed (missed = "report"); a failed post is tried again after retry_minutes.
    auto: bool = False
    missed: str = "late"
    on_time_minutes: int = 5
    late_within_minutes: int = 60
    retry_minutes: int = 5
    poll_seconds: float = 20.0
    chat_lang: str = "zh"    # the language of what the scheduler posts

    @property
    def minutes(self) -> tuple[int, ...]:
        return tuple(_minutes(t) for t in self.times)

    def _problems(self) -> list[tuple[str, str, str]]:
        out = [(k, "不能为负数", "must not be negative") for k in ("top_n", "bottom_n", "on_time_minutes",
                                                                 "late_within_minutes", "retry_minutes") if getattr(self, k) < 0]
        if self.missed not in ("late", "report"):
            out.append(("missed", "应为 \"late\" 或 \"report\"", 'must be "late" or "report"'))
        if self.chat_lang not in ("zh", "en"):
            out.append(("chat_lang", "应为 \"zh\" 或 \"en\"", 'must be "zh" or "en"'))
        if self.poll_seconds <= 0:
            out.append(("poll_seconds", "应大于 0", "must be above 0"))
        if self.max_message_bytes < 256:   # a line of the broadcast must fit one message
            out.append(("max_message_bytes", "至少为 256", "must be at least 256"))
        if self.robot not in ROBOT_LIMITS:
            out.append(("robot", '应为 "wecom"、"dingtalk" 或 "feishu"', 'must be "wecom", "dingtalk" or "feishu"'))
            return out
        most_a_minute, most_bytes = ROBOT_LIMITS[self.robot]
        if not 1 <= self.per_minute <= most_a_minute:
            out.append(("per_minute", f"应在 1 到 {most_a_minute} 之间（{self.robot} 每分钟最多收 {most_a_minute} 条）",
                        f"must be 1 to {most_a_minute} ({self.robot} takes at most {most_a_minute} a minute)"))
        if self.max_message_bytes > most_bytes:
            out.append(("max_message_bytes", f"{self.robot} 一条消息最多 {most_bytes} 字节",
                        f"{self.robot} takes at most {most_bytes} bytes a message"))
        if "\n" in self.keyword:
            out.append(("keyword", "应为一行文字", "must be one line"))
        if self.secret_file.strip():
            p = Path(os.path.expanduser(self.secret_file.strip()))
            if not p.is_absolute():
                out.append(("secret_file", "应为仓库之外文件的绝对路径", "must be the absolute path of a file outside the repository"))
            elif p.resolve().is_relative_to(ROOT):
                out.append(("secret_file", "不能放在仓库内（密钥不得提交）", "must not be inside the repository (a secret is never committed)"))
        return out


@dataclass(frozen=True)
class DutyConfig:
    """[duty]: when every group's attendance and every agent's scored recording are due."""

    attendance_due: str = _time("08:50")
    qa_due: str = _time("17:00")
    # The duty log of a period is due once the period is over ([day] morning_end, end) and its
    # averages exist; it turns red this many minutes later.
    duty_log_grace_minutes: int = 30
    # From this time a group's reported 实到 is compared with its agents that have dialer volume.
    present_check_after: str = _time("09:30")

    attendance_due_minute = _in_minutes("attendance_due")
    qa_due_minute = _in_minutes("qa_due")
    present_check_after_minute = _in_minutes("present_check_after")


@dataclass(frozen=True)
class DayConfig:
    """[day]: the working day; morning = slots ending by morning_end; afternoon shifts start at afternoon_start."""

    start: str = _time("09:00")
    morning_end: str = _time("12:00")
    afternoon_start: str = _time("13:30")
    end: str = _time("18:00")

    start_minute = _in_minutes("start")
    morning_end_minute = _in_minutes("morning_end")
    afternoon_start_minute = _in_minutes("afternoon_start")
    end_minute = _in_minutes("end")


@dataclass(frozen=True)
class WallConfig:
    """[wall]: refresh, the stale-data warning, the floor mark (share of the group's rate), paging."""

    refresh_seconds: int = 60
    stale_minutes: float = 75.0
    floor_ratio: float = 0.7
    page_seconds: int = 15
    rows_per_page: int = 18
    groups_per_page: int = 10
    # Birthdays (the roster's 生日) are private: the public wall names today's only when this is true.
    birthdays: bool = False


@dataclass(frozen=True)
class ScorecardConfig:
    """[qa.scorecard]: each item with its maximum points; a marked red-line item sets the total to 0."""

    red_lines: tuple[str, ...] = ("违规承诺", "辱骂客户")
    items: dict[str, float] = _table({"开场规范": 10.0, "需求挖掘": 20.0, "业务讲解": 25.0, "异议处理": 20.0,
                                      "服务态度": 15.0, "结束规范": 10.0})

    def _problems(self) -> list[tuple[str, str, str]]:
        return [] if self.items else [("items", "至少要有一项", "needs at least one item")]


@dataclass(frozen=True)
class QAConfig:
    """[qa]: recordings to score per agent per day, the lead's own calls, the scorecard."""

    lead_own_calls: int = 10
    per_agent_per_day: int = 1
    scorecard: ScorecardConfig = field(default_factory=ScorecardConfig)


@dataclass(frozen=True)
class LeadConfig:
    """[lead]: the workbench's colours, leave hours, swap lines, agent history days, top movers."""

    colour_low_ratio: float = 0.7
    colour_high_ratio: float = 1.2
    leave_hours: float = 8.0
    max_swaps: int = 5
    agent_days: int = 30
    top_movers: int = 3


RATER_ROLES = ("部门经理", "中心主任", "员工")   # [senior_lead] rater_weights: exactly these


@dataclass(frozen=True)
class SeniorLeadConfig:
    """[senior_lead] (+ criteria, rater_weights): the senior lead's monthly assessment (lib.month.senior_lead)."""

    bar: float = 0.85
    performance_points: float = 50.0
    shortfall: Literal["proportional", "zero"] = "proportional"
    sales_per_line: Literal["connected", "volume"] = "connected"
    title_bar: float = 70.0
    rater_weights: dict[str, float] = _table({"部门经理": 0.4, "中心主任": 0.3, "员工": 0.3})
    criteria: dict[str, float] = _table({"销售管理": 15.0, "日常事务": 10.0, "态度与协调": 10.0,
                                         "表率与影响力": 7.5, "满意度": 7.5})

    def _problems(self) -> list[tuple[str, str, str]]:
        out = []
        if set(self.rater_weights) != set(RATER_ROLES):
            out.append(("rater_weights", f"需要且只需要 {'、'.join(RATER_ROLES)}",
                        f"needs exactly {', '.join(RATER_ROLES)}"))
        if not self.criteria:
            out.append(("criteria", "至少要有一项", "needs at least one criterion"))
        return out


@dataclass(frozen=True)
class StarsConfig:
    """[stars]: the suggested star level's bars (five each, for 1..5 stars), the absence cap, no-QA rule."""

    min_days: int = 15
    rate_ratio: tuple[float, ...] = (0.0, 0.8, 0.95, 1.05, 1.2)
    qa_min: tuple[float, ...] = (0.0, 70.0, 80.0, 85.0, 90.0)
    absence_cap: int = 2
    without_qa: Literal["ignore", "lowest"] = "ignore"

    def _problems(self) -> list[tuple[str, str, str]]:
        return [(k, "需要五个门槛（1..5 星）", "needs five bars (for 1..5 stars)")
                for k in ("rate_ratio", "qa_min") if len(getattr(self, k)) != 5]


@dataclass(frozen=True)
class WeeklyConfig:
    """[weekly]: the weekly pack's agent lists."""

    top_agents: int = 3
    min_volume: float = 100.0


CONTEST_PARTS = ("rate", "volume", "qa", "attendance")   # a [[contest]]'s parts: docs/DATA.md, Group competitions


@dataclass(frozen=True)
class ContestConfig:
    """One [[contest]] (班组劳动竞赛): its name, first and last day, the groups taking part, each part's weight."""

    name: str = ""
    first: str = field(default="", metadata={"check": "date"})
    last: str = field(default="", metadata={"check": "date"})
    groups: tuple[str, ...] = ()   # empty: every group with report rows in the contest's days
    parts: dict[str, float] = _table({"rate": 40.0, "volume": 30.0, "qa": 20.0, "attendance": 10.0})
    # The attendance part gives nothing to a group that lost this many attendance points per agent.
    attendance_zero_at: float = 2.0

    @property
    def first_day(self) -> dt.date:
        return dt.date.fromisoformat(self.first.strip())

    @property
    def last_day(self) -> dt.date:
        return dt.date.fromisoformat(self.last.strip())

    def _problems(self) -> list[tuple[str, str, str]]:
        out = []
        if not self.name.strip():
            out.append(("name", "需要名称", "needs a name"))
        for k in ("first", "last"):
            if not getattr(self, k).strip():
                out.append((k, "需要日期（YYYY-MM-DD）", "needs a date (YYYY-MM-DD)"))
        if self.first.strip() and self.last.strip() and self.last_day < self.first_day:
            out.append(("last", "不能早于 first", "must not be before first"))
        unknown = [k for k in self.parts if k not in CONTEST_PARTS]
        if unknown or not self.parts or any(w <= 0 for w in self.parts.values()):
            out.append(("parts", f"项目只能是 {'、'.join(CONTEST_PARTS)}，至少一项，权重大于 0",
                        f"parts are {', '.join(CONTEST_PARTS)}, at least one, each weight above 0"))
        if self.attendance_zero_at <= 0:
            out.append(("attendance_zero_at", "应大于 0", "must be above 0"))
        return out


@dataclass(frozen=True)
class MonthStarsConfig:
    """[month_stars]: the bars an agent's month must meet to be suggested as one of the month's 服务明星."""

    rate_ratio: float = 1.05     # handle rate / the center's rate of the agent's own projects, at or above
    min_volume: float = 1000.0   # the month's 数据量, at or above
    qa_min: float = 85.0         # QA average, at or above (no QA score in the month: not suggested)
    max_deduction: float = 0.0   # attendance points lost in the month, at most (0: no leave, no absence)
    min_days: int = 15           # days worked (with volume) in the month, at least
    most: int = 10               # suggested at most, best rate ratio first


@dataclass(frozen=True)
class ImprovedConfig:
    """[improved]: the most improved agents of the day, the week and the month (handle rate against their own last period)."""

    top: int = 3
    at: str = _time("18:00")          # the day's list is the day as at this time (the end-of-day meeting)
    min_volume_day: float = 30.0      # compared once they have this much volume in the day and in the day before
    min_volume_week: float = 100.0    # ... in the week and in the week before
    min_volume_month: float = 300.0   # ... in the month and in the month before

    at_minute = _in_minutes("at")


@dataclass(frozen=True)
class AuthConfig:
    """[auth]: sign-in (on unless the file says false), the users file, lock-out, idle minutes, admins."""

    enabled: bool = True
    users_file: str = "~/.teamboard/users.json"
    max_failures: int = 5
    lock_minutes: int = 15
    idle_minutes: float = 30.0
    session_hours: float = 12.0
    client_failures: int = 20
    trusted_proxies: tuple[str, ...] = ()
    admins: tuple[str, ...] = ()


@dataclass(frozen=True)
class StoreConfig:
    """[store]: write-back file size, lock timeout, Google Sheets retries, records on a network share."""

    rows_per_file: int = 20
    lock_timeout_seconds: float = 60.0
    retries: int = 5
    backoff_seconds: float = 1.0
    backoff_max_seconds: float = 32.0
    create_worksheets: bool = True
    # The local store refuses a records folder on a network file system (nfs, cifs, sshfs …, the list in
    # lib/store/mounts.py): its file locks do not hold between machines. true only when this machine
    # alone ever writes to that folder (docs/DEPLOY.md).
    allow_network_fs: bool = False


@dataclass(frozen=True)
class GoalsConfig:
    """[goals] (+ monthly): the month's target per group, `"YYYY-MM" = { group = figure }`."""

    monthly: dict[str, dict[str, float]] = _table({})
    # A group more than this share below where its day target should stand (handled < expected x
    # (1 - alert_behind)) is red on the duty desk and the workbench; 0 turns the alert off.
    alert_behind: float = 0.2

    def month(self, month: str) -> dict[str, float]:
        """The targets config gives for one month (YYYY-MM), by group; empty when none."""
        return dict(self.monthly.get(month, {}))


@dataclass(frozen=True)
class CoachingConfig:
    """[coaching]: when an open action is due, how far back to look, the review's comparison window."""

    due_soon_days: int = 2
    lookback_months: int = 3
    compare_days: int = 7


@dataclass(frozen=True)
class CallbacksConfig:
    """[callbacks]: when a callback shows as due, how far back callbacks are followed up."""

    due_soon_minutes: int = 30
    lookback_days: int = 7


@dataclass(frozen=True)
class MeetingsConfig:
    """[meetings]: the weekly meeting's ISO weekday and time, the hosts' rotation, the minutes' e-mails."""

    weekday: int = 2
    time: str = _time("14:00")
    rotation: tuple[str, ...] = ()
    rotation_start: str = field(default="2026-01-06", metadata={"check": "date"})
    supervisor_email: str = ""
    manager_email: str = ""

    time_minute = _in_minutes("time")

    @property
    def rotation_start_date(self) -> dt.date:
        return dt.date.fromisoformat(self.rotation_start)

    def _problems(self) -> list[tuple[str, str, str]]:
        if not 1 <= self.weekday <= 7:
            return [("weekday", "应为 1（周一）到 7（周日）", "must be 1 (Monday) .. 7 (Sunday)")]
        return []


ShiftKind = Literal["full", "morning", "afternoon", "rest", "duty"]


@dataclass(frozen=True)
class Settings:
    """Every setting of the app: `settings.<table>.<key>` with the names of config.toml.

    The defaults are these fields' and nowhere else. The properties below the tables are shortcuts
    many callers use (settings.timezone, data_path, min_volume, …)."""

    base_dir: Path = field(default=ROOT, metadata={"table": False})   # relative paths start here
    floor: FloorConfig = field(default_factory=FloorConfig)
    source: SourceConfig = field(default_factory=SourceConfig)
    reports: ReportsConfig = field(default_factory=ReportsConfig)
    ranking: RankingConfig = field(default_factory=RankingConfig)
    flags: FlagsConfig = field(default_factory=FlagsConfig)
    attendance: AttendanceConfig = field(default_factory=AttendanceConfig)
    notices: NoticesConfig = field(default_factory=NoticesConfig)
    broadcast: BroadcastConfig = field(default_factory=BroadcastConfig)
    duty: DutyConfig = field(default_factory=DutyConfig)
    day: DayConfig = field(default_factory=DayConfig)
    wall: WallConfig = field(default_factory=WallConfig)
    qa: QAConfig = field(default_factory=QAConfig)
    lead: LeadConfig = field(default_factory=LeadConfig)
    senior_lead: SeniorLeadConfig = field(default_factory=SeniorLeadConfig)
    stars: StarsConfig = field(default_factory=StarsConfig)
    weekly: WeeklyConfig = field(default_factory=WeeklyConfig)
    auth: AuthConfig = field(default_factory=AuthConfig)
    aliases: dict[str, tuple[str, ...]] = _table({})   # field = [header names], added to DATA.md's
    shifts: dict[str, ShiftKind] = _table({})          # shift code = kind, added to DATA.md's
    store: StoreConfig = field(default_factory=StoreConfig)
    goals: GoalsConfig = field(default_factory=GoalsConfig)
    coaching: CoachingConfig = field(default_factory=CoachingConfig)
    callbacks: CallbacksConfig = field(default_factory=CallbacksConfig)
    meetings: MeetingsConfig = field(default_factory=MeetingsConfig)
    month_stars: MonthStarsConfig = field(default_factory=MonthStarsConfig)
    improved: ImprovedConfig = field(default_factory=ImprovedConfig)
    # [[contest]] tables: group competitions, each over its own days (docs/DATA.md)
    contest: tuple[ContestConfig, ...] = ()
    # [[center]] tables: several centers on this server (one sign-in); none = the one center of [source]
    center: tuple[CenterConfig, ...] = ()

    @property
    def centers(self) -> tuple[CenterConfig, ...]:
        return self.center

    def center_by_id(self, cid: str | None) -> CenterConfig | None:
        """The [[center]] of an id (the first one for None or ""); None when no center has it, or none is configured."""
        if not self.center:
            return None
        if not cid:
            return self.center[0]
        return next((c for c in self.center if c.id == cid), None)

    def of_center(self, cid: str | None = None) -> Settings:
        """These settings as one center sees them: [source] with the center's kind, path, gsheets and
        ftp (the first center for None). Unchanged without [[center]]; ConfigError for an id none has."""
        if not self.center:
            if cid:
                raise ConfigError(_label(config_path()), [("center", f"--center {cid} — 设置文件中没有 [[center]] / "
                                                                     "the config file names no [[center]]")])
            return self
        c = self.center_by_id(cid)
        if c is None:
            ids = ", ".join(x.id for x in self.center)
            raise ConfigError(_label(config_path()), [("center", f"--center {cid} — 没有这个编号的中心 / no center has "
                                                                 f"this id ({ids})")])
        return replace(self, source=replace(self.source, kind=c.kind, path=c.path, gsheets=c.gsheets, ftp=c.ftp))

    @property
    def timezone(self) -> str:
        return self.floor.timezone

    @property
    def fixed_now(self) -> str:
        return self.floor.now

    @property
    def source_kind(self) -> str:
        return self.source.kind

    @property
    def data_path(self) -> Path | None:
        """[source] path resolved (None when empty: the demo center is used)."""
        return _resolve(self.base_dir, self.source.path) if self.source.path else None

    @property
    def demo_path(self) -> Path:
        return _resolve(self.base_dir, self.source.demo_path)

    @property
    def cache_path(self) -> Path | None:
        """[source] cache_dir resolved (None when empty: every start parses every file)."""
        if (env := os.environ.get("TEAMBOARD_CACHE_DIR")) is not None:   # tests, and a second process's own cache
            return Path(env) if env else None
        return _resolve(self.base_dir, self.source.cache_dir) if self.source.cache_dir else None

    @property
    def ftp_ca_file(self) -> Path | None:
        """[source.ftp] tls_ca_file resolved (None: FTPS encrypts without checking the certificate)."""
        return _resolve(self.base_dir, self.source.ftp.tls_ca_file) if self.source.ftp.tls_ca_file else None

    @property
    def cumulative(self) -> bool:
        return self.reports.cumulative

    @property
    def read_threads(self) -> int:
        """[source] read_threads: how many new files are read at once."""
        return self.source.read_threads

    @property
    def header_scan_rows(self) -> int:
        return self.reports.header_scan_rows

    @property
    def date_order(self) -> str:
        return self.reports.date_order

    @property
    def min_volume(self) -> float:
        return self.ranking.min_volume

    @property
    def deductions(self) -> dict[str, float]:
        """Points per attendance record by category (病假/事假/旷工)."""
        return self.attendance.deductions

    @property
    def morning_end_minute(self) -> int:
        return self.day.morning_end_minute

    @property
    def broadcast_times(self) -> list[str]:
        return list(self.broadcast.times)


def _resolve(base: Path, value: str) -> Path:
    p = Path(os.path.expanduser(value))
    return p if p.is_absolute() else (base / p)


# ---------------------------------------------------------------- reading and checking a file

class _Bad(Exception):
    """A value of the wrong kind: what was wanted, in Chinese and English."""

    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.zh, self.en = zh, en


_BAD = object()
_CHECKS = {   # metadata "check" of a text field: (zh, en singular, en plural)
    None: ("文本（加引号）", "text in quotes", "texts in quotes"),
    "time": ('"HH:MM" 格式的时间，如 "09:00"', 'a time as "HH:MM", e.g. "09:00"', 'times as "HH:MM"'),
    "date": ('"YYYY-MM-DD" 格式的日期', 'a date as "YYYY-MM-DD"', 'dates as "YYYY-MM-DD"'),
    "moment": ('空，或 "YYYY-MM-DD HH:MM" 格式的时刻', 'empty or a moment as "YYYY-MM-DD HH:MM"',
               'moments as "YYYY-MM-DD HH:MM"'),
    "timezone": ('时区名称，如 "Asia/Shanghai"', 'a time zone name such as "Asia/Shanghai"', "time zone names"),
}
_SCALARS = {bool: ("布尔值 true 或 false", "true or false", "true/false values"),
            int: ("整数", "a whole number", "whole numbers"), float: ("数字", "a number", "numbers")}
_BARE = re.compile(r"[A-Za-z0-9_-]+")


def _want(tp: Any, meta: Mapping[str, Any]) -> tuple[str, str, str]:
    """What a type asks for, in words: (zh, en singular, en plural)."""
    origin = get_origin(tp)
    if tp in _SCALARS:
        return _SCALARS[tp]
    if tp is str:
        return _CHECKS[meta.get("check")]
    if origin is Literal:
        names = [f'"{a}"' for a in get_args(tp)]
        return "以下之一：" + "、".join(names), "one of " + ", ".join(names), "values among " + ", ".join(names)
    if origin is tuple:
        zh, _, en = _want(get_args(tp)[0], meta)
        return f"{zh}的列表", f"a list of {en}", f"lists of {en}"
    if origin in (Union, UnionType):
        parts = [_want(a, meta) for a in get_args(tp)]
        return "或".join(p[0] for p in parts), " or ".join(p[1] for p in parts), " or ".join(p[2] for p in parts)
    return "表", "a table", "tables"


def _text(v: Any, check: str | None) -> str:
    """A text value, checked as the field asks (TOML dates and times are taken as their text)."""
    if check == "time" and isinstance(v, dt.time):
        v = v.strftime("%H:%M")
    elif check == "date" and isinstance(v, dt.date) and not isinstance(v, dt.datetime):
        v = v.isoformat()
    elif check == "moment" and isinstance(v, dt.datetime):
        v = v.strftime("%Y-%m-%d %H:%M")
    if not isinstance(v, str):
        raise ValueError
    if check == "time":
        m = re.fullmatch(r"(\d{1,2}):(\d{2})", v.strip())
        if not m or int(m[2]) > 59 or int(m[1]) * 60 + int(m[2]) > 24 * 60:
            raise ValueError
    elif check == "date":
        dt.date.fromisoformat(v.strip())
    elif check == "moment" and v.strip():
        dt.datetime.fromisoformat(v.strip().replace("T", " "))
    elif check == "timezone":
        from zoneinfo import ZoneInfo
        try:
            ZoneInfo(v)
        except Exception:   # not found, not a zone name, a folder of zones …
            raise ValueError(v) from None
    return v


def _convert(tp: Any, v: Any, meta: Mapping[str, Any]) -> Any:
    """v as the type asks (ints taken where floats go); _Bad naming what was wanted."""
    origin = get_origin(tp)
    try:
        if tp is bool and isinstance(v, bool):
            return v
        if tp is int and isinstance(v, int) and not isinstance(v, bool):
            return v
        if tp is float and isinstance(v, (int, float)) and not isinstance(v, bool):
            return float(v)
        if tp is str:
            return _text(v, meta.get("check"))
        if origin is Literal and isinstance(v, str) and v in get_args(tp):
            return v
        if origin is tuple and isinstance(v, list):
            return tuple(_convert(get_args(tp)[0], x, meta) for x in v)
        if origin in (Union, UnionType):
            for alt in get_args(tp):
                try:
                    return _convert(alt, v, meta)
                except _Bad:
                    pass
    except (_Bad, ValueError, KeyError):
        pass
    zh, en, _ = _want(tp, meta)
    raise _Bad(zh, en)


def _key(part: str) -> str:
    """A key as TOML writes it: bare when it can be, else quoted."""
    return part if _BARE.fullmatch(part) else json.dumps(part, ensure_ascii=False)


class _Item(str):
    """The place of a table in an array of tables ([[center]]): #1 is the first."""


def _dotted(path: list[str]) -> str:
    """A key's path as the error's keys name it: `center[2].id` for the second [[center]]'s id."""
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, _Item) else ("." if out else "") + _key(p)
    return out


def _show(v: Any) -> str:
    """A value as TOML writes it, shortened."""
    if isinstance(v, bool):
        s = "true" if v else "false"
    elif isinstance(v, str):
        s = json.dumps(v, ensure_ascii=False)
    elif isinstance(v, list):
        s = "[" + ", ".join(_show(x) for x in v) + "]"
    elif isinstance(v, dict):
        s = "{ " + ", ".join(f"{_key(str(k))} = {_show(x)}" for k, x in v.items()) + " }" if v else "{}"
    elif isinstance(v, (dt.date, dt.time)):
        s = v.isoformat()
    else:
        s = str(v)
    return s if len(s) <= 60 else s[:57] + "…"


class _Reader:
    """Builds the dataclasses from a parsed TOML mapping, collecting every problem on the way."""

    def __init__(self, base: Path = ROOT) -> None:
        self.problems: list[tuple[str, str]] = []
        self.base = base   # relative paths start here (the rules across [[center]] compare folders)

    def _say(self, path: list[str], text: str) -> None:
        self.problems.append((_dotted(path), text))

    @staticmethod
    def _where(path: list[str]) -> str:
        if any(isinstance(p, _Item) for p in path):   # [[center]] #2 id, [[center]] #2 gsheets.records
            i = next(k for k, p in enumerate(path) if isinstance(p, _Item))
            rest = ".".join(_key(p) for p in path[i + 1:])
            return f"[[{'.'.join(_key(p) for p in path[:i])}]] #{path[i]}" + (f" {rest}" if rest else "")
        if len(path) == 1:
            return f"[{_key(path[0])}]"
        return f"[{'.'.join(_key(p) for p in path[:-1])}] {_key(path[-1])}"

    def bad(self, path: list[str], zh: str, en: str, value: Any = _BAD) -> None:
        """A value of the wrong kind: zh/en say what it must be."""
        self.broken(path, f"应为{zh}", f"must be {en}", value)

    def broken(self, path: list[str], zh: str, en: str, value: Any = _BAD) -> None:
        """A value that breaks a rule (zh/en: the rule)."""
        shown = "" if value is _BAD or len(path) == 1 else f" = {_show(value)}"
        dotted = _dotted(path)
        self._say(path, f"{self._where(path)}{shown} — {zh} / {en} ({dotted})")

    def unknown(self, path: list[str], known: list[str], is_table: bool) -> None:
        dotted = _dotted(path)
        close = difflib.get_close_matches(path[-1], known, n=1, cutoff=0.6)
        if is_table:
            where, what = self._where(path) if len(path) > 2 else f"[{dotted}]", "未知的设置表 / unknown table"
            hint = f"; 是否应为 / did you mean [{'.'.join([*map(_key, path[:-1]), close[0]])}]?" if close else ""
        elif len(path) == 1:
            where, what = _key(path[0]), "未知的设置项（不在任何 [表] 下）/ unknown setting outside any [table]"
            owners = [f.name for f in fields(Settings) if is_dataclass(_hints(Settings).get(f.name))
                      and path[0] in {g.name for g in fields(_hints(Settings)[f.name])}]
            hint = f"; 是否应在 / did you mean [{owners[0]}] {_key(path[0])}?" if owners else ""
        else:
            where, what = self._where(path), "未知的设置项 / unknown setting"
            hint = f"; 是否应为 / did you mean {close[0]}?" if close else ""
        self._say(path, f"{where} — {what} ({dotted}){hint}")

    def section(self, cls: type, raw: Mapping[str, Any], path: list[str], **given: Any) -> Any:
        hints = _hints(cls)
        known = {f.name: f for f in fields(cls) if f.metadata.get("table", True)}
        kwargs, named = dict(given), set()
        for key, v in raw.items():
            f = known.get(key)
            if f is None:
                self.unknown([*path, key], list(known), isinstance(v, dict))
                continue
            before = len(self.problems)
            out = self.value(hints[key], v, f.metadata, [*path, key])
            if len(self.problems) > before:
                named.add(key)
            elif out is not _BAD:
                kwargs[key] = out
        obj = cls(**kwargs)
        for key, zh, en in getattr(obj, "_problems", list)():   # rules across a table's values
            if key not in named:
                self.broken([*path, key], zh, en, raw.get(key, _BAD))
        return obj

    def tables(self, cls: type, v: Any, path: list[str]) -> Any:
        """An array of tables ([[center]]): each checked as its dataclass, then the rules across them."""
        if not isinstance(v, list) or not all(isinstance(x, dict) for x in v):
            self.bad(path, "表的数组（[[" + _dotted(path) + "]]）", f"an array of tables ([[{_dotted(path)}]])", v)
            return _BAD
        before = len(self.problems)
        items = tuple(self.section(cls, x, [*path, _Item(i + 1)]) for i, x in enumerate(v))
        for i, key, zh, en in _centers_problems(items, self.base) if cls is CenterConfig else ():
            self.broken([*path, _Item(i + 1), key], zh, en, v[i].get(key, _BAD))
        return items if len(self.problems) == before else _BAD

    def value(self, tp: Any, v: Any, meta: Mapping[str, Any], path: list[str]) -> Any:
        if get_origin(tp) is tuple and is_dataclass(get_args(tp)[0]):
            return self.tables(get_args(tp)[0], v, path)
        if is_dataclass(tp) or get_origin(tp) is dict:
            if not isinstance(v, dict):
                self.bad(path, "表", "a table", v)
                return _BAD
            if is_dataclass(tp):
                return self.section(tp, v, path)
            inner, out = get_args(tp)[1], {}
            for k, x in v.items():
                got = self.value(inner, x, meta, [*path, str(k)])
                if got is not _BAD:
                    out[str(k)] = got
            return out
        try:
            return _convert(tp, v, meta)
        except _Bad as e:
            self.bad(path, e.zh, e.en, v)
            return _BAD


@lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def settings_from_dict(raw: dict[str, Any], base_dir: Path = ROOT, file: str = "config.toml") -> Settings:
    """Typed settings from an already-parsed TOML mapping (tests build them this way): missing
    tables and keys take the defaults; ConfigError (naming `file`) for anything unknown or mistyped."""
    reader = _Reader(Path(base_dir))
    out = reader.section(Settings, raw, [], base_dir=Path(base_dir))
    if reader.problems:
        raise ConfigError(file, reader.problems)
    return out


def _label(path: Path) -> str:
    """The config file as a message names it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@lru_cache(maxsize=8)
def _load(path: str, mtime: float) -> Settings:
    label = _label(Path(path))
    try:
        with open(path, "rb") as fh:
            raw = tomllib.load(fh)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(label, [("", f"TOML 语法错误 / TOML syntax error: {e}")]) from None
    return settings_from_dict(raw, Path(path).resolve().parent, label)


def config_path() -> Path:
    """The config file in force: DASHBOARD_CONFIG, else config.toml beside the code."""
    return Path(os.environ.get("DASHBOARD_CONFIG") or ROOT / "config.toml")


def settings(data_override: str | os.PathLike | None = None, center: str | None = None) -> Settings:
    """The settings in force, read once per change of the file; `center` picks a [[center]] ("" the
    first; None leaves them all, as the app does), then `--data` overrides [source] path.

    ConfigError when the file is missing, is not TOML, or holds an unknown or mistyped setting."""
    path = config_path()
    try:
        mtime = path.stat().st_mtime
    except OSError:
        raise ConfigError(_label(path), [("", "找不到设置文件 / config file not found")]) from None
    s = _load(str(path), mtime)
    if center is not None:
        s = s.of_center(center)
    if data_override is not None:   # --data names a folder to read: with kind "ftp", that folder, not the server
        kind = "xlsx" if s.source.kind == "ftp" else s.source.kind
        s = replace(s, source=replace(s.source, path=str(Path(data_override).resolve()), kind=kind))
    return s


def save_mapping(path: Path, aliases: dict[str, list[str]], cumulative: bool | None = None) -> str:
    """Add header names to `[aliases]` (and set `[reports] cumulative`) in the config file at `path`,
    keeping its comments and layout (tomlkit). The result is loaded as settings first (ConfigError if
    it cannot be used), then replaces the file atomically. Returns the new text."""
    import tempfile

    import tomlkit
    old = path.read_text(encoding="utf-8")
    doc = tomlkit.parse(old)
    table = doc.get("aliases")
    if table is None:
        table = tomlkit.table()
        doc["aliases"] = table
    for field_, names in aliases.items():
        have = [str(n) for n in table.get(field_, [])]
        table[field_] = have + [n for n in names if n not in have]
    if cumulative is not None:
        reports = doc.get("reports")
        if reports is None:
            reports = tomlkit.table()
            doc["reports"] = reports
        reports["cumulative"] = bool(cumulative)
    new = tomlkit.dumps(doc)
    try:
        raw = tomllib.loads(new)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(_label(path), [("", f"TOML 语法错误 / TOML syntax error: {e}")]) from None
    settings_from_dict(raw, path.resolve().parent, _label(path))   # ConfigError: the file is left as it was
    fd, tmp = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=str(path.parent))
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(new)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return new
