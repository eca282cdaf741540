"""The wall screen's HTML and CSS: a dark, high-contrast board sized in vh so one page fits any 16:9 TV.

Every value that came from a spreadsheet or the URL is escaped (lib.ui.safe.html_text). Sizes are
computed from the number of rows a page holds, so `[wall] rows_per_page` rows always fit without
scrolling.
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from lib.clock import hhmm
from lib.config import Settings
from lib.day.goals import pace_mark, whole
from lib.day.shared import Shared
from lib.floor.cache import Floor
from lib.i18n import t
from lib.i18n.columns import column_label
from lib.i18n.formats import count, fmt_value, rate
from lib.day.wall import WallView, page_at, tick_seconds, wall_view
from lib.month.wall_slides import ContestSlide, Slide
from lib.ui.context import PageContext
from lib.ui.safe import html_text
from lib.ui.tables import read_months
from lib.ui.wall_slides import read_slides, slide_html, slide_kind, slides_css

TOP_VH, BANNER_VH, FOOT_VH, GAPS_VH = 11.0, 5.0, 4.0, 4.5
# The Streamlit header stays (with the menu) unless embedded; its height is 3.75rem.
HEADER = "3.75rem"


def wall_css() -> str:
    """The wall's stylesheet: dark theme for this page only; no Streamlit chrome under ?embed=true.

    Streamlit keeps `embed` out of st.query_params but marks the app `.streamlit-embedded`, so the
    kiosk rules key on that class.
    """
    kiosk = ".stApp.streamlit-embedded"
    return f"""<style>
{kiosk} [data-testid="stHeader"], {kiosk} [data-testid="stToolbar"], {kiosk} [data-testid="stDecoration"],
{kiosk} [data-testid="stSidebar"], {kiosk} [data-testid="stExpandSidebarButton"], {kiosk} [data-testid="stStatusWidget"],
{kiosk} footer {{display: none !important;}}
[data-testid="stHeader"] {{background: transparent !important;}}
[data-testid="stMainBlockContainer"] {{padding: {HEADER} 1.2vw 0 1.2vw !important; max-width: none !important;}}
{kiosk} [data-testid="stMainBlockContainer"] {{padding-top: 0 !important;}}
{kiosk} .tbw {{--chrome: 0px;}}
.stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"] {{background: #070b14 !important; color: #f4f7fb;}}
.tbw {{--gold: #ffcf33; --silver: #dfe6ef; --bronze: #f0a35e; --red: #ff5a5f; --muted: #9db0c9; --panel: #101a2c;
  --line: #1f2c44; --cyan: #5ad1ff; --chrome: {HEADER}; height: calc(100vh - var(--chrome)); overflow: hidden;
  display: flex; flex-direction: column; gap: 1vh; padding: 1vh 0; color: #f4f7fb; line-height: 1.2;
  font-family: "TeamBoard Sans SC", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif;}}
.tbw * {{box-sizing: border-box;}}
.tbw-top {{height: {TOP_VH}vh; display: flex; align-items: center; justify-content: space-between; gap: 2vw;
  background: var(--panel); border-radius: 1vh; padding: 0 1.6vw; border-bottom: 0.4vh solid var(--cyan);}}
.tbw-head {{flex: 1 1 auto; min-width: 0;}}   /* the title gives way to the notice and the clock, on one line */
.tbw-title {{font-size: 5vh; font-weight: 800; letter-spacing: 0.1em; line-height: 1.25;
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis;}}
.tbw[lang="en"] .tbw-title {{letter-spacing: 0.01em;}}
.tbw-sub {{font-size: 2.3vh; color: var(--muted); margin-top: 0.6vh; white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis;}}
.tbw-tag {{display: inline-block; background: #2a3a58; color: #fff; border-radius: 0.6vh; padding: 0 0.6vw; margin-left: 0.6vw;}}
.tbw-notice {{text-align: center; font-size: 3.6vh; font-weight: 700;}}
.tbw-notice small {{display: block; font-size: 2.1vh; color: var(--muted); font-weight: 400; letter-spacing: 0.2em;}}
.tbw-clockbox {{text-align: right; flex: none;}}
.tbw-clock {{font-size: 7.2vh; font-weight: 800; font-variant-numeric: tabular-nums; line-height: 1; color: var(--cyan);}}
.tbw-age {{font-size: 2.1vh; color: var(--muted); margin-top: 0.5vh;}}
.tbw-stale {{height: {BANNER_VH}vh; display: flex; align-items: center; justify-content: center; font-size: 3.2vh;
  font-weight: 800; background: var(--red); color: #fff; border-radius: 1vh; letter-spacing: 0.05em;}}
.tbw-body {{flex: 1; min-height: 0; display: flex; gap: 1.2vw;}}
.tbw-rank {{flex: 63; min-width: 0; display: flex; flex-direction: column;}}
.tbw-side {{flex: 37; min-width: 0; display: flex; flex-direction: column; gap: 1.2vh;}}
.tbw table {{width: 100%; border-collapse: collapse; table-layout: fixed;}}
.tbw th {{color: var(--muted); font-weight: 600; text-align: right; padding: 0 0.6vw; border-bottom: 0.3vh solid var(--line);
  white-space: nowrap; overflow: hidden;}}
.tbw td {{text-align: right; padding: 0 0.6vw; white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
  font-variant-numeric: tabular-nums; border-bottom: 0.15vh solid var(--line);}}
.tbw th.l, .tbw td.l {{text-align: left;}}
.tbw th.c, .tbw td.c {{text-align: center;}}
.tbw-rank table {{background: var(--panel); border-radius: 1vh; font-size: min(calc(var(--row) * 0.6), 4vh);}}
.tbw-rank th {{font-size: min(calc(var(--row) * 0.6), 2.4vh);}}   /* a few tall rows: the headings stay whole */
.tbw-rank tr {{height: var(--row);}}
.tbw td.rate {{font-weight: 800; color: #fff;}}
.tbw .medal {{display: inline-block; min-width: 1.7em; border-radius: 999px; font-weight: 900; color: #111;}}
.tbw tr.top1 .medal {{background: var(--gold);}} .tbw tr.top2 .medal {{background: var(--silver);}}
.tbw tr.top3 .medal {{background: var(--bronze);}}
.tbw tr.top1 td {{background: rgba(255, 207, 51, 0.16);}} .tbw tr.top2 td {{background: rgba(223, 230, 239, 0.11);}}
.tbw tr.top3 td {{background: rgba(240, 163, 94, 0.13);}}
.tbw tr.top1 td.name {{color: var(--gold); font-weight: 800;}}
.tbw tr.below td {{background: rgba(255, 90, 95, 0.16);}}
.tbw tr.below td.rate, .tbw tr.below td.name {{color: var(--red);}}
.tbw tr.unranked td {{color: #6f819c;}}
.tbw tr.pinned td {{background: rgba(90, 209, 255, 0.16); color: var(--cyan); font-weight: 800;}}
.tbw-empty {{flex: 1; display: flex; align-items: center; justify-content: center; text-align: center;
  font-size: 4vh; color: var(--muted); background: var(--panel); border-radius: 1vh; padding: 4vh;}}
.tbw-foot {{height: {FOOT_VH}vh; display: flex; align-items: center; justify-content: space-between; font-size: 2.1vh; color: var(--muted);}}
.tbw-foot i {{display: inline-block; width: 1.8vh; height: 1.8vh; border-radius: 0.4vh; margin: 0 0.4vw 0 1.2vw; vertical-align: -0.2vh;}}
.tbw-page {{font-size: 2.4vh; color: #fff; font-weight: 700;}}
.tbw-page b {{display: inline-block; width: 1.3vh; height: 1.3vh; border-radius: 50%; background: #3a4a66; margin-left: 0.5vw;}}
.tbw-page b.on {{background: var(--cyan);}}
.tbw-h2 {{font-size: 3vh; font-weight: 800; letter-spacing: 0.1em; margin: 0;}}
.tbw-barkey {{float: right; font-size: 1.9vh; font-weight: 400; letter-spacing: 0; color: var(--muted); line-height: 3.6vh;}}
.tbw-barkey i {{display: inline-block; width: 3vh; height: 0.7vh; background: var(--cyan); border-radius: 0.35vh;
  margin-right: 0.4vw; vertical-align: middle;}}
.tbw-side table {{background: var(--panel); border-radius: 1vh; flex: 1;}}
.tbw-side td {{font-size: 3.2vh; padding: 0 0.4vw;}}   /* a pinned group's bold "103组" fits its column */
.tbw-side th {{height: 4.5vh; font-size: 1.7vh; padding: 0 0.25vw;}}   /* seven English headings fit */
.tbw-side td.pace {{font-size: 2.6vh; padding: 0 0.3vw; text-overflow: clip;}}
.tbw td.pace.ahead {{color: #4ade80; font-weight: 800;}} .tbw td.pace.behind {{color: var(--red); font-weight: 800;}}
.tbw .bar {{height: 0.7vh; background: var(--cyan); border-radius: 0.35vh; margin-left: auto; margin-top: 0.2vh;}}
.tbw-center {{background: var(--panel); border-radius: 1vh; padding: 1.4vh 1.2vw; display: grid;
  grid-template-columns: repeat(4, 1fr); gap: 0.6vh 1vw; text-align: center;}}
.tbw-center div {{font-size: 2vh; color: var(--muted);}}
.tbw-center b {{display: block; font-size: 4.2vh; color: #fff; font-variant-numeric: tabular-nums;}}
.tbw-center .big b {{color: var(--gold);}}
</style>""" + slides_css()


def _e(v) -> str:
    return html_text(v)


def _row_height(rows: int, stale: bool) -> str:
    """The CSS height of one ranking row: a header and `rows` rows fill what the header, footer and gaps leave."""
    fixed = TOP_VH + FOOT_VH + GAPS_VH + (BANNER_VH + 1 if stale else 0)
    return f"calc((100vh - var(--chrome) - {fixed:g}vh) / {rows + 1})"


def _wait(minutes: int, lang: str) -> str:
    """55 -> "55 分钟", 180 -> "3 小时", 80 -> "1 小时 20 分钟"."""
    h, m = divmod(int(minutes), 60)
    if not h:
        return t("wall.minutes", lang, m=m)
    return t("wall.hours", lang, h=h) if not m else t("wall.hours_minutes", lang, h=h, m=m)


def _title(v: WallView, lang: str) -> str:
    if v.yesterday:
        title = t("wall.final_yesterday", lang, day=v.day.isoformat())
    elif v.final:
        title = t("wall.final_day", lang, day=v.day.isoformat())
    elif v.past:
        title = t("wall.past_at", lang, day=v.day.isoformat(), time=v.clock.strftime("%H:%M"))
    else:
        title = t("wall.closed" if v.closed else "wall.live", lang)
    return t("wall.pinned", lang, group=v.group, title=title) if v.group else title


def _header(v: WallView, lang: str, demo: bool) -> str:
    title = _title(v, lang)
    weekday = t("wall.weekday", lang).split(",")[v.clock.weekday()]
    sub = [t("wall.date", lang, month=v.clock.month, day=v.clock.day, weekday=weekday)]
    if v.data_until is None:
        sub.append(t("wall.no_slot", lang))
    elif v.day != v.clock.date():
        sub.append(t("wall.data_until_day", lang, day=f"{v.day:%m-%d}", time=hhmm(v.data_until)))
    else:
        sub.append(t("wall.data_until", lang, time=hhmm(v.data_until)))
    tags = f'<span class="tbw-tag">{_e(t("wall.demo", lang))}</span>' if demo else ""
    if v.notice is None:
        notice = _e(t("wall.no_notice", lang))
    else:
        kind = t(f"notice.kind.{v.notice.kind}", lang)
        key = "wall.notice_now" if v.notice_in == 0 else "wall.notice_in"
        notice = _e(t(key, lang, time=v.notice.time, kind=kind, wait=_wait(v.notice_in, lang)))
    if v.age_minutes is not None:
        when = "—" if v.updated is None else v.updated.strftime("%H:%M" if v.updated.date() == v.clock.date() else "%m-%d %H:%M")
        age = _e(t("wall.updated", lang, time=when, n=int(v.age_minutes)))
    else:
        age = _e(t("wall.rehearsal", lang))
    return (f'<div class="tbw-top"><div class="tbw-head"><div class="tbw-title" title="{_e(title)}">{_e(title)}</div>'
            f'<div class="tbw-sub">{_e(" · ".join(sub))}{tags}</div></div>'
            f'<div class="tbw-notice"><small>{_e(t("wall.next", lang))}</small>{notice}</div>'
            f'<div class="tbw-clockbox"><div class="tbw-clock">{v.clock:%H:%M}</div><div class="tbw-age">{age}</div></div></div>')


def _ranking(v: WallView, lang: str, row: str) -> str:
    if v.ranking.empty:
        return f'<div class="tbw-empty">{_e(t("wall.no_data", lang))}</div>'
    heads = [("c", "rank", 9), ("l", "agent_id", 13), ("l", "name", 21), ("c", "group", 11),
             ("", "volume", 14), ("", "handled", 14), ("", "rate", 18)]
    cols = "".join(f'<col style="width:{w}%">' for _, _, w in heads)
    th = "".join(f'<th class="{a}">{_e(column_label(k, lang))}</th>' for a, k, _ in heads)
    body = []
    for r in v.ranking.itertuples():
        rank = None if pd.isna(r.rank) else int(r.rank)
        cls = "unranked" if rank is None else f"top{rank}" if r.mark == "top" else r.mark
        badge = f'<span class="medal">{rank}</span>' if r.mark == "top" else (str(rank) if rank else "—")
        arrow = "▼ " if r.mark == "below" else ""
        body.append(
            f'<tr class="{cls}" data-rank="{rank or ""}" data-agent="{_e(r.agent_id)}">'
            f'<td class="c">{badge}</td><td class="l">{_e(r.agent_id)}</td><td class="l name">{_e(r.name)}</td>'
            f'<td class="c">{_e(t("wall.group_cell", lang, group=r.group))}</td><td>{_e(count(r.volume))}</td>'
            f'<td>{_e(count(r.handled))}</td><td class="rate">{arrow}{_e(fmt_value(r.rate, "rate"))}</td></tr>')
    return (f'<table class="tbw-ranking" style="--row: {row}"><colgroup>{cols}</colgroup>'
            f'<thead><tr>{th}</tr></thead><tbody>{"".join(body)}</tbody></table>')


def _foot(v: WallView, lang: str, floor_ratio: float, slide: Slide | None = None) -> str:
    if slide is None:
        legend = (f'<span><i style="background:var(--gold)"></i>{_e(t("wall.top3", lang))}'
                  f'<i style="background:var(--red)"></i>{_e(t("wall.below", lang, pct=rate(floor_ratio, 0)))}'
                  f'<i style="background:#6f819c"></i>{_e(t(v.rank_rule[0], lang, **v.rank_rule[1]))}</span>')
    else:
        legend = f'<span>{_e(t("contest.wall.legend", lang))}</span>' if isinstance(slide, ContestSlide) else "<span></span>"
    dots = "".join(f'<b class="{"on" if i == v.page else ""}"></b>' for i in range(v.pages)) if v.pages > 1 else ""
    page = (f'<span class="tbw-page" data-page="{v.page + 1}" data-pages="{v.pages}">'
            f'{_e(t("wall.page", lang, page=v.page + 1, pages=v.pages))}{dots}</span>') if v.pages > 1 else "<span></span>"
    return f'<div class="tbw-foot">{legend}{page}</div>'


def _pace_cell(r) -> str:
    """Handled against the day's target so far: ▲ ahead (green), ▼ behind (red), — without a target."""
    ahead = getattr(r, "pace", float("nan"))
    cls = "" if not math.isfinite(ahead) or whole(ahead) == 0 else "ahead" if ahead > 0 else "behind"
    return f'<td class="pace {cls}" data-pace="{_e(pace_mark(ahead))}">{_e(pace_mark(ahead))}</td>'


def _standings(v: WallView, lang: str) -> str:
    s = v.standings
    best = float(s["rate"].max()) if len(s) and s["rate"].notna().any() else 0.0
    heads = [("c", "rank", 9), ("l", "group", 17), ("", "rate", 22), ("", "volume", 15), ("", "handled", 14),
             ("", "wall.pace", 13), ("", "wall.working", 10)]
    th = "".join(f'<th class="{a}" style="width:{w}%">{_e(t(k, lang) if "." in k else column_label(k, lang))}</th>'
                 for a, k, w in heads)
    rows = []
    for r in s.itertuples():
        width = 0 if best <= 0 or not math.isfinite(r.rate) else round(100 * r.rate / best)
        cls = "pinned" if v.group and r.group == v.group else ""
        rows.append(f'<tr class="{cls}" data-group="{_e(r.group)}"><td class="c">{int(r.place)}</td>'
                    f'<td class="l">{_e(t("wall.group_cell", lang, group=r.group))}</td>'
                    f'<td class="rate">{_e(fmt_value(r.rate, "rate"))}<div class="bar" style="width:{width}%"></div></td>'
                    f'<td>{_e(count(r.volume))}</td><td>{_e(count(r.handled))}</td>{_pace_cell(r)}'
                    f'<td>{int(r.agents)}</td></tr>')
    c = v.totals
    center = (f'<div class="tbw-center"><div class="big">{_e(column_label("rate", lang))}<b>{_e(fmt_value(c["rate"], "rate"))}</b></div>'
              f'<div>{_e(column_label("volume", lang))}<b>{_e(count(c["volume"]))}</b></div>'
              f'<div>{_e(column_label("handled", lang))}<b>{_e(count(c["handled"]))}</b></div>'
              f'<div>{_e(t("wall.working", lang))}<b>{int(c["agents"])}</b></div></div>')
    key = f'<span class="tbw-barkey"><i></i>{_e(t("wall.bar_key", lang))}</span>'
    return (f'<div class="tbw-side"><div class="tbw-h2">{_e(t("wall.standings", lang))}{key}</div>'
            f'<table class="tbw-standings"><thead><tr>{th}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
            f'<div class="tbw-h2">{_e(t("wall.center", lang))}</div>{center}</div>')


def wall_html(v: WallView, lang: str, settings: Settings, demo: bool = False, slides: tuple[Slide, ...] = ()) -> str:
    """The whole board: header (title, next notice, clock, data age), stale banner, then the ranking and
    the standings, or on a slide's page the slide (lib/ui/wall_slides.py) above the page dots."""
    row = _row_height(v.slots, v.stale)   # a pinned group's few rows share the whole height
    floor_ratio = settings.wall.floor_ratio
    stale = (f'<div class="tbw-stale">⚠ {_e(t("wall.stale", lang, n=int(v.age_minutes)))}</div>'
             if v.stale and v.age_minutes is not None else "")
    if v.slide is not None and v.slide < len(slides):
        slide = slides[v.slide]
        return (f'<div class="tbw" lang="{lang}">{_header(v, lang, demo)}{stale}'
                f'{slide_html(slide, lang)}{_foot(v, lang, floor_ratio, slide)}</div>')
    return (f'<div class="tbw" lang="{lang}">{_header(v, lang, demo)}{stale}<div class="tbw-body"><div class="tbw-rank">'
            f'{_ranking(v, lang, row)}{_foot(v, lang, floor_ratio)}</div>'
            f'{_standings(v, lang)}</div></div>')


@dataclass(frozen=True)
class Board:
    """One board as every screen showing it gets it: the view, its HTML and how often it is redrawn."""

    view: WallView
    html: str
    tick: int


# Every pinned group in both languages for a few ticks (a board is ~15 KB of HTML and one page of rows).
KEEP_BOARDS = 256
_BOARDS: Shared[Board] = Shared(KEEP_BOARDS)
_PAGES: Shared[int] = Shared(KEEP_BOARDS)   # how many pages a board of a (floor, moment, group) has
STATS = {"boards": 0}   # boards computed (tests, the benchmark): one per tick and page, however many screens


def shared_board(floor: Floor, settings: Settings, day: dt.date, at_minute: int, live: bool, group: str | None,
                 lang: str, demo: bool, now: dt.datetime,
                 slides_of: Callable[[int], tuple[Slide, ...]] | None = None, show: str | None = None) -> Board:
    """The wall's board at `now`, computed once for every session that shows the same one.

    The same one: the same floor (its folder, every file's signature and the period loaded, as
    load_floor keys it; a board never holds a floor, so an old one is let go when a file changes), the
    same settings (by value: a center's settings are a new copy at every run), the day and minute
    shown, live or not, the pinned group, the language, the demo tag, the floor's date and (live)
    minute, and the page the clock gives. It is drawn as at the minute's start (one clock and one data
    age for the whole minute) with that page, so whoever asks first, the board is the same.

    `slides_of(minute)`: the praise slides after the ranking's pages (read from the store once per
    board, so a confirmed star or a new QA score reaches the wall within its minute). `show` (?show=
    contest, stars or birthdays) pins the screen to those slides; without any, it shows the usual wall.
    """
    minute = now.replace(second=0, microsecond=0)
    base = (str(floor.root), floor.signature, floor.period, repr(settings), day, at_minute, live, group, lang, demo,
            minute if live else now.date(), show)

    def make() -> Board:
        STATS["boards"] += 1
        slides = slides_of(at_minute) if slides_of else ()
        if show:
            slides = tuple(s for s in slides if slide_kind(s) == show)
        v = wall_view(floor.reports, floor.newest_mtime, settings, day, at_minute, minute, live, group,
                      floor.projects, page_now=now, extra_pages=len(slides), only_slides=bool(show))
        return Board(v, wall_html(v, lang, settings, demo=demo, slides=slides), tick_seconds(settings, v.pages))

    def first() -> int:
        b = make()   # the page count is known only once a board is drawn: keep that board too
        _BOARDS.put((base, b.view.page), b)
        return b.view.pages

    pages = _PAGES.get(base, first)
    page = page_at(now, settings.wall.page_seconds, pages)
    return _BOARDS.get((base, page), make)


def praise_slides(ctx: PageContext, day: dt.date, at_minute: int) -> tuple[Slide, ...]:
    """The wall's praise slides of a moment, read from the page's floor (or a contest's) and the store."""
    return read_slides(lambda first, last: ctx.floor_of(first, last).reports, ctx.floor.schedule,
                       lambda name, months: read_months(ctx, name, months), ctx.settings, day, at_minute)


def forget_boards() -> None:
    """Drop every shared board (tests)."""
    _BOARDS.clear()
    _PAGES.clear()
    STATS["boards"] = 0
