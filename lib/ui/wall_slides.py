"""The wall's praise slides as HTML (the contest's standings, the month's stars, today's birthdays), and
what they are read from. Every value from a spreadsheet or the store is escaped (html_text); sizes are
in vh from the number of rows, so a slide fits a 16:9 screen without scrolling in either language."""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

import pandas as pd

from lib.config import CONTEST_PARTS, Settings
from lib.i18n import t
from lib.i18n.formats import count, fixed, fmt_value
from lib.month.contest import contests_on, days_text
from lib.month.wall_slides import (BirthdaySlide, ContestSlide, Slide, StarsSlide, birthday_slide, contest_slides,
                                   latest_stars, stars_months, stars_title)
from lib.ui.safe import html_text as _e

# What the top bar, the foot and the gaps take (lib/ui/wall.py), and the slide's own title and table head.
FIXED_VH = 11.0 + 4.0 + 4.5 + 7.0 + 5.5


def slides_css() -> str:
    """The slides' stylesheet (inside the wall's .tbw board)."""
    return """<style>
.tbw-slide {flex: 1; min-height: 0; display: flex; flex-direction: column; gap: 1vh;}
.tbw-slide-head {height: 7vh; display: flex; align-items: center; justify-content: space-between; gap: 2vw;
  background: var(--panel); border-radius: 1vh; padding: 0 1.4vw; border-left: 0.8vh solid var(--gold);}
.tbw-slide-title {font-size: 4.2vh; font-weight: 800; color: var(--gold); white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; min-width: 0; line-height: 1.4;}
.tbw-slide-sub {font-size: 2.3vh; color: var(--muted); white-space: nowrap; flex: none; line-height: 1.4;}
.tbw-contest {background: var(--panel); border-radius: 1vh;}
.tbw-contest th {height: 5.5vh; font-size: 2.1vh;}
.tbw-contest tr.row {height: var(--row);}
.tbw-contest td {font-size: min(calc(var(--row) * 0.42), 4.4vh);}
.tbw-contest td small {display: block; font-size: min(calc(var(--row) * 0.24), 2.2vh); color: var(--muted);
  font-weight: 400; line-height: 1.1;}
.tbw-contest td.score {font-weight: 900; color: var(--gold);}
.tbw-contest tr.p1 td.l {color: var(--gold); font-weight: 800;}
.tbw-stars, .tbw-bday {flex: 1; min-height: 0; display: grid; gap: 1.2vh 1vw;}
.tbw-star, .tbw-person {background: var(--panel); border-radius: 1vh; padding: 1.4vh 1vw; min-height: 0;
  overflow: hidden; display: flex; flex-direction: column; justify-content: center; border-top: 0.6vh solid var(--gold);}
.tbw-star b, .tbw-person b {font-size: 4.4vh; font-weight: 800; white-space: nowrap; overflow: hidden; text-overflow: ellipsis;}
.tbw-star b::before {content: "\\2605 "; color: var(--gold);}
.tbw-star span, .tbw-person span {font-size: 2.4vh; color: var(--cyan); margin-top: 0.4vh;}
.tbw-star p {font-size: 2.1vh; color: var(--muted); margin: 0.8vh 0 0 0; overflow: hidden; display: -webkit-box;
  -webkit-line-clamp: 3; -webkit-box-orient: vertical; line-height: 1.3;}
.tbw-person {text-align: center; border-top-color: var(--cyan);}
.tbw-person b {font-size: 6vh;}
</style>"""


def _row(rows: int) -> str:
    return f"calc((100vh - var(--chrome) - {FIXED_VH:g}vh) / {max(rows, 6)})"


def _contest(s: ContestSlide, lang: str) -> str:
    c, d = s.contest, s.days
    parts = [p for p in CONTEST_PARTS if p in c.parts]
    sub = days_text(d, lang)
    if s.pages > 1:
        sub += f" · {s.page + 1}/{s.pages}"
    widths = {"place": 8, "group": 14, "score": 16}
    part_w = (100 - sum(widths.values())) / max(1, len(parts))
    heads = ([("c", t("contest.col.place", lang), widths["place"]), ("l", t("contest.col.group", lang), widths["group"])]
             + [("", t(f"contest.col.points_{p}", lang), part_w) for p in parts]
             + [("", t("contest.wall.score", lang), widths["score"])])
    th = "".join(f'<th class="{a}" style="width:{w:.1f}%">{_e(h)}</th>' for a, h, w in heads)
    body = []
    for r in s.table.itertuples():
        cells = []
        for p in parts:
            v = getattr(r, f"value_{p}")
            shown = ("—" if not math.isfinite(v) else fmt_value(v, "rate") if p == "rate"
                     else count(v) if p == "volume" else f"{v:.1f}" if p == "qa" else f"{v:.2f}")
            cells.append(f'<td>{fixed(getattr(r, f"points_{p}"))}<small>{_e(shown)}</small></td>')
        body.append(f'<tr class="row p{int(r.place)}" data-group="{_e(r.group)}" data-place="{int(r.place)}">'
                    f'<td class="c">{int(r.place)}</td><td class="l">{_e(t("wall.group_cell", lang, group=r.group))}</td>'
                    f'{"".join(cells)}<td class="score">{fixed(r.score)}</td></tr>')
    table = (f'<table class="tbw-contest" style="--row: {_row(len(s.table))}"><thead><tr>{th}</tr></thead>'
             f'<tbody>{"".join(body)}</tbody></table>')
    return (f'<div class="tbw-slide" data-slide="contest"><div class="tbw-slide-head">'
            f'<div class="tbw-slide-title">{_e(t("contest.wall.title", lang, name=c.name))}</div>'
            f'<div class="tbw-slide-sub">{_e(sub)}</div></div>{table}</div>')


def _grid(n: int) -> str:
    """Cards in a grid: more columns for more people, rows sharing the height but never taller than a
    quarter of the screen, centred (one birthday is a card, not the whole board)."""
    cols = 1 if n <= 1 else 2 if n <= 4 else 3 if n <= 9 else 4 if n <= 12 else 5
    rows = max(1, math.ceil(n / cols))
    width = "minmax(0, 1fr)" if cols > 2 else "minmax(0, 38vw)"
    return (f"grid-template-columns: repeat({cols}, {width}); justify-content: center; align-content: center; "
            f"grid-auto-rows: min(26vh, calc((100vh - var(--chrome) - {28 + 1.2 * (rows - 1):g}vh) / {rows}));")


def _stars(s: StarsSlide, lang: str) -> str:
    shown = s.stars.head(15)   # five across, three down at most: more would not read from the floor
    cards = "".join(f'<div class="tbw-star" data-agent="{_e(r.agent_id)}"><b>{_e(r.name or r.agent_id)}</b>'
                    f'<span>{_e(t("wall.group_cell", lang, group=r.group))}</span><p>{_e(r.reason)}</p></div>'
                    for r in shown.itertuples())
    return (f'<div class="tbw-slide" data-slide="stars"><div class="tbw-slide-head">'
            f'<div class="tbw-slide-title">{_e(stars_title(s.month, lang))}</div>'
            f'<div class="tbw-slide-sub">{_e(t("praise.stars_sub", lang, n=len(s.stars)))}</div></div>'
            f'<div class="tbw-stars" style="{_grid(len(shown))}">{cards}</div></div>')


def _birthdays(s: BirthdaySlide, lang: str) -> str:
    people = s.people.head(15)
    cards = "".join(f'<div class="tbw-person" data-agent="{_e(r.agent_id)}"><b>{_e(r.name or r.agent_id)}</b>'
                    f'<span>{_e(t("wall.group_cell", lang, group=r.group))}</span></div>' for r in people.itertuples())
    return (f'<div class="tbw-slide" data-slide="birthdays"><div class="tbw-slide-head">'
            f'<div class="tbw-slide-title">{_e(t("praise.birthdays_title", lang))}</div>'
            f'<div class="tbw-slide-sub">{_e(f"{s.day:%m-%d}")}</div></div>'
            f'<div class="tbw-bday" style="{_grid(len(people))}">{cards}</div></div>')


SLIDE_KINDS = ("contest", "stars", "birthdays")   # ?show= on the wall pins a screen to one kind


def slide_kind(slide: Slide) -> str:
    """contest, stars or birthdays."""
    return ("contest" if isinstance(slide, ContestSlide) else "stars" if isinstance(slide, StarsSlide)
            else "birthdays")


def slide_html(slide: Slide, lang: str) -> str:
    """One slide's body (where the ranking and the standings are on the ranking's pages)."""
    if isinstance(slide, ContestSlide):
        return _contest(slide, lang)
    if isinstance(slide, StarsSlide):
        return _stars(slide, lang)
    return _birthdays(slide, lang)


def read_slides(reports_of: Callable[[dt.date, dt.date], pd.DataFrame], schedule: pd.DataFrame,
                read_months: Callable[[str, list[str]], pd.DataFrame], settings: Settings, day: dt.date,
                at_minute: int) -> tuple[Slide, ...]:
    """The slides of a moment. `reports_of(first, last)`: report rows holding those days (the page's floor
    for a contest of its month); `read_months(table, months)`: the store's rows (QA, attendance, 服务明星)."""
    slides: list[Slide] = []
    for contest in contests_on(settings, day):
        months = [str(p) for p in pd.period_range(contest.first_day, day, freq="M")]
        slides += contest_slides(contest, reports_of(contest.first_day, day), read_months("qa", months),
                                 read_months("attendance", months), settings, day, at_minute)
    stars = latest_stars(read_months("month_stars", stars_months(day)), day)
    birthdays = birthday_slide(schedule, day, settings)
    return tuple(slides) + tuple(x for x in (stars, birthdays) if x is not None)
