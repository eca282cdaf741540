"""[source.ftp.upload] against a real FTP server (pyftpdlib on 127.0.0.1, the fixtures of test_ftp_source):
each document into its folder under its name, never over an existing file, a read-only account refused
with a clear message, a dropped connection leaving no file under a real name."""
from __future__ import annotations

import datetime as dt

import pytest

from pyftpdlib.handlers import DTPHandler

from lib.out import ftp_upload
from tests.conftest import failures
from tests.test_ftp_source import ftp_settings, serve  # noqa: F401  (serve is a fixture)

DAY = dt.date(2026, 11, 24)


def test_each_document_lands_in_its_folder_under_its_name(tmp_path, serve):
    served = tmp_path / "served"
    served.mkdir()
    srv = serve(served)
    cfg = ftp_settings(tmp_path, srv.port)
    expected = {"results": "X小组文件夹/一组/一组_2026-11-24_小组成绩.xlsx",
                "qa": "X小组文件夹/一组/一组_2026-11-24_质检表.xlsx",
                "duty_log": "L联络单/2026/11月/2026-11-24_值班日志.xlsx",
                "contact_sheet": "L联络单/2026/11月/2026-11-24_联络单.xlsx"}
    for what, rel in expected.items():
        data = f"{what} 内容".encode() * 100
        r = ftp_upload.upload_document(cfg, what, DAY, data, group="一组")
        assert r.ok, r.en
        assert r.path == "/" + rel and rel in r.en
        assert (served / rel).read_bytes() == data
    assert not [p for p in served.rglob(".*")]   # no temporary file left


def test_a_second_upload_of_the_day_gets_a_suffix(tmp_path, serve):
    served = tmp_path / "served"
    served.mkdir()
    srv = serve(served)
    cfg = ftp_settings(tmp_path, srv.port, root="/FTP")
    (served / "FTP").mkdir()
    paths = [ftp_upload.upload_document(cfg, "duty_log", DAY, f"v{i}".encode()).path for i in range(1, 4)]
    folder = served / "FTP" / "L联络单" / "2026" / "11月"
    assert paths == [f"/FTP/L联络单/2026/11月/2026-11-24_值班日志{s}.xlsx" for s in ("", "_2", "_3")]
    assert [(folder / f"2026-11-24_值班日志{s}.xlsx").read_bytes() for s in ("", "_2", "_3")] == [b"v1", b"v2", b"v3"]


def test_folders_and_names_follow_the_settings(tmp_path, serve):
    served = tmp_path / "served"
    served.mkdir()
    srv = serve(served)
    cfg = ftp_settings(tmp_path, srv.port, upload={"qa_dir": "QA/{year}-{month}", "qa_name": "{date}_{group}.xlsx"})
    r = ftp_upload.upload_document(cfg, "qa", DAY, b"x", group="a/b")
    assert r.ok and (served / "QA" / "2026-11" / "2026-11-24_a_b.xlsx").read_bytes() == b"x"


def test_a_read_only_account_is_refused_with_a_clear_message(tmp_path, serve):
    served = tmp_path / "served"
    (served / "L联络单" / "2026" / "11月").mkdir(parents=True)
    srv = serve(served)
    for folder_exists in (True, False):
        cfg = ftp_settings(tmp_path, srv.port, user="reader", password="ro",
                           upload={} if folder_exists else {"contact_sheet_dir": "新/{year}"})
        r = ftp_upload.upload_document(cfg, "contact_sheet", DAY, b"data")
        assert not r.ok and r.error.startswith("550")
        assert "may this account upload?" in r.en and "账号是否有上传权限" in r.zh and "127.0.0.1" in r.en
    assert [p for p in served.rglob("*") if p.is_file()] == []


class DropsMidway(DTPHandler):
    """The data connection and the session go after the first block of an upload."""

    def handle_read(self):
        super().handle_read()
        if self.tot_bytes_received:
            self.cmd_channel.close()

    handle_read_event = handle_read   # pyftpdlib calls the alias


def test_a_dropped_connection_leaves_no_file_under_a_real_name(tmp_path, serve):
    served = tmp_path / "served"
    served.mkdir()
    srv = serve(served, dtp_handler=DropsMidway)
    cfg = ftp_settings(tmp_path, srv.port)
    r = ftp_upload.upload_document(cfg, "results", DAY, b"x" * 3_000_000, group="一组")
    assert not r.ok and "nothing was uploaded" in r.en
    left = [p.name for p in served.rglob("*") if p.is_file()]
    assert left and all(n.startswith(".") and n.endswith(".part") for n in left), left
    assert not (served / "X小组文件夹" / "一组" / "一组_2026-11-24_小组成绩.xlsx").exists()


def test_no_host_says_so(tmp_path):
    cfg = ftp_settings(tmp_path, 21, host="")
    r = ftp_upload.upload_document(cfg, "qa", DAY, b"x", group="g")
    assert not r.ok and "host" in r.en


def _ftp_config(tmp_path, port, user="lead", password="secret"):
    from tests.conftest import ROOT
    text = (ROOT / "config.toml").read_text(encoding="utf-8").replace('kind = "xlsx"', 'kind = "ftp"', 1)
    text = text.replace('demo_path = ".teamboard/demo"', f'demo_path = "{(tmp_path / "app" / "demo").as_posix()}"', 1)
    text = text.replace('host = ""', 'host = "127.0.0.1"', 1).replace("port = 21", f"port = {port}", 1)
    text = text.replace('user = ""', f'user = "{user}"', 1).replace('password = ""', f'password = "{password}"', 1)
    text = text.replace("refresh_seconds = 30.0", "refresh_seconds = 0", 1)
    text = text.replace("enabled = true", "enabled = false", 1)
    text = text.replace('users_file = "~/.teamboard/users.json"', f'users_file = "{(tmp_path / "users.json").as_posix()}"', 1)
    (tmp_path / "config.toml").write_text(text, encoding="utf-8")
    return tmp_path / "config.toml"


def _served_demo(demo_dir, tmp_path, serve):
    """The demo center on the server; its records in the app's local copy (where the pages write)."""
    import shutil
    served = tmp_path / "served"
    shutil.copytree(demo_dir, served, ignore=shutil.ignore_patterns("records"))
    srv = serve(served)
    from lib.store import open_store
    from tests.conftest import make_settings
    store = open_store(make_settings(), tmp_path / "app" / "ftp" / f"127.0.0.1_{srv.port}")
    store.append("qa", [{"日期": "2026-11-25", "工号": "1310", "组别": "103", "录音编号": "R1", "总分": 88},
                        {"日期": "2026-11-25", "工号": "1101", "组别": "101", "录音编号": "R2", "总分": 70}], "1300")
    store.append("callbacks", [{"日期": "2026-11-25", "工号": "1310", "组别": "103", "客户电话": "13812345678",
                               "原因": "回电", "回拨时间": "2026-11-25 15:00", "状态": "待回拨"}], "1300")
    return served, srv


def test_the_cli_uploads_each_document_and_fails_with_the_servers_reply(demo_dir, tmp_path, serve):
    import io
    import os
    import subprocess
    import sys

    from openpyxl import load_workbook

    from tests.conftest import ROOT
    served, srv = _served_demo(demo_dir, tmp_path, serve)

    def run(config, *args):
        env = {**os.environ, "DASHBOARD_CONFIG": str(config)}
        return subprocess.run([sys.executable, "-m", "lib.cli", "upload", *args, "--date", "2026-11-25"], cwd=ROOT,
                              env=env, capture_output=True, text=True, timeout=120)
    cfg = _ftp_config(tmp_path, srv.port)
    got = {}
    for what, extra in (("results", ["--group", "103"]), ("qa", ["--group", "103"]), ("duty-log", []),
                        ("contact-sheet", [])):
        r = run(cfg, what, *extra)
        assert r.returncode == 0, r.stderr
        got[what] = served / r.stdout.strip().lstrip("/")
    assert got["results"] == served / "X小组文件夹" / "103" / "103_2026-11-25_小组成绩.xlsx"
    book = load_workbook(io.BytesIO(got["results"].read_bytes()))
    assert len(book.sheetnames) >= 7 and "质检评分" in book.sheetnames and book["质检评分"].max_row == 2
    assert got["qa"] == served / "X小组文件夹" / "103" / "103_2026-11-25_质检表.xlsx"
    assert got["duty-log"] == served / "L联络单" / "2026" / "11月" / "2026-11-25_值班日志.xlsx"
    assert got["contact-sheet"] == served / "L联络单" / "2026" / "11月" / "2026-11-25_联络单.xlsx"
    qa = load_workbook(io.BytesIO(got["qa"].read_bytes())).active
    assert qa.title == "质检评分" and qa.max_row > 1 and {c.value for c in qa[1]} >= {"组别", "工号"}
    assert {r[0] for r in qa.iter_rows(min_row=2, values_only=True, min_col=[c.value for c in qa[1]].index("组别") + 1,
                                        max_col=[c.value for c in qa[1]].index("组别") + 1)} == {"103"}
    log = load_workbook(io.BytesIO(got["duty-log"].read_bytes())).active
    assert log.title == "值班日志" and [c.value for c in log[1]][:4] == ["日期", "值班组长", "时段", "组别"]
    again = run(cfg, "duty-log")
    sheet = load_workbook(io.BytesIO(got["contact-sheet"].read_bytes())).active
    assert "13812345678" in [c for row in sheet.iter_rows(values_only=True) for c in row]   # the duty lead's sheet
    assert again.returncode == 0 and again.stdout.strip().endswith("2026-11-25_值班日志_2.xlsx")
    refused = run(_ftp_config(tmp_path, srv.port, "reader", "ro"), "qa", "--group", "101")
    assert refused.returncode == 1 and "550" in refused.stderr and "may this account upload?" in refused.stderr
    assert not (served / "X小组文件夹" / "101").exists()


def _buttons(at) -> dict:
    return {b.key: b for b in at.button if b.key and b.key.startswith(("lead_upload", "duty_upload"))}


def test_the_upload_buttons_show_only_with_kind_ftp_and_upload(demo_dir, tmp_path, serve, monkeypatch):
    from tests.conftest import open_page, private_demo  # noqa: F401
    served, srv = _served_demo(demo_dir, tmp_path, serve)
    cfg = _ftp_config(tmp_path, srv.port)
    cfg.write_text(cfg.read_text(encoding="utf-8").replace('now = ""', 'now = "2026-11-25 11:05"', 1), encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(cfg))
    lead = open_page("pages/lead.py", group="103")
    assert set(_buttons(lead)) == {"lead_upload_results", "lead_upload_qa"}
    _buttons(lead)["lead_upload_results"].click().run()
    assert not lead.exception and len(lead.success) == 1 and "X小组文件夹" in lead.success[0].value
    results = served / "X小组文件夹" / "103" / "103_2026-11-25_小组成绩.xlsx"
    from openpyxl import load_workbook
    assert len(load_workbook(results).sheetnames) >= 7
    _buttons(lead)["lead_upload_qa"].click().run()
    assert (served / "X小组文件夹" / "103" / "103_2026-11-25_质检表.xlsx").is_file()
    duty = open_page("pages/duty_desk.py")
    assert set(_buttons(duty)) == {"duty_upload_log", "duty_upload_contact"}
    _buttons(duty)["duty_upload_contact"].click().run()
    assert not duty.exception and len(duty.success) >= 1
    assert (served / "L联络单" / "2026" / "11月" / "2026-11-25_联络单.xlsx").is_file()
    _buttons(duty)["duty_upload_log"].click().run()
    assert (served / "L联络单" / "2026" / "11月" / "2026-11-25_值班日志.xlsx").is_file()
    srv.close()   # the server gone: one error line, nothing else breaks
    _buttons(duty)["duty_upload_log"].click().run()
    errors = failures(duty)   # (the day's late items are boxes of their own)
    assert not duty.exception and len(errors) == 1 and "Connection refused" in errors[0] and "值班日志" in errors[0]


def test_without_ftp_there_is_no_upload_button(private_demo):
    from tests.conftest import open_page
    assert not _buttons(open_page("pages/lead.py", group="103")) and not _buttons(open_page("pages/duty_desk.py"))


def test_chinese_folder_and_file_names_on_a_gbk_server(tmp_path, serve):
    served = tmp_path / "served"
    served.mkdir()
    srv = serve(served, encoding="gbk")
    cfg = ftp_settings(tmp_path, srv.port, encoding="gbk")
    for _ in range(2):
        assert ftp_upload.upload_document(cfg, "contact_sheet", DAY, b"gbk").ok
    folder = served / "L联络单" / "2026" / "11月"
    assert sorted(p.name for p in folder.iterdir()) == ["2026-11-24_联络单.xlsx", "2026-11-24_联络单_2.xlsx"]


def test_an_upload_over_ftps_with_the_certificate_checked(tmp_path, serve):
    pytest.importorskip("OpenSSL")
    from pyftpdlib.handlers import TLS_FTPHandler
    from tests.test_ftp_source import make_cert

    served = tmp_path / "served"
    served.mkdir()
    cert, key = make_cert(tmp_path / "certs", "floor-ftp")
    srv = serve(served, handler=TLS_FTPHandler, certfile=str(cert), keyfile=str(key),
                tls_control_required=True, tls_data_required=True)
    cfg = ftp_settings(tmp_path, srv.port, tls=True, tls_ca_file=str(cert))
    r = ftp_upload.upload_document(cfg, "duty_log", DAY, b"duty log bytes")
    assert r.ok, r.en
    assert (served / "L联络单/2026/11月/2026-11-24_值班日志.xlsx").read_bytes() == b"duty log bytes"
