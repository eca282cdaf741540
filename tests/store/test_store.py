"""The store suite, run on both backends: what is appended reads back exactly, latest by default."""
from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from lib.store import RECORD_COLUMNS, TABLES, RecordError, StoreError
from lib.store.safe import FORMULA_START
from tests.store.conftest import CORPUS, DAY, RECORDS_KEY, gsheets_store, local_store

SAMPLES = {
    "qa": {"日期": DAY, "工号": "007", "姓名": "张三", "组别": "101组", "项目": "新华手机报", "录音编号": "0009876543210",
           "态度": 5, "开场白": 9.5, "总分": 88, "分析指导": "开场白太快"},
    "attendance": {"日期": DAY, "组别": "101组", "项目": "新华手机报", "应出勤": 12, "实到": 11, "工号": "1234",
                   "姓名": "张三", "类别": "病假", "时长(小时)": 4, "原因": "发烧", "扣分": -0.3,
                   "替班说明": "101组1234张三替102组4321李四上班,外呼新华手机报"},
    "duty_log": {"日期": DAY, "值班组长": "王五", "时段": "上午", "组别": "101组", "人数": 12, "数据量": 1500,
                 "办理量": 120, "办理率": 0.08, "人均数据量": 125, "人均办理量": 10, "备注": ""},
    "monitoring": {"日期": DAY, "时段": "11:00", "工号": "0456", "组别": "102组", "触发原因": "办理率低于组均70%",
                   "处理措施": "监听3通", "结果": "话术不熟"},
    "ratings": {"月份": "2026-11", "被评人": "0001", "评分人角色": "部门经理", "销售管理": 13.5, "日常事务": 9},
    "coaching": {"日期": DAY, "工号": "0456", "组别": "102组", "目标": "办理率8%", "现状": "5%", "方案": "跟听",
                 "行动": "每天跟听2通", "期限": "2026-11-30", "状态": "进行中", "关联记录": "20261125-abc"},
    "callbacks": {"日期": DAY, "工号": "0456", "组别": "102组", "客户电话": "013800138000", "原因": "要求回电",
                  "回拨时间": "15:00", "状态": "待回拨"},
    "minutes": {"日期": DAY, "主持人": "王五", "记录人": "赵六", "参会人": "全体组长", "内容": "周会\n第二行",
                "决定事项": "=下周起每天两次监听"},
    "month_review": {"月份": "2026-11", "组别": "101组", "目标": "8%", "过程": "…", "结果": "7.5%", "原因": "新人多",
                     "经验": "跟听有效", "下月目标": "8.5%"},
    "broadcast_log": {"日期": DAY, "时间点": "11:00", "类别": "排名", "方式": "自动", "发出时间": "11:00", "结果": "失败",
                      "说明": "errcode 310000: sign not match"},
    "month_stars": {"月份": "2026-11", "工号": "0456", "姓名": "张三", "组别": "102组", "理由": "=办理率 9.1%，质检 92"},
}


def period_kw(name: str) -> dict:
    return {"month": "2026-11"} if TABLES[name].by_month else {"day": DAY}


def assert_row(row: pd.Series, given: dict) -> None:
    for k, v in given.items():
        got = row[k]
        if k == "日期":
            assert got == pd.Timestamp(v)
        elif isinstance(v, (int, float)):
            assert got == pytest.approx(float(v)), k
        else:
            assert got == v, k


@pytest.mark.parametrize("name", list(TABLES))
def test_every_table_round_trips_with_its_columns(store, name):
    spec = TABLES[name]
    ids = store.append(name, [SAMPLES[name]], submitted_by="lead01")
    df = store.read(name, **period_kw(name))
    assert list(df.columns[: len(spec.columns)]) == [c for c in spec.header(list(SAMPLES[name])) if c in df.columns][
        : len(spec.columns)]
    assert list(df.columns[-len(RECORD_COLUMNS):]) == list(RECORD_COLUMNS)
    assert set(spec.columns) <= set(df.columns)
    assert len(df) == 1 and df["记录编号"].tolist() == ids
    assert_row(df.iloc[0], SAMPLES[name])
    for col in spec.numbers:
        assert df[col].dtype == "float64"


def test_record_columns_id_time_zone_and_who(store):
    ids = store.append("qa", [SAMPLES["qa"], {**SAMPLES["qa"], "工号": "008"}], submitted_by="lead01")
    df = store.read_day("qa", DAY)
    assert len(set(ids)) == 2 and all(i.startswith("20261125-") for i in ids)
    # the root conftest fixes the floor's clock at 2026-11-25 11:05; the zone is [floor] timezone
    assert df["提交时间"].tolist() == ["2026-11-25T11:05:00+08:00"] * 2
    assert datetime.fromisoformat(df["提交时间"][0]).utcoffset().total_seconds() == 8 * 3600
    assert df["提交人"].tolist() == ["lead01", "lead01"]
    assert df["更正记录"].tolist() == ["", ""]


def test_time_zone_comes_from_config(tmp_path, fake, monkeypatch):
    from tests.store.conftest import make_cfg
    from lib.store import open_store

    monkeypatch.delenv("TEAMBOARD_NOW")
    cfg = make_cfg(tmp_path, floor={"timezone": "America/New_York", "now": ""})
    st = open_store(cfg, tmp_path)
    st.append("qa", [SAMPLES["qa"]], submitted_by="x")
    stamp = datetime.fromisoformat(st.read_day("qa", DAY)["提交时间"][0])
    assert stamp.utcoffset().total_seconds() in (-5 * 3600, -4 * 3600)


def test_ids_read_back_as_text_exactly(store):
    ids_ = ["007", "0123", "000123456789012345", "1e5", "12.50", "013800138000"]
    store.append("callbacks", [{"日期": DAY, "工号": i, "客户电话": i, "组别": "101组"} for i in ids_], "lead")
    store.append("qa", [{"日期": DAY, "工号": 7, "录音编号": "0001", "总分": "90"}], "lead")   # a number given for an id
    df = store.read_day("callbacks", DAY)
    assert df["工号"].tolist() == ids_ and df["客户电话"].tolist() == ids_
    assert df["工号"].map(type).eq(str).all()
    qa = store.read_day("qa", DAY)
    assert qa["工号"].tolist() == ["7"] and qa["录音编号"].tolist() == ["0001"] and qa["总分"].tolist() == [90.0]


def test_formula_corpus_reads_back_exactly_and_no_cell_is_a_formula(store, fake):
    rows = [{"日期": DAY, "工号": v, "姓名": v, "组别": "101组", "分析指导": v, "总分": 1} for v in CORPUS]
    store.append("qa", rows, submitted_by="=cmd|' /C calc'!A0")
    store.append("minutes", [{"日期": DAY, "内容": v, "决定事项": v} for v in CORPUS], submitted_by="lead")
    df = store.read_day("qa", DAY)
    for col in ("工号", "姓名", "分析指导"):
        assert df[col].tolist() == CORPUS, col
    assert set(df["提交人"]) == {"=cmd|' /C calc'!A0"}
    assert store.read_day("minutes", DAY)["内容"].tolist() == CORPUS
    if store.kind == "gsheets":
        assert fake.formulas(RECORDS_KEY) == 0
        writes = fake.calls("POST", ":append") + fake.calls("PUT")
        assert writes and all(c[2]["valueInputOption"] == "RAW" for c in writes)
    else:
        from openpyxl import load_workbook

        files = list(Path(store.root).rglob("*.xlsx"))
        assert files
        for f in files:
            for row in load_workbook(f).active.iter_rows():
                for c in row:
                    assert c.data_type != "f", (f, c.coordinate, c.value)
                    if isinstance(c.value, str) and c.value.startswith(FORMULA_START):
                        assert c.quotePrefix, (f, c.coordinate)


def test_correction_is_a_new_row_and_reads_latest(store):
    [a, b] = store.append("qa", [SAMPLES["qa"], {**SAMPLES["qa"], "工号": "008", "总分": 70}], "lead01")
    c = store.correct("qa", a, {**SAMPLES["qa"], "总分": 95}, "lead02")
    d = store.correct("qa", c, {**SAMPLES["qa"], "总分": 96}, "lead03")
    df = store.read_day("qa", DAY)
    assert df["记录编号"].tolist() == [d, b]           # the corrected record keeps its place
    assert df["总分"].tolist() == [96.0, 70.0]
    assert df.loc[0, "更正记录"] == c and df.loc[0, "提交人"] == "lead03"
    hist = store.read_day("qa", DAY, history=True)
    assert hist["记录编号"].tolist() == [a, b, c, d]
    assert hist["总分"].tolist() == [88.0, 70.0, 95.0, 96.0]


def test_void_withdraws_a_record_and_keeps_history(store):
    [a, b] = store.append("monitoring", [SAMPLES["monitoring"], {**SAMPLES["monitoring"], "工号": "0457"}], "lead")
    v = store.void("monitoring", a, "lead2")
    assert store.read_day("monitoring", DAY)["记录编号"].tolist() == [b]
    hist = store.read_day("monitoring", DAY, history=True)
    assert hist["记录编号"].tolist() == [a, b, v]
    assert hist.loc[2, "作废"] == "是" and hist.loc[2, "更正记录"] == a and hist.loc[2, "工号"] == "0456"


def test_correction_keeps_the_record_period(store):
    [a] = store.append("qa", [SAMPLES["qa"]], "lead")
    with pytest.raises(StoreError, match="keeps the record's 日期"):
        store.correct("qa", a, {**SAMPLES["qa"], "日期": "2026-11-26"}, "lead")
    with pytest.raises(StoreError, match="not in 质检评分"):
        store.correct("qa", "20261125-doesnotexist", SAMPLES["qa"], "lead")
    assert len(store.read_day("qa", DAY, history=True)) == 1


def test_month_reads_every_day_and_month_tables(store):
    for day in ("2026-11-01", "2026-11-25", "2026-11-30", "2026-12-01"):
        store.append("qa", [{**SAMPLES["qa"], "日期": day}], "lead")
    assert sorted(store.read_month("qa", "2026-11")["日期"].dt.day.tolist()) == [1, 25, 30]
    assert len(store.read_day("qa", "2026-12-01")) == 1
    assert store.read_day("qa", "2026-11-02").empty
    store.append("ratings", [SAMPLES["ratings"], {**SAMPLES["ratings"], "评分人角色": "员工", "销售管理": 12}], "mgr")
    r = store.read_month("ratings", "2026-11")
    assert r["评分人角色"].tolist() == ["部门经理", "员工"] and r["月份"].tolist() == ["2026-11"] * 2
    assert r["销售管理"].tolist() == [13.5, 12.0]
    with pytest.raises(ValueError, match="kept by 月份"):
        store.read_day("ratings", DAY)


def test_scorecard_items_are_columns_and_may_grow(store):
    store.append("qa", [{"日期": DAY, "工号": "1", "态度": 5, "总分": 80}], "lead")
    store.append("qa", [{"日期": DAY, "工号": "2", "态度": 4, "礼貌用语": 3, "总分": 90}], "lead")
    df = store.read_day("qa", DAY)
    cols = list(df.columns)
    assert cols.index("录音编号") < cols.index("态度") < cols.index("总分")
    assert df["态度"].tolist() == [5.0, 4.0]
    assert pd.isna(df["礼貌用语"][0]) and df["礼貌用语"][1] == 3.0


def test_bad_rows_raise_and_write_nothing(store):
    bad = [SAMPLES["qa"], {**SAMPLES["qa"], "总分": "abc"}, {"日期": "2026-13-45", "工号": ""}]
    with pytest.raises(RecordError) as e:
        store.append("qa", bad, "lead")
    found = {(p.row, p.column) for p in e.value.problems}
    assert {(2, "总分"), (3, "日期"), (3, "工号")} <= found
    with pytest.raises(RecordError, match="not a column of 考勤"):
        store.append("attendance", [{**SAMPLES["attendance"], "备注x": "?"}], "lead")
    with pytest.raises(RecordError, match="not one of 待回拨"):
        store.append("callbacks", [{**SAMPLES["callbacks"], "状态": "随便"}], "lead")
    with pytest.raises(RecordError, match="set by the store"):
        store.append("qa", [{**SAMPLES["qa"], "记录编号": "mine"}], "lead")
    with pytest.raises(RecordError, match="who submits"):
        store.append("qa", [SAMPLES["qa"]], "  ")
    assert store.read_day("qa", DAY, history=True).empty
    assert store.read_day("attendance", DAY, history=True).empty


def test_day_defaults_to_the_floor_today(store):
    store.append("monitoring", [{"工号": "0456", "触发原因": "低"}], "lead")
    assert store.read_day("monitoring", "2026-11-25")["工号"].tolist() == ["0456"]
    store.append("month_review", [{"组别": "101组"}], "lead")
    assert len(store.read_month("month_review", "2026-11")) == 1


def test_import_rows_is_all_or_none_and_idempotent(store):
    rows = [{**SAMPLES["qa"], "日期": d} for d in ("2026-11-24", "2026-11-25", "2026-11-26")]
    assert store.import_rows("qa", rows, "import", id_seed="file-1") == (3, 0)
    assert store.import_rows("qa", rows, "import", id_seed="file-1") == (0, 3)
    assert len(store.read_month("qa", "2026-11", history=True)) == 3


def test_threads_appending_at_once_lose_nothing(store):
    errors = []

    def work(n):
        try:
            for i in range(10):
                store.append("qa", [{"日期": DAY, "工号": f"{n:02d}{i:02d}", "总分": i}], f"lead{n}")
        except Exception as e:   # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    df = store.read_day("qa", DAY)
    assert len(df) == 200 and df["记录编号"].is_unique
    assert sorted(df["工号"]) == sorted(f"{n:02d}{i:02d}" for n in range(20) for i in range(10))


def test_same_suite_backends_agree(tmp_path, fake):
    frames = []
    for st in (local_store(tmp_path), gsheets_store(fake)):
        st.append("qa", [SAMPLES["qa"]], "lead")
        st.append("callbacks", [SAMPLES["callbacks"]], "lead")
        frames.append([st.read_day(t, DAY).drop(columns=["记录编号"]) for t in ("qa", "callbacks")])
    for a, b in zip(*frames):
        pd.testing.assert_frame_equal(a, b)
