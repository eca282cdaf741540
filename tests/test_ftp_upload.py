"""[source.ftp.upload] against a real FTP server (pyftpdlib on 127.0.0.1, the fixtures of test_ftp_source):
each document into its folder under its name, never over an existing file, a read-only account refused
with a clear message, a dropped connection leaving no file under a real name."""
from __future__ import annotations

import datetime as dt

from pyftpdlib.handlers import DTPHandler

from lib.out import ftp_upload
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
