"""Sheets as floors keep them, parsed into the canonical frames, bad rows reported precisely."""
import datetime as dt

import pandas as pd
import pytest

from lib.floor.load.problems import Problems
from lib.floor.load.projects import parse_projects
from lib.floor.load.reports import parse_reports
from lib.floor.load.roster import parse_schedule
from lib.floor.sources import RawSheet
from tests.conftest import make_settings

D = pd.Timestamp("2026-11-24")
HDR = ["日期", "时段", "工号", "姓名", "组别", "项目", "数据量", "办理量"]


def reports(rows, file="reports/x.xlsx", sheet="Sheet1", row0=0, merged=None, cfg=None):
    p = Problems()
    df = parse_reports(RawSheet(file, sheet, rows, row0, 0, merged or []), cfg or make_settings(), 1.0, p)
    return df, pd.DataFrame(p.rows)


def test_title_and_blank_rows_above_the_header_and_totals_below():
    rows = [["坐席代表日报告 2026-11-24", "", "", "", "", "", "", ""], [""] * 8, HDR,
            ["2026-11-24", "09:00-10:00", "1001", "张三", "", "新华手机报", "40", "4"],
            ["2026-11-24", "10:00-11:00", 1002.0, "李四", "", "新华手机报", 30, 3],
            ["", "", "", "", "", "", "", ""],
            ["合计", "", "", "", "", "", 70, 7], ["", "", "", "", "", "", "", ""]]
    df, problems = reports(rows)
    # The 合计 row (spreadsheet row 7) leaves with one info line; nothing else is a remark.
    assert problems[["row", "severity", "message"]].values.tolist() == [[7, "info", "跳过 1 行合计/小计行：第 7 行"]]
    assert list(df["agent_id"]) == ["1001", "1002"]
    assert list(df["volume"]) == [40.0, 30.0]
    assert list(df["hour"]) == [9, 10] and list(df["end_minute"]) == [600, 660]
    assert list(df["row"]) == [4, 5]          # the rows a spreadsheet program shows
    assert (df["date"] == D).all()
    assert df["volume"].dtype == "float64" and df["hour"].dtype == "int64"


def test_row_numbers_count_from_the_sheet_top_when_calamine_skips_empty_rows():
    df, _ = reports([HDR, ["2026-11-24", 9, "1001", "", "", "", 10, 1]], row0=4)
    assert list(df["row"]) == [6]   # header on spreadsheet row 5, data on row 6


def test_total_row_in_another_column_and_english_total():
    rows = [HDR, ["2026-11-24", 9, "1001", "", "", "", 10, 1],
            ["2026-11-24", "", "总计", "", "", "", 10, 1], ["Total", "", "", "", "", "", 10, 1],
            ["小计：", "", "", "", "", "", 10, 1]]
    df, problems = reports(rows)
    assert len(df) == 1
    assert problems[["row", "severity", "message_en"]].values.tolist() == [[3, "info", "skipped 3 totals rows: rows 3, 4, 5"]]


def test_merged_header_cells_read_as_their_value():
    # 数据量 written once across two header columns of a two-level export: G1:H1 merged
    rows = [["日期", "时段", "工号", "姓名", "组别", "项目", "数据量", "", "办理量"],
            ["2026-11-24", 9, "1001", "", "", "", 10, 99, 1]]
    df, problems = reports(rows, merged=[((0, 6), (0, 7))])
    assert problems.empty
    assert list(df["volume"]) == [10.0]   # the first column a merged label covers is the field


def test_english_and_other_alias_headers_any_case_and_spaces():
    rows = [["Date", "Interval", "Agent ID", "NAME", "Team", "Campaign", "Dials", "Success", "通话时长(秒)"],
            ["2026/11/24", "9-10", "A7", "Ann", "", "X", "20", "2", "0:01:40"]]
    df, problems = reports(rows)
    assert problems.empty
    assert df.iloc[0][["agent_id", "volume", "handled", "talk_seconds"]].tolist() == ["A7", 20.0, 2.0, 100.0]


def test_config_aliases_are_added():
    cfg = make_settings(aliases={"volume": ["外呼总量"], "agent_id": ["坐席号"]})
    rows = [["日期", "时段", "坐席号", "外呼总量", "办理量"], ["2026-11-24", 9, "7", 10, 1]]
    df, problems = reports(rows, cfg=cfg)
    assert problems.empty and df.iloc[0]["volume"] == 10.0


def test_date_from_the_sheet_name_then_the_file_name():
    rows = [["时段", "工号", "数据量", "办理量"], [9, "1001", 10, 1]]
    df, _ = reports(rows, file="reports/daily.xlsx", sheet="2026-11-24")
    assert df.iloc[0]["date"] == D
    df, _ = reports(rows, file="reports/2026年11月23日 下午.csv", sheet="")
    assert df.iloc[0]["date"] == pd.Timestamp("2026-11-23")


def test_no_date_anywhere_is_a_sheet_error_naming_the_missing_column():
    rows = [["时段", "工号", "数据量", "办理量"], [9, "1001", 10, 1]]
    df, problems = reports(rows, file="reports/daily.xlsx", sheet="Sheet1")
    assert df is None
    p = problems.iloc[0]
    assert (p["file"], p["sheet"], p["row"], p["severity"]) == ("reports/daily.xlsx", "Sheet1", 1, "error")
    assert "date" in p["message_en"]


def test_missing_required_column_leaves_the_sheet_out_and_says_which():
    df, problems = reports([["日期", "时段", "工号", "数据量"], ["2026-11-24", 9, "1", 10]])
    assert df is None
    assert "handled" in problems.iloc[0]["message_en"]
    assert problems.iloc[0]["row"] == 1


def test_a_missing_column_is_named_in_the_readers_language_with_the_names_accepted():
    cfg = make_settings(aliases={"handled": ["成单数"]})
    _, problems = reports([["日期", "时段", "工号", "拨打数", "成交"], ["2026-11-24", 9, "1", 10, 1]], cfg=cfg)
    zh, en = problems.iloc[0]["message"], problems.iloc[0]["message_en"]
    assert "缺少必需的列：数据量（可用的表头：数据量、外呼量" in zh and "：volume" not in zh
    assert "办理量（可用的表头：办理量、成功量、成交量、办理数、handled、success、成功数、成单数）" in zh
    assert "「数据检查」页的「表头对应」" in zh and "[aliases]" in zh
    assert "volume (accepted headers: 数据量, 外呼量" in en and "成单数" in en and "Data health page" in en
    _, problems = reports([["说明"], ["abc"]])
    assert "没有一行写着日期（可用的表头：日期" in problems.iloc[0]["message"]
    assert "数据检查" in problems.iloc[0]["message"]


def test_bad_values_leave_the_row_out_and_name_row_and_column():
    rows = [["标题"], HDR,
            ["2026-11-24", 9, "1001", "", "", "", "abc", 1],        # row 3: unreadable volume
            ["2026-11-24", 9, "1002", "", "", "", -5, 0],           # row 4: negative
            ["2026-11-31", 9, "1003", "", "", "", 10, 1],           # row 5: no such date
            ["2026-11-24", "午饭", "1004", "", "", "", 10, 1],       # row 6: unreadable hour
            ["2026-11-24", 9, "", "", "", "", 10, 1],               # row 7: no agent id
            ["2026-11-24", 9, "1006", "", "", "", 10, 12],          # row 8: handled > volume, kept
            ["2026-11-24", 9, "1007", "", "", "", 10, 1]]
    df, problems = reports(rows)
    assert sorted(df["agent_id"]) == ["1006", "1007"]
    got = {(r.row, r.column, r.severity) for r in problems.itertuples()}
    assert got == {(3, "数据量", "error"), (4, "数据量", "error"), (5, "日期", "error"), (6, "时段", "error"),
                   (7, "工号", "error"), (8, "办理量", "warning")}
    assert problems.set_index("row").loc[3, "message"].startswith("第 3 行 G 列（数据量）")


def test_connected_above_volume_is_a_warning_and_optional_blanks_are_nan():
    rows = [["日期", "时段", "工号", "数据量", "接通量", "办理量", "销售额"],
            ["2026-11-24", 9, "1", 10, 12, 1, ""], ["2026-11-24", 10, "1", 10, "", 1, 30]]
    df, problems = reports(rows)
    assert len(df) == 2
    assert problems[["row", "column", "severity"]].values.tolist() == [[2, "接通量", "warning"]]
    assert pd.isna(df.iloc[1]["connected"]) and pd.isna(df.iloc[0]["sales"])


def test_repeated_header_rows_inside_an_export_are_skipped():
    rows = [HDR, ["2026-11-24", 9, "1", "", "", "", 10, 1], HDR, ["2026-11-24", 10, "1", "", "", "", 10, 1]]
    df, problems = reports(rows)
    assert len(df) == 2 and problems.empty


def schedule(rows, file="schedule.xlsx", sheet="排班表", cfg=None):
    p = Problems()
    df = parse_schedule(RawSheet(file, sheet, rows), cfg or make_settings(), p)
    return df, pd.DataFrame(p.rows)


def test_month_grid_with_title_month_and_every_day_header_form():
    rows = [["2026年11月排班表"], ["工号", "姓名", "组别", "岗位", 1.0, "2日", "11月3日", dt.date(2026, 11, 4)],
            ["", "", "", "", "日", "一", "二", "三"],   # weekday row under the header
            ["0107", "张三", "101", "坐席", "全天", "休", "上午", "下午"],
            ["1200", "李四", "102", "组长", "值", "OFF", "A", ""],
            ["0801", "王五", "中心", "资深组长", "休息", "白班", "公休", "早"]]
    df, problems = schedule(rows)
    assert problems.empty
    z = df[df["agent_id"] == "0107"].set_index("date")
    assert z.loc[pd.Timestamp("2026-11-01"), "shift_kind"] == "full"
    assert not z.loc[pd.Timestamp("2026-11-02"), "working"]
    assert z.loc[pd.Timestamp("2026-11-03"), "shift_kind"] == "morning"
    assert z.loc[pd.Timestamp("2026-11-04"), "shift_kind"] == "afternoon"
    lead = df[df["agent_id"] == "1200"].set_index("date")
    assert lead.loc[pd.Timestamp("2026-11-01"), "duty"] and lead.loc[pd.Timestamp("2026-11-01"), "working"]
    assert lead.loc[pd.Timestamp("2026-11-01"), "role"] == "lead"
    assert pd.Timestamp("2026-11-04") not in lead.index       # a blank day cell is no roster line
    assert set(df[df["agent_id"] == "0801"]["role"]) == {"senior_lead"}
    assert len(df) == 4 + 3 + 4


def test_month_from_the_sheet_name_or_file_name():
    rows = [["工号", "姓名", "组别", 1, 2], ["1", "甲", "101", "全天", "休"]]
    df, _ = schedule(rows, sheet="2026-10")
    assert sorted(df["date"].dt.strftime("%Y-%m-%d")) == ["2026-10-01", "2026-10-02"]
    df, _ = schedule(rows, file="排班表_2026年12月.xlsx", sheet="Sheet1")
    assert df["date"].min() == pd.Timestamp("2026-12-01")


def test_grid_without_a_month_anywhere_is_an_error():
    df, problems = schedule([["工号", "姓名", "组别", 1, 2], ["1", "甲", "101", "全天", "休"]], sheet="Sheet1")
    assert df is None and problems.iloc[0]["severity"] == "error" and "month" in problems.iloc[0]["message_en"]


def test_long_form_roster_with_duty_column_and_unknown_codes():
    rows = [["日期", "工号", "姓名", "组别", "岗位", "班次", "值班"],
            ["2026-11-24", "1", "甲", "101", "坐席代表", "全天", ""],
            ["2026-11-24", "2", "乙", "101", "组长", "全天", "是"],
            ["2026-11-24", "3", "丙", "102", "主任", "夜班X", ""]]
    df, problems = schedule(rows)
    assert df.set_index("agent_id").loc["2", "duty"]
    assert df.set_index("agent_id").loc["3", "role"] == "director"
    assert problems[["row", "severity"]].values.tolist() == [[4, "warning"]]   # unknown shift, kept as full day
    assert df.set_index("agent_id").loc["3", "working"]


def test_config_shift_codes():
    cfg = make_settings(shifts={"C": "rest", "D1": "morning"})
    rows = [["日期", "工号", "姓名", "组别", "班次"], ["2026-11-24", "1", "甲", "101", "c"], ["2026-11-24", "2", "乙", "101", "D1"]]
    df, problems = schedule(rows, cfg=cfg)
    assert problems.empty and df["shift_kind"].tolist() == ["rest", "morning"]


def test_projects_with_rates_in_both_forms_and_a_total_row():
    rows = [["2026年11月每日项目安排"], [], ["日期", "班组", "外呼项目", "话术", "目标成功率", "目标办理量"],
            ["2026-11-24", "101", "新华手机报", "V3.2", "8.5%", "40"],
            [dt.date(2026, 11, 24), "102", "手机阅读", "", 0.085, ""],
            ["2026-11-24", "103", "", "", "", ""],
            ["合计", "", "", "", "", 40]]
    p = Problems()
    df = parse_projects(RawSheet("projects.xlsx", "Sheet1", rows), make_settings(), p)
    assert df["group"].tolist() == ["101", "102"]
    assert df["target_rate"].tolist() == pytest.approx([0.085, 0.085])
    assert df.iloc[0]["target_handled"] == 40.0 and pd.isna(df.iloc[1]["target_handled"])
    assert [(r["row"], r["column"]) for r in p.rows if r["severity"] != "info"] == [(6, "外呼项目")]
    assert [(r["row"], r["message_en"]) for r in p.rows if r["severity"] == "info"] == [(7, "skipped 1 totals row: row 7")]


# Issue 15, item 3: value forms of real exports, through the report parser.

def test_agent_id_with_the_name_written_in_it():
    rows = [["日期", "时段", "工号", "姓名", "数据量", "办理量"],
            ["2026-11-24", 9, "1001 [张三]", "", "40", "4"],
            ["2026-11-24", 9, "1002(李四)", "李四四", "30", "3"],    # the name column, when filled, wins
            ["2026-11-24", 9, "王五（1003）", "", "20", "2"],
            ["2026-11-24", 9, "１００４", "赵六", "１０", "１"]]
    df, problems = reports(rows)
    assert problems.empty
    assert list(df["agent_id"]) == ["1001", "1002", "1003", "1004"]
    assert list(df["name"]) == ["张三", "李四四", "王五", "赵六"]
    assert list(df["volume"]) == [40.0, 30.0, 20.0, 10.0] and list(df["handled"]) == [4.0, 3.0, 2.0, 1.0]


def test_us_day_first_iso_dates_and_am_pm_hours():
    rows = [["日期", "时段", "工号", "数据量", "办理量"],
            ["11/24/2026", "9:00 AM", "1001", 10, 1],
            ["24/11/2026", "8:00AM", "1001", 10, 1],
            ["2026-11-24T09:00:00", "09am to 10am", "1002", 10, 1],
            ["2026-11-24", "2026-11-24 13:00:00", "1002", 10, 1]]
    df, problems = reports(rows)
    assert problems.empty
    assert (df["date"] == D).all()
    assert list(df["hour"]) == [9, 8, 9, 13] and list(df["end_minute"]) == [600, 540, 600, 840]


def test_an_ambiguous_date_is_an_error_naming_the_cell_until_date_order_says():
    rows = [["日期", "时段", "工号", "数据量", "办理量"], ["03/04/2026", 9, "1001", 10, 1], ["24/11/2026", 9, "1001", 5, 1]]
    df, problems = reports(rows)
    assert list(df["volume"]) == [5.0]
    assert len(problems) == 1
    p = problems.iloc[0]
    assert p["row"] == 2 and p["column"] == "日期" and p["severity"] == "error"
    assert "第 2 行 A 列" in p["message"] and "date_order" in p["message"] and "'03/04/2026'" in p["message"]
    df, problems = reports(rows, cfg=make_settings(reports={"date_order": "dmy"}))
    assert problems.empty and list(df["date"]) == [pd.Timestamp("2026-04-03"), D]
    df, problems = reports(rows, cfg=make_settings(reports={"date_order": "mdy"}))
    assert problems.empty and list(df["date"]) == [pd.Timestamp("2026-03-04"), D]


def test_dash_and_na_are_empty_in_optional_figures_and_errors_in_required_ones():
    rows = [["日期", "时段", "工号", "数据量", "接通量", "办理量", "销售额", "通话时长"],
            ["2026-11-24", 9, "1001", 10, "-", 1, "N/A", "—"],
            ["2026-11-24", 9, "1002", 20, "--", 2, "n/a", "0:01:00"],
            ["2026-11-24", 9, "1003", "-", 5, 1, 0, 0],
            ["2026-11-24", 9, "1004", 10, 5, "N/A", 0, 0]]
    df, problems = reports(rows)
    assert list(df["agent_id"]) == ["1001", "1002"]
    assert df["connected"].isna().all() and df["sales"].isna().all()
    assert df["talk_seconds"].isna().tolist() == [True, False] and df["talk_seconds"].iloc[1] == 60.0
    assert sorted(zip(problems["row"], problems["column"])) == [(4, "数据量"), (5, "办理量")]
    assert (problems["severity"] == "error").all()


@pytest.mark.parametrize("sep", [",", ";", "\t", "|"])
def test_csv_separators_detected(tmp_path, sep):
    from lib.floor.sources import FileRef
    from lib.floor.sources.local import read_file
    lines = [["日期", "时段", "工号", "姓名", "数据量", "办理量"], ["2026-11-24", "09:00-10:00", "1001", "张三", "40", "4"],
             ["2026-11-24", "10:00-11:00", "1002", "李四", "30", "3"]]
    f = tmp_path / "r.csv"
    f.write_text("\n".join(sep.join(r) for r in lines) + "\n", encoding="utf-8")
    st = f.stat()
    (sheet,) = read_file(FileRef("reports", f, "reports/r.csv", st.st_size, st.st_mtime))
    p = Problems()
    df = parse_reports(sheet, make_settings(), 1.0, p)
    assert not p.rows
    assert list(df["agent_id"]) == ["1001", "1002"] and list(df["volume"]) == [40.0, 30.0]
    assert list(df["name"]) == ["张三", "李四"]


# Issue 15, item 4: totals rows are whole cells, and each sheet counts the ones it skips.

def test_totals_words_as_whole_cells_in_any_of_the_first_columns():
    rows = [["日期", "时段", "工号", "姓名", "数据量", "办理量"],
            ["2026-11-24", 9, "1001", "张三", 10, 1],
            ["2026-11-24", "汇总", "1001", "张三", 10, 1],          # the 时段 cell of an agent's block total
            ["", "", "TOTALS", "AGENTS:7", 10, 1],                 # VICIdial's last row
            ["总计：", "", "", "", 10, 1], ["Grand Total", "", "", "", 10, 1], ["", "", "", "Totals:", 10, 1],
            ["2026-11-24", 9, "1002", "李四", 20, 2]]
    df, problems = reports(rows)
    assert list(df["agent_id"]) == ["1001", "1002"] and df["volume"].sum() == 30
    assert problems[["row", "severity", "message"]].values.tolist() == \
        [[3, "info", "跳过 5 行合计/小计行：第 3、4、5、6、7 行"]]


@pytest.mark.parametrize("who", ["Sumit Kumar", "Summer Li", "Sumit", "Sum Li", "Totally Jones", "合计数据量", "AGENTS:7"])
def test_names_that_start_like_a_total_are_agents(who):
    rows = [["姓名", "日期", "时段", "工号", "数据量", "办理量"],
            [who, "2026-11-24", 9, "1001", 10, 1], ["Total", "", "", "", 10, 1]]
    df, problems = reports(rows)
    assert list(df["name"]) == [who] and list(df["volume"]) == [10.0]
    assert problems["message_en"].tolist() == ["skipped 1 totals row: row 3"]


def test_a_total_word_beyond_the_first_columns_is_data():
    rows = [["日期", "时段", "工号", "数据量", "办理量", "项目"], ["2026-11-24", 9, "1001", 10, 1, "Total"]]
    df, problems = reports(rows)
    assert list(df["project"]) == ["Total"] and problems.empty


def test_a_roster_counts_its_totals_rows_too():
    rows = [["日期", "工号", "姓名", "组别", "班次"], ["2026-11-24", "1001", "张三", "101", "A"],
            ["合计", "", "", "", ""]]
    p = Problems()
    parse_schedule(RawSheet("schedule.xlsx", "Sheet1", rows), make_settings(), p)
    assert [(r["row"], r["severity"], r["message_en"]) for r in p.rows] == [(3, "info", "skipped 1 totals row: row 3")]


# Issue 15, item 2: half-hour and quarter-hour slots add up into the hour they start in.

def _combined(frames, cfg=None):
    from lib.floor.load.combine import combine_reports
    from lib.floor.schema import conform
    problems: list[dict] = []
    out = combine_reports(pd.concat(frames, ignore_index=True), conform(pd.DataFrame(), "schedule"),
                          cfg or make_settings(), problems)
    return out.sort_values(["agent_id", "hour"]).reset_index(drop=True), problems


HALF_HDR = ["日期", "时段", "工号", "姓名", "数据量", "接通量", "办理量"]
HALF = [HALF_HDR,                                                              # row 1
        ["2026-11-24", "09:00:00-09:30:00", "1001", "张三", "20", "10", "2"],   # row 2
        ["2026-11-24", "09:30:00-10:00:00", "1001", "张三", "16", "8", "1"],    # row 3
        ["2026-11-24", "10:00:00-10:30:00", "1001", "张三", "12", "-", "1"],    # row 4
        ["2026-11-24", "汇总", "1001", "张三", "48", "18", "4"],                # row 5: the agent's total
        ["2026-11-24", "9:00-9:30", "1002", "李四", "10", "5", "1"],            # row 6
        ["2026-11-24", "9:30-10:00", "1002", "李四", "14", "7", "2"],           # row 7
        ["2026-11-24", "汇总", "1002", "李四", "24", "12", "3"],                # row 8
        ["总计", "", "", "", "72", "30", "7"]]                                  # row 9


def test_half_hours_are_summed_into_their_hour_and_totals_skipped():
    df, problems = reports(HALF)
    assert list(df["start_minute"]) == [540, 570, 600, 540, 570] and list(df["hour"]) == [9, 9, 10, 9, 9]
    assert problems["message_en"].tolist() == ["skipped 3 totals rows: rows 5, 8, 9"]
    out, notes = _combined([df])
    assert notes == []
    # 1001 at 9: 20+16 = 36, 10+8 = 18, 2+1 = 3; at 10: 12, connected not given, 1. 1002 at 9: 10+14, 5+7, 1+2.
    assert out[["agent_id", "hour", "start_minute", "end_minute", "volume", "handled"]].values.tolist() == [
        ["1001", 9, 540, 600, 36.0, 3.0], ["1001", 10, 600, 630, 12.0, 1.0], ["1002", 9, 540, 600, 24.0, 3.0]]
    assert out["connected"].tolist()[0] == 18.0 and pd.isna(out["connected"].tolist()[1])
    assert out["connected"].tolist()[2] == 12.0
    assert list(out["row"]) == [2, 4, 6]   # messages point at the hour's first slot


def test_quarter_hours_add_up_too():
    rows = [HALF_HDR] + [["2026-11-24", f"09:{a:02d}-{'10:00' if b == 60 else f'09:{b:02d}'}", "1003", "", 5, 1, k % 2]
                         for k, (a, b) in enumerate([(0, 15), (15, 30), (30, 45), (45, 60)])]
    df, problems = reports(rows)
    assert problems.empty and list(df["start_minute"]) == [540, 555, 570, 585]
    out, _ = _combined([df])
    assert out[["hour", "end_minute", "volume", "connected", "handled"]].values.tolist() == [[9, 600, 20.0, 4.0, 2.0]]


def test_a_half_hour_in_two_files_is_a_duplicate_of_itself_only():
    older, _ = reports(HALF[:4], file="reports/a.xlsx")
    newer, _ = reports([HALF_HDR, ["2026-11-24", "09:30:00-10:00:00", "1001", "张三", "18", "9", "2"]],
                       file="reports/b.xlsx")
    newer["mtime"] = 2.0
    out, notes = _combined([older, newer])
    # 09:00-09:30 from a.xlsx (20/2) plus b.xlsx's 09:30-10:00 (18/2), not a.xlsx's (16/1)
    assert out[["hour", "volume", "handled"]].values.tolist() == [[9, 38.0, 4.0], [10, 12.0, 1.0]]
    assert [(n["file"], n["row"], n["severity"]) for n in notes] == [("reports/a.xlsx", 3, "warning")]


def test_half_hour_running_totals():
    rows = [HALF_HDR, ["2026-11-24", "09:00-09:30", "1001", "", 20, 10, 2], ["2026-11-24", "09:30-10:00", "1001", "", 36, 18, 3],
            ["2026-11-24", "10:00-10:30", "1001", "", 48, 20, 4]]
    cfg = make_settings(reports={"cumulative": True})
    df, _ = reports(rows, cfg=cfg)
    out, notes = _combined([df], cfg)
    # slots 20/2, 16/1, 12/1: hour 9 = 36/3, hour 10 = 12/1
    assert notes == [] and out[["hour", "volume", "connected", "handled"]].values.tolist() == \
        [[9, 36.0, 18.0, 3.0], [10, 12.0, 2.0, 1.0]]


# Issue 15, item 5: header names of common exports are built-in aliases.

@pytest.mark.parametrize("name, field", [
    ("USER NAME", "name"), ("Agent Name", "name"), ("ID", "agent_id"), ("User", "agent_id"), ("Agent ID", "agent_id"),
    ("Login ID", "agent_id"), ("员工号", "agent_id"), ("座席号", "agent_id"), ("坐席号", "agent_id"),
    ("呼叫量", "volume"), ("呼叫总数", "volume"), ("外呼总量", "volume"), ("外呼总数", "volume"), ("外呼次数", "volume"),
    ("外呼量", "volume"), ("Dials", "volume"), ("成功量", "handled"), ("成功数", "handled"),
    ("外呼接通数", "connected"), ("接通次数", "connected"), ("通话总时长", "talk_seconds"), ("TALK", "talk_seconds"),
    ("通话总时长(秒)", "talk_seconds"), ("统计日期", "date"), ("统计时间", "date"),
    ("技能组", "group"), ("外呼组", "group"), ("坐席组", "group")])
def test_common_export_headers(name, field):
    from lib.floor.load.headers import alias_map, field_of
    assert field_of(name, alias_map("reports", {})) == field


@pytest.mark.parametrize("name", ["CALLS", "SALE", "NI", "CURRENT USER GROUP", "MOST RECENT USER GROUP", "TIME",
                                  "PAUSE", "TALKAVG", "DISPO", "CUSTOMER"])
def test_names_that_differ_between_centers_are_not_guessed(name):
    from lib.floor.load.headers import alias_map, field_of
    assert field_of(name, alias_map("reports", {})) is None


def test_no_alias_names_two_fields():
    from lib.floor.load.headers import DEFAULT_ALIASES
    from lib.floor.load.values import norm_header
    for table, fields in DEFAULT_ALIASES.items():
        seen: dict[str, str] = {}
        for field, names in fields.items():
            for n in names:
                assert seen.setdefault(norm_header(n), field) == field, (table, n)


def test_a_platform_export_reads_with_its_own_header_names():
    # 坐席号 with the name in it, 统计日期, 技能组, 呼叫总数, 外呼接通数, 成功数, 通话总时长 as h:mm:ss
    rows = [["统计日期", "时段", "坐席号", "技能组", "呼叫总数", "外呼接通数", "成功数", "通话总时长"],
            ["2026-11-24", "09:00-10:00", "1001 [张三]", "A组", "40", "20", "4", "0:10:00"],
            ["2026-11-24", "09:00-10:00", "1002 [李四]", "A组", "30", "15", "3", "0:05:30"]]
    df, problems = reports(rows)
    assert problems.empty
    assert df[["agent_id", "name", "row_group", "volume", "connected", "handled", "talk_seconds"]].values.tolist() == [
        ["1001", "张三", "A组", 40.0, 20.0, 4.0, 600.0], ["1002", "李四", "A组", 30.0, 15.0, 3.0, 330.0]]


def test_vicidial_names_map_but_calls_does_not():
    # VICIdial's agent performance header (with an hour column added): USER NAME, ID, TALK map; CALLS does
    # not, so volume is missing and the sheet says so.
    hdr = ["USER NAME", "ID", "CURRENT USER GROUP", "MOST RECENT USER GROUP", "CALLS", "TIME", "PAUSE", "PAUSAVG",
           "WAIT", "WAITAVG", "TALK", "TALKAVG", "DISPO", "DISPAVG", "DEAD", "DEADAVG", "CUSTOMER", "CUSTAVG", "SALE"]
    df, problems = reports([hdr, ["Sumit Kumar", "1001", "AGENTS", "AGENTS", "12"] + ["0:01:00"] * 13 + ["2"]],
                           file="reports/2026-11-24.csv")
    assert df is None
    assert "volume" in problems.iloc[0]["message_en"] and "handled" in problems.iloc[0]["message_en"]
    df, problems = reports([hdr + ["时段"], ["Sumit Kumar", "1001", "AGENTS", "AGENTS", "12"] + ["0:01:00"] * 13 + ["2", 9]],
                           file="reports/2026-11-24.csv", cfg=make_settings(aliases={"volume": ["CALLS"], "handled": ["SALE"]}))
    assert problems.empty
    assert df[["agent_id", "name", "volume", "handled", "talk_seconds"]].values.tolist() == [["1001", "Sumit Kumar", 12.0, 2.0, 60.0]]


def test_the_roster_and_project_list_read_ambiguous_dates_by_date_order_too():
    roster = [["日期", "工号", "姓名", "组别", "班次"], ["03/04/2026", "1001", "张三", "101", "A"], ["24/11/2026", "1002", "李四", "101", "A"]]
    projects = [["日期", "班组", "外呼项目"], ["03/04/2026", "101", "新华手机报"], ["11/24/2026", "102", "手机阅读"]]
    p = Problems()
    df = parse_schedule(RawSheet("schedule.xlsx", "Sheet1", roster), make_settings(), p)
    assert list(df["agent_id"]) == ["1002"] and list(df["date"]) == [D]
    assert [(r["row"], r["severity"]) for r in p.rows] == [(2, "error")] and "date_order" in p.rows[0]["message"]
    p = Problems()
    df = parse_projects(RawSheet("projects.xlsx", "Sheet1", projects), make_settings(), p)
    assert list(df["group"]) == ["102"] and "date_order" in p.rows[0]["message_en"]
    cfg = make_settings(reports={"date_order": "dmy"})
    p = Problems()
    df = parse_schedule(RawSheet("schedule.xlsx", "Sheet1", roster), cfg, p)
    assert not p.rows and list(df["date"]) == [pd.Timestamp("2026-04-03"), D]
    p = Problems()
    df = parse_projects(RawSheet("projects.xlsx", "Sheet1", projects), cfg, p)
    assert not p.rows and list(df["date"]) == [pd.Timestamp("2026-04-03"), D]
