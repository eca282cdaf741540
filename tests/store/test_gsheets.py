"""Google Sheets backend against the in-process fake: RAW appends, text IDs, retries, clear messages."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests
from requests.adapters import BaseAdapter

from lib.store import StoreError
from tests.store.conftest import ACCOUNT, DAY, RECORDS_KEY, gspread_client, gsheets_store, make_cfg
from tests.store.fake_sheets import FakeSheets

ROW = {"日期": DAY, "工号": "007", "录音编号": "0001", "总分": 90, "分析指导": "=1+1"}
RECORDED = json.loads((Path(__file__).parent / "cassettes" / "gspread_recorded.json").read_text(encoding="utf-8"))


def test_append_is_raw_insert_rows_and_creates_the_worksheet_with_its_header(fake):
    st = gsheets_store(fake)
    st.append("qa", [ROW], "lead")
    [append] = fake.calls("POST", ":append")
    assert append[1] == f"{RECORDS_KEY}/values/'质检评分':append"
    assert append[2] == {"valueInputOption": "RAW", "insertDataOption": "INSERT_ROWS"}
    [add] = fake.calls("POST", ":batchUpdate")
    assert add[3]["requests"][0]["addSheet"]["properties"]["title"] == "质检评分"
    values = fake.values(RECORDS_KEY, "质检评分")
    assert values[0][:6] == ["日期", "工号", "姓名", "组别", "项目", "录音编号"]
    assert values[1][1] == "007" and values[1][values[0].index("分析指导")] == "=1+1"
    assert fake.formulas(RECORDS_KEY) == 0


def test_reads_are_unformatted_and_not_numericised(fake):
    st = gsheets_store(fake)
    st.append("qa", [ROW], "lead")
    df = st.read_day("qa", DAY)
    [get] = [c for c in fake.calls("GET", "/values/'质检评分'") if "!" not in c[1]]
    assert get[2]["valueRenderOption"] == "UNFORMATTED_VALUE"
    assert df["工号"].tolist() == ["007"] and df["录音编号"].tolist() == ["0001"] and df["总分"].tolist() == [90.0]


def test_rows_typed_into_the_sheet_by_hand_are_read(fake):
    st = gsheets_store(fake)
    st.append("qa", [ROW], "lead")
    sheet = fake.books[RECORDS_KEY].sheet("质检评分")
    header = fake.values(RECORDS_KEY, "质检评分")[0]
    by_hand = {"日期": 46351, "工号": 8, "总分": "85", "记录编号": "manual-1"}   # a date cell is a serial number
    for j, name in enumerate(header, 1):
        sheet.put(3, j, {"v": by_hand.get(name, "")})
    df = st.read_day("qa", DAY)
    assert df["工号"].tolist() == ["007", "8"] and df["总分"].tolist() == [90.0, 85.0]


def test_user_entered_would_have_broken_ids_and_made_formulas(fake):
    # the fake tells RAW from USER_ENTERED, so the RAW assertions above mean something
    ws = gspread_client(fake).open_by_key(RECORDS_KEY).sheet1
    ws.append_rows([["007", "=1+1"]], value_input_option="USER_ENTERED")
    assert fake.values(RECORDS_KEY, "Sheet1") == [[7, "=1+1"]] and fake.formulas(RECORDS_KEY) == 1


def test_quota_429_is_retried_with_growing_waits(fake, sleeps):
    st = gsheets_store(fake, sleeps, backoff_seconds=1.0)
    st.append("qa", [ROW], "lead")                     # worksheet and header exist now
    fake.fail("POST", ":append", 429, times=3)
    [rid] = st.append("qa", [{**ROW, "工号": "008"}], "lead")
    assert len(fake.calls("POST", ":append")) == 1 + 4
    assert len(sleeps) == 3 and 0.5 <= sleeps[0] <= 1.0 and 1.0 <= sleeps[1] <= 2.0 and 2.0 <= sleeps[2] <= 4.0
    assert st.read_day("qa", DAY)["记录编号"].tolist()[-1] == rid


def test_retry_after_header_is_honoured(fake, sleeps):
    st = gsheets_store(fake, sleeps, backoff_seconds=0.01)
    st.append("qa", [ROW], "lead")
    fake.fail("POST", ":append", 429, retry_after="7")
    st.append("qa", [ROW], "lead")
    assert sleeps == [7.0]


def test_quota_that_never_clears_gives_a_clear_error_and_writes_nothing(fake, sleeps):
    st = gsheets_store(fake, sleeps, retries=2)
    st.append("qa", [ROW], "lead")
    fake.fail("POST", ":append", 429, times=10)
    with pytest.raises(StoreError, match="quota exceeded.*质检评分.*1TeamBoardRecordsKey.*3 tries"):
        st.append("qa", [{**ROW, "工号": "008"}], "lead")
    assert st.read_day("qa", DAY)["工号"].tolist() == ["007"]


def test_a_lost_answer_does_not_double_the_row(fake, sleeps):
    st = gsheets_store(fake, sleeps)
    st.append("qa", [ROW], "lead")
    fake.fail("POST", ":append", 503, apply=True)      # Google applied it, the answer never came
    st.append("qa", [{**ROW, "工号": "008"}, {**ROW, "工号": "009"}], "lead")
    assert st.read_day("qa", DAY, history=True)["工号"].tolist() == ["007", "008", "009"]
    assert len(fake.calls("POST", ":append")) == 2      # the ids were found: no second append


def test_server_errors_on_read_are_retried(fake, sleeps):
    st = gsheets_store(fake, sleeps)
    st.append("qa", [ROW], "lead")
    fake.fail("GET", "/values/'质检评分'", 500, times=2)
    assert len(st.read_day("qa", DAY)) == 1 and len(sleeps) == 2


def test_missing_spreadsheet_is_named(fake):
    fake.books.clear()
    st = gsheets_store(fake)
    with pytest.raises(StoreError) as e:
        st.append("qa", [ROW], "lead")
    msg = str(e.value)
    assert RECORDS_KEY in msg and "质检评分" in msg and "not found" in msg and "[source.gsheets]" in msg


def test_no_permission_is_named_with_the_account_to_share_with(fake):
    fake.forbidden.add(RECORDS_KEY)
    st = gsheets_store(fake)
    with pytest.raises(StoreError, match=f"no permission.*{RECORDS_KEY}.*{ACCOUNT}.*Editor"):
        st.read_day("qa", DAY)


def test_read_only_share_is_named_on_write(fake):
    st = gsheets_store(fake)
    st.append("qa", [ROW], "lead")
    fake.read_only.add(RECORDS_KEY)
    with pytest.raises(StoreError, match="no permission to write worksheet '质检评分' \\(qa\\) in spreadsheet"):
        st.append("qa", [ROW], "lead")


def test_missing_worksheet_is_named_when_creation_is_off(fake):
    st = gsheets_store(fake, create_worksheets=False)
    assert st.read_day("qa", DAY).empty                   # nothing written yet reads as empty
    with pytest.raises(StoreError, match=f"worksheet '质检评分' \\(qa\\) in spreadsheet {RECORDS_KEY} is missing"):
        st.append("qa", [ROW], "lead")


def test_no_spreadsheet_configured_is_named():
    cfg = make_cfg(source={"kind": "gsheets", "gsheets": {"records": ""}})
    from lib.store import open_store

    st = open_store(cfg, None, client=gspread_client(FakeSheets()))
    with pytest.raises(StoreError, match="set \\[source.gsheets\\] records"):
        st.read_day("qa", DAY)


def test_a_table_may_have_its_own_spreadsheet_given_by_url(fake):
    fake.add_book("QaOnlyKey123")
    cfg = make_cfg(source={"kind": "gsheets", "gsheets": {
        "records": RECORDS_KEY, "qa": "https://docs.google.com/spreadsheets/d/QaOnlyKey123/edit#gid=0"}})
    from lib.store import open_store

    st = open_store(cfg, None, client=gspread_client(fake))
    st.append("qa", [ROW], "lead")
    st.append("monitoring", [{"日期": DAY, "工号": "1"}], "lead")
    assert fake.books["QaOnlyKey123"].sheet("质检评分") and fake.books[RECORDS_KEY].sheet("监听记录")


def test_new_scorecard_item_widens_the_sheet_without_cutting_it(fake):
    st = gsheets_store(fake)
    st.append("qa", [ROW], "lead")
    sheet = fake.books[RECORDS_KEY].sheet("质检评分")
    sheet.cols = len(fake.values(RECORDS_KEY, "质检评分")[0])    # a sheet exactly as wide as its header
    st.append("qa", [{**ROW, "礼貌用语": 3}], "lead")
    assert any("appendDimension" in r for c in fake.calls("POST", ":batchUpdate") for r in c[3]["requests"])
    df = st.read_day("qa", DAY)
    assert df["礼貌用语"].tolist()[1] == 3.0 and df["工号"].tolist() == ["007", "007"]


def test_two_writers_adding_the_worksheet_at_once(fake):
    a, b = gsheets_store(fake), gsheets_store(fake)
    a.append("qa", [ROW], "lead")
    b._books.clear()
    from gspread.exceptions import WorksheetNotFound

    real = type(b)._book

    def stale(self, spec):      # b saw the spreadsheet before a added the worksheet
        book = real(self, spec)
        orig = book.worksheet
        calls = {"n": 0}

        def first_missing(title):
            calls["n"] += 1
            if calls["n"] == 1:
                raise WorksheetNotFound(title)
            return orig(title)
        book.worksheet = first_missing
        return book

    type(b)._book = stale
    try:
        b.append("qa", [{**ROW, "工号": "008"}], "lead")
    finally:
        type(b)._book = real
    assert a.read_day("qa", DAY)["工号"].tolist() == ["007", "008"]


# -- gspread's recorded responses ----------------------------------------------------------
class Replay(BaseAdapter):
    """Answers with recorded bodies, in order, checking each request's method and path."""

    def __init__(self, script: list[tuple[str, str, int, dict]]):
        super().__init__()
        self.script = list(script)
        self.seen: list[str] = []

    def send(self, request, **kw):
        method, path_part, status, body = self.script.pop(0)
        self.seen.append(f"{request.method} {requests.utils.unquote(request.url)}")
        assert request.method == method and path_part in requests.utils.unquote(request.url), self.seen[-1]
        r = requests.Response()
        r.status_code, r._content, r.url, r.request = status, json.dumps(body).encode(), request.url, request
        r.headers["Content-Type"] = "application/json; charset=UTF-8"
        return r

    def close(self):
        pass


def recorded(name: str) -> dict:
    return next(i for i in RECORDED["interactions"] if i["name"] == name)


def _retitle(body: dict, title: str) -> dict:
    body = json.loads(json.dumps(body))
    body["sheets"][0]["properties"]["title"] = title
    return body


def test_the_store_reads_gspreads_recorded_responses(tmp_path):
    meta = _retitle(recorded("metadata")["response"]["body"], "质检评分")
    header_row = {"range": "'质检评分'!A1:Z1", "majorDimension": "ROWS", "values": [[]]}
    header_row["values"] = [list(__import__("lib.store", fromlist=["table"]).table("qa").header())]
    replay = Replay([
        ("GET", "REPLAYKEY?includeGridData=false", 200, meta),                 # open_by_key
        ("GET", "REPLAYKEY?includeGridData=false", 200, meta),                 # worksheet('质检评分')
        ("GET", "/values/'质检评分'!A1:1", 200, {**recorded("values_get")["response"]["body"], **header_row}),
        ("POST", "/values/'质检评分':append", 200, recorded("append")["response"]["body"]),
    ])
    import gspread

    session = requests.Session()
    session.mount("https://", replay)
    cfg = make_cfg(source={"kind": "gsheets", "gsheets": {"records": "REPLAYKEY"}})
    from lib.store import open_store

    st = open_store(cfg, None, client=gspread.Client(None, session=session))
    [rid] = st.append("qa", [ROW], "lead")
    assert rid.startswith("20261125-") and not replay.script
    # the recorded 404 becomes the store's message
    replay.script = [("GET", "test?includeGridData=false", 404, recorded("not_found")["response"]["body"])]
    cfg = make_cfg(source={"kind": "gsheets", "gsheets": {"records": "test"}})
    with pytest.raises(StoreError, match="spreadsheet test for '质检评分' \\(qa\\) was not found"):
        open_store(cfg, None, client=gspread.Client(None, session=session)).read_day("qa", DAY)


def _shape(x):
    if isinstance(x, dict):
        return {k: _shape(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_shape(x[0])] if x else []
    return type(x).__name__ if not isinstance(x, bool) else "bool"


def _within(fake_shape, real_shape, where="") -> None:
    """Every key the fake answers exists in Google's recorded answer, with the same kind of value."""
    if isinstance(fake_shape, dict):
        assert isinstance(real_shape, dict), where
        for k, v in fake_shape.items():
            assert k in real_shape, f"{where}.{k} is not in the recorded response"
            _within(v, real_shape[k], f"{where}.{k}")
    elif isinstance(fake_shape, list):
        assert isinstance(real_shape, list), where
        if fake_shape and real_shape:
            _within(fake_shape[0], real_shape[0], where + "[]")
    else:
        assert fake_shape == real_shape or {fake_shape, real_shape} <= {"int", "float"}, \
            f"{where}: {fake_shape} vs {real_shape}"


def test_the_fake_answers_in_googles_recorded_shapes():
    fake = FakeSheets()
    fake.add_book("REPLAYKEY", sheets=("Sheet1",))
    session = requests.Session()
    session.mount("https://sheets.googleapis.com/", fake)
    http = session
    base = "https://sheets.googleapis.com/v4/spreadsheets/REPLAYKEY"
    answers = {
        "metadata": http.get(base, params={"includeGridData": "false"}),
        "append": http.post(base + "/values/%27Sheet1%27:append", params={"valueInputOption": "RAW"},
                            json={"values": [[f"test_append_row {i}" for i in range(1, 11)]]}),
        "values_get": http.get(base + "/values/%27Sheet1%27%21A1%3A1"),
        "add_sheet": http.post(base + ":batchUpdate", json={"requests": [{"addSheet": {"properties": {
            "title": "test_add_del_worksheet 1", "sheetType": "GRID",
            "gridProperties": {"rowCount": 1, "columnCount": 1}}}}]}),
        "not_found": http.get("https://sheets.googleapis.com/v4/spreadsheets/test", params={"includeGridData": "false"}),
    }
    for name, resp in answers.items():
        real = recorded(name)["response"]
        assert resp.status_code == real["status"], name
        _within(_shape(resp.json()), _shape(real["body"]), name)
    assert answers["append"].json()["updates"] == recorded("append")["response"]["body"]["updates"] | {
        "spreadsheetId": "REPLAYKEY"}
    assert answers["values_get"].json()["range"] == "Sheet1!A1:Z1"
    assert answers["not_found"].json() == recorded("not_found")["response"]["body"]


# -- credentials ---------------------------------------------------------------------------
def _service_account() -> dict:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    return {"type": "service_account", "project_id": "center-123", "private_key_id": "k1", "private_key": pem,
            "client_email": ACCOUNT, "client_id": "1", "token_uri": "https://oauth2.googleapis.com/token"}


def test_credentials_from_secrets_mapping_or_file(tmp_path):
    from lib.store import open_store
    from lib.store.gsheets import make_client

    info = _service_account()
    cfg = make_cfg(tmp_path, source={"kind": "gsheets", "gsheets": {"records": RECORDS_KEY}})
    client, email = make_client(cfg, info)             # a Streamlit secrets section is a mapping like this
    assert email == ACCOUNT and client.http_client.auth.service_account_email == ACCOUNT
    (tmp_path / "sa.json").write_text(json.dumps(info), encoding="utf-8")
    cfg = make_cfg(tmp_path, source={"kind": "gsheets", "gsheets": {"records": RECORDS_KEY,
                                                                     "credentials_file": "sa.json"}})
    st = open_store(cfg, None)
    assert st.account == ACCOUNT and st.kind == "gsheets"


def test_missing_credentials_are_named(tmp_path):
    from lib.store import open_store

    cfg = make_cfg(tmp_path, source={"kind": "gsheets", "gsheets": {"records": RECORDS_KEY, "credentials_file": ""}})
    with pytest.raises(StoreError, match="needs a service account"):
        open_store(cfg, None)
    cfg = make_cfg(tmp_path, source={"kind": "gsheets", "gsheets": {"records": RECORDS_KEY,
                                                                     "credentials_file": "nope.json"}})
    with pytest.raises(StoreError, match="credentials file not found: .*nope.json"):
        open_store(cfg, None)


def test_a_worksheet_deleted_by_hand_is_found_again(fake):
    st = gsheets_store(fake)
    st.append("qa", [ROW], "lead")
    book = fake.books[RECORDS_KEY]
    book.sheets = [s for s in book.sheets if s.title != "质检评分"]
    with pytest.raises(StoreError):
        st.read_day("qa", DAY)                 # the cached worksheet is gone
    assert st.read_day("qa", DAY).empty        # looked up again: missing reads as empty
    st.append("qa", [ROW], "lead")             # and is created again on write
    assert len(st.read_day("qa", DAY)) == 1
