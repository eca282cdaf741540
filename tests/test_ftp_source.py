"""[source] kind = "ftp" against a real FTP server (pyftpdlib) on 127.0.0.1, started in a thread per test."""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pandas as pd
import pytest
from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.filesystems import AbstractedFS
from pyftpdlib.handlers import FTPHandler

from lib.demo import data_root
from lib.floor.cache import load_floor
from lib.floor.sources import ftp
from bench.ftp import ThreadedServer, quiet_pyftpdlib
from tests.conftest import ROOT, make_settings

MESSY = ROOT / "tests" / "fixtures" / "messy_floor"


quiet_pyftpdlib()


class Server(ThreadedServer):
    """A pyftpdlib server in a thread; `retr` lists the paths downloaded, in order."""

    def __init__(self, folder: Path, handler: type = FTPHandler, encoding: str = "utf8", **handler_attrs):
        auth = DummyAuthorizer()
        auth.add_user("lead", "secret", str(folder), perm="elradfmw")
        auth.add_user("reader", "ro", str(folder), perm="elr")   # a read-only account
        auth.add_user("noreports", "nr", str(folder), perm="elr")
        if (folder / "reports").is_dir():
            auth.override_perm("noreports", str(folder / "reports"), perm="", recursive=True)   # a denied folder
        self.retr: list[str] = []
        outer = self

        class Handler(handler):
            def ftp_RETR(self, file):
                outer.retr.append(os.path.relpath(file, folder).replace(os.sep, "/"))
                return super().ftp_RETR(file)

        Handler.authorizer, Handler.encoding, Handler.timeout = auth, encoding, 5
        Handler.auth_failed_timeout = 0.05   # pyftpdlib waits 3 s before answering a wrong password
        for k, v in handler_attrs.items():
            setattr(Handler, k, v)
        self.serve(Handler)


def table_with(at, column: str) -> pd.DataFrame:
    """The one table of a page that has this column (the data check's problems, its files)."""
    [frame] = [d.value for d in at.dataframe if column in d.value.columns]
    return frame


@pytest.fixture
def floor_dir(tmp_path):
    """messy_floor, each file with its own whole-second time (FTP times have no fractions)."""
    out = tmp_path / "served"
    shutil.copytree(MESSY, out)
    for i, p in enumerate(sorted(out.rglob("*"))):
        if p.is_file():
            os.utime(p, (1_764_000_000 + 100 * i, 1_764_000_000 + 100 * i))
    return out


@pytest.fixture
def serve(tmp_path):
    servers = []

    def start(folder, **kw):
        s = Server(folder, **kw)
        servers.append(s)
        return s
    yield start
    for s in servers:
        s.close()
    ftp.forget()
    ftp.use_credentials(None)


def ftp_settings(tmp_path, port, **ftp_cfg):
    values = {"host": "127.0.0.1", "port": port, "user": "lead", "password": "secret", "refresh_seconds": 0,
              "timeout_seconds": 3, **ftp_cfg}
    return make_settings(source={"kind": "ftp", "demo_path": str(tmp_path / "app" / "demo"), "ftp": values})


def inputs(folder: Path) -> list[str]:
    """The input files a local read of the folder takes, by path."""
    from lib.floor.sources.local import list_files
    return sorted(r.rel for r in list_files(folder))


def frame_of(floor):
    return floor.reports.drop(columns=[c for c in ("source_mtime",) if c in floor.reports]).reset_index(drop=True)


def problems_of(floor):
    return floor.problems.reset_index(drop=True)


def test_a_floor_served_over_ftp_is_the_floor_read_locally(tmp_path, floor_dir, serve):
    local = load_floor(floor_dir, make_settings(source={"kind": "xlsx", "path": str(floor_dir)}))
    srv = serve(floor_dir)
    cfg = ftp_settings(tmp_path, srv.port)
    root, is_demo = data_root(cfg)
    assert not is_demo and root == tmp_path / "app" / "ftp" / f"127.0.0.1_{srv.port}"
    remote = load_floor(root, cfg)
    assert len(remote.reports) == len(local.reports) > 0
    pd.testing.assert_frame_equal(frame_of(remote), frame_of(local), check_categorical=False)
    pd.testing.assert_frame_equal(problems_of(remote), problems_of(local))
    pd.testing.assert_frame_equal(remote.schedule, local.schedule)
    assert sorted(srv.retr) == inputs(floor_dir)


@pytest.mark.parametrize("server_enc, client_enc", [("utf8", "utf-8"), ("gbk", "gbk")])
def test_chinese_file_names_in_utf8_and_gbk(tmp_path, floor_dir, serve, server_enc, client_enc):
    (floor_dir / "schedule.xls").rename(floor_dir / "排班表.xls")
    srv = serve(floor_dir, encoding=server_enc)
    cfg = ftp_settings(tmp_path, srv.port, encoding=client_enc)
    floor = load_floor(data_root(cfg)[0], cfg)
    files = set(floor.files["file"])
    assert {"排班表.xls", "reports/2026年11月24日 下午.csv", "reports/补录 2026-11-19.xlsx"} <= files
    assert len(floor.schedule) and len(floor.reports)
    assert not floor.problems["file"].str.startswith("ftp://").any()


def test_nothing_changed_downloads_nothing_and_a_changed_file_only_itself(tmp_path, floor_dir, serve):
    srv = serve(floor_dir)
    cfg = ftp_settings(tmp_path, srv.port)
    root = data_root(cfg)[0]
    first = load_floor(root, cfg)
    n = len(srv.retr)
    assert n == len(inputs(floor_dir)) > 5   # each input once (README.md is none)
    assert load_floor(root, cfg) is first and len(srv.retr) == n   # listed again, nothing downloaded
    ftp.forget()
    assert load_floor(root, cfg) is first and len(srv.retr) == n   # a new process's first listing too
    csv = floor_dir / "reports" / "20261123.csv"
    csv.write_bytes(csv.read_bytes() + b"\n")
    os.utime(csv, (1_764_100_000, 1_764_100_000))
    again = load_floor(root, cfg)
    assert srv.retr[n:] == ["reports/20261123.csv"] and again is not first


def test_a_failed_login_names_the_host_and_keeps_the_last_data(tmp_path, floor_dir, serve):
    srv = serve(floor_dir)
    good = load_floor(data_root(ftp_settings(tmp_path, srv.port))[0], ftp_settings(tmp_path, srv.port))
    cfg = ftp_settings(tmp_path, srv.port, password="wrong")
    floor = load_floor(data_root(cfg)[0], cfg)
    row = floor.problems[floor.problems["file"].str.startswith("ftp://")].iloc[0]
    assert row["severity"] == "error" and "127.0.0.1" in row["message_en"] and "login failed" in row["message_en"]
    assert "127.0.0.1" in row["message"] and "同步的副本" in row["message"]
    assert len(floor.reports) == len(good.reports)


def test_the_server_down_keeps_the_mirror_with_its_age(tmp_path, floor_dir, serve):
    srv = serve(floor_dir)
    cfg = ftp_settings(tmp_path, srv.port)
    good = load_floor(data_root(cfg)[0], cfg)
    srv.close()
    floor = load_floor(data_root(cfg)[0], cfg)
    pd.testing.assert_frame_equal(frame_of(floor), frame_of(good))
    msg = floor.problems[floor.problems["file"].str.startswith("ftp://")]["message_en"].iloc[0]
    assert f"127.0.0.1:{srv.port}" in msg and "brought up to date at" in msg


def test_a_server_never_reached_is_a_problem_and_an_empty_floor(tmp_path, serve):
    srv = serve(tmp_path)
    port = srv.port
    srv.close()
    cfg = ftp_settings(tmp_path, port)
    floor = load_floor(data_root(cfg)[0], cfg)
    assert floor.reports.empty
    assert "no copy here yet" in floor.problems["message_en"].iloc[0]


def test_a_read_only_account_reads_and_secrets_override_the_config(tmp_path, floor_dir, serve):
    srv = serve(floor_dir)
    cfg = ftp_settings(tmp_path, srv.port, user="nobody", password="")
    ftp.use_credentials({"user": "reader", "password": "ro"})   # what st.secrets["ftp"] gives at the UI edge
    floor = load_floor(data_root(cfg)[0], cfg)
    assert len(floor.reports) and not floor.problems["file"].str.startswith("ftp://").any()


class ShortHandler(FTPHandler):
    """Sends only the first 100 bytes of 20261123.csv, then ends the transfer (the data connection closes)."""

    def ftp_RETR(self, file):
        if file.endswith("20261123.csv"):
            return self.push_dtp_data(Path(file).read_bytes()[:100], isproducer=False, cmd="RETR")
        return super().ftp_RETR(file)


class DropHandler(FTPHandler):
    """Drops the whole connection when 20261123.csv is asked for."""

    def ftp_RETR(self, file):
        if file.endswith("20261123.csv"):
            return self.close()
        return super().ftp_RETR(file)


@pytest.mark.parametrize("handler", [ShortHandler, DropHandler])
def test_a_download_broken_off_keeps_the_last_good_copy(tmp_path, floor_dir, serve, handler):
    srv = serve(floor_dir)
    cfg = ftp_settings(tmp_path, srv.port)
    root = data_root(cfg)[0]
    good = load_floor(root, cfg)
    srv.close()
    csv = floor_dir / "reports" / "20261123.csv"
    csv.write_bytes(csv.read_bytes().replace(b"\n", b"\r\n"))
    os.utime(csv, (1_764_100_000, 1_764_100_000))
    bad = serve(floor_dir, handler=handler)
    cfg = ftp_settings(tmp_path, bad.port)
    shutil.copytree(root, data_root(cfg)[0])   # the same mirror (its folder is named after host and port)
    root = data_root(cfg)[0]
    floor = load_floor(data_root(cfg)[0], cfg)
    pd.testing.assert_frame_equal(frame_of(floor), frame_of(good))
    said = floor.problems[floor.problems["file"].isin(["reports/20261123.csv"]) |
                          floor.problems["file"].str.startswith("ftp://")]
    why = "arrived short \\(100 of" if handler is ShortHandler else "cannot read from the FTP server"
    assert said["message_en"].str.contains(why).any(), list(said["message_en"])
    assert (root / "reports" / "20261123.csv").read_bytes() == (MESSY / "reports" / "20261123.csv").read_bytes()


class GrowingHandler(FTPHandler):
    """The first download of 20261123.csv finds it grown since the listing (an upload in progress)."""

    grown: list = []

    def ftp_RETR(self, file):
        if file.endswith("20261123.csv") and not self.grown:
            self.grown.append(file)
            with open(file, "ab") as fh:
                fh.write("\n20261123,10,9001,测试,101,X,5,1,1,0,0".encode("gbk"))
        return super().ftp_RETR(file)


def test_a_file_growing_while_it_is_read_is_skipped_and_taken_next_time(tmp_path, floor_dir, serve):
    srv = serve(floor_dir, handler=GrowingHandler, grown=[])
    cfg = ftp_settings(tmp_path, srv.port)
    root = data_root(cfg)[0]
    first = load_floor(root, cfg)
    assert "reports/20261123.csv" not in set(first.files["file"])
    warn = first.problems[first.problems["file"] == "reports/20261123.csv"]
    assert list(warn["severity"]) == ["warning"] and "still being uploaded" in warn["message_en"].iloc[0]
    assert not (root / "reports" / "20261123.csv").exists()
    second = load_floor(root, cfg)
    assert "reports/20261123.csv" in set(second.files["file"])
    assert (root / "reports" / "20261123.csv").read_bytes() == (floor_dir / "reports" / "20261123.csv").read_bytes()
    assert not second.problems["message_en"].str.contains("still being uploaded").any()


class NoMLSDHandler(FTPHandler):
    proto_cmds = {k: v for k, v in FTPHandler.proto_cmds.items() if k not in ("MLSD", "MLST")}


def test_without_mlsd_list_and_size_and_mdtm_give_the_same_floor(tmp_path, floor_dir, serve):
    a = serve(floor_dir)
    with_mlsd = load_floor(data_root(ftp_settings(tmp_path / "a", a.port))[0], ftp_settings(tmp_path / "a", a.port))
    b = serve(floor_dir, handler=NoMLSDHandler)
    cfg = ftp_settings(tmp_path / "b", b.port)
    root = data_root(cfg)[0]
    without = load_floor(root, cfg)
    pd.testing.assert_frame_equal(frame_of(without), frame_of(with_mlsd))
    n = len(b.retr)
    load_floor(root, cfg)
    assert len(b.retr) == n == len(inputs(floor_dir))


def test_center_folders_and_a_denied_folder(tmp_path, floor_dir, serve):
    (floor_dir / "P排班表").mkdir()
    (floor_dir / "schedule.xls").rename(floor_dir / "P排班表" / "11月.xls")
    srv = serve(floor_dir)
    cfg = ftp_settings(tmp_path, srv.port, schedule_dir="P排班表")
    floor = load_floor(data_root(cfg)[0], cfg)
    assert "P排班表/11月.xls" in set(floor.files["file"]) and len(floor.schedule)
    cfg = ftp_settings(tmp_path, srv.port, schedule_dir="P排班表", reports_dir="没有这个文件夹")
    floor2 = load_floor(data_root(cfg)[0], cfg)
    said = floor2.problems[floor2.problems["file"].str.startswith("ftp://")]
    assert "没有这个文件夹" in said["message_en"].iloc[0]


def test_a_workbook_cut_off_waits_with_its_last_copy_until_it_is_whole(tmp_path, floor_dir, serve):
    srv = serve(floor_dir)
    cfg = ftp_settings(tmp_path, srv.port)
    root = data_root(cfg)[0]
    good = load_floor(root, cfg)
    book = floor_dir / "reports" / "2026-11-24.xlsx"
    whole = book.read_bytes()
    book.write_bytes(whole[: len(whole) // 2])   # the upload so far: the listing and the download agree on it
    os.utime(book, (1_764_100_000, 1_764_100_000))
    half = load_floor(root, cfg)
    pd.testing.assert_frame_equal(frame_of(half), frame_of(good))
    said = half.problems[half.problems["message_en"].str.contains("end record")]
    assert list(said["file"]) == ["reports/2026-11-24.xlsx"] and list(said["severity"]) == ["warning"]
    book.write_bytes(whole)
    os.utime(book, (1_764_100_100, 1_764_100_100))
    done = load_floor(root, cfg)
    assert not done.problems["message_en"].str.contains("end record").any()
    assert len(done.reports) == len(good.reports)   # (which duplicate wins moved: the workbook is newer now)
    assert srv.retr.count("reports/2026-11-24.xlsx") == 3


def test_tls_against_a_server_without_it_is_a_problem_naming_the_host(tmp_path, serve):
    srv = serve(tmp_path)
    cfg = ftp_settings(tmp_path, srv.port, tls=True)
    floor = load_floor(data_root(cfg)[0], cfg)
    said = floor.problems[floor.problems["file"].str.startswith("ftp://")]["message_en"].iloc[0]
    assert f"127.0.0.1:{srv.port}" in said and "error_perm: 500" in said, said


def test_the_data_health_page_names_the_server_down_and_keeps_the_floor(demo_dir, tmp_path, serve, monkeypatch):
    from tests.conftest import open_page
    served = tmp_path / "served"
    shutil.copytree(demo_dir, served, ignore=shutil.ignore_patterns("records"))
    srv = serve(served)
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    text = text.replace('kind = "xlsx"', 'kind = "ftp"', 1)
    text = text.replace('demo_path = ".teamboard/demo"', f'demo_path = "{(tmp_path / "app" / "demo").as_posix()}"', 1)
    text = text.replace('host = ""', 'host = "127.0.0.1"', 1).replace("port = 21", f"port = {srv.port}", 1)
    text = text.replace('user = ""', 'user = "reader"', 1).replace('password = ""', 'password = "ro"', 1)
    text = text.replace("refresh_seconds = 30.0", "refresh_seconds = 0", 1)
    text = text.replace("enabled = true", "enabled = false", 1)
    text = text.replace('users_file = "~/.teamboard/users.json"', f'users_file = "{(tmp_path / "users.json").as_posix()}"', 1)
    (tmp_path / "config.toml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(tmp_path / "config.toml"))
    at = open_page("pages/data_health.py")
    files = table_with(at, "表")
    assert len(files) > 20 and files.iloc[:, 0].astype(str).str.startswith("reports/").any(), files.head()
    assert "127.0.0.1" not in " ".join(str(d.value.to_dict()) for d in at.dataframe)
    srv.close()
    at.run()
    assert not at.exception
    shown = table_with(at, "问题")
    down = shown[shown["问题"].str.contains("127.0.0.1")]
    assert len(down) == 1 and "同步的副本" in down["问题"].iloc[0]
    pd.testing.assert_frame_equal(table_with(at, "表"), files)   # the files stay, read from the copy


def test_names_that_would_leave_the_mirror_are_not_taken():
    assert ftp._plain("2026-11-24.xlsx") and ftp._plain("补录 2026-11-19.xlsx")
    assert not any(ftp._plain(n) for n in ("", ".", "..", "../x.csv", "a/b.csv", "..\\x.csv", "x\x00.csv"))


def test_a_denied_folder_is_named_and_its_last_copies_stay(tmp_path, floor_dir, serve):
    srv = serve(floor_dir)
    good = load_floor(data_root(ftp_settings(tmp_path, srv.port))[0], ftp_settings(tmp_path, srv.port))
    cfg = ftp_settings(tmp_path, srv.port, user="noreports", password="nr")
    floor = load_floor(data_root(cfg)[0], cfg)
    said = floor.problems[floor.problems["file"].str.startswith("ftp://")]
    assert list(said["file"]) == [f"ftp://127.0.0.1:{srv.port}/reports"] and "550" in said["message_en"].iloc[0]
    pd.testing.assert_frame_equal(frame_of(floor), frame_of(good))


def test_the_server_is_listed_at_most_every_refresh_seconds(tmp_path, floor_dir, serve):
    srv = serve(floor_dir)
    cfg = ftp_settings(tmp_path, srv.port, refresh_seconds=60)
    root = data_root(cfg)[0]
    before = ftp.STATS["lists"]
    first = load_floor(root, cfg)
    assert load_floor(root, cfg) is first and load_floor(root, cfg) is first
    assert ftp.STATS["lists"] == before + 1


class DosFS(AbstractedFS):
    """Lists as IIS and Serv-U on Windows do: `11-25-26  10:00AM  <DIR>  name`, `… 1234 name`."""

    def format_list(self, basedir, listing, ignore_err=True):
        for name in listing:
            st = os.stat(os.path.join(basedir, name))
            when = time.strftime("%m-%d-%y  %I:%M%p", time.gmtime(st.st_mtime))
            size = "<DIR>" if os.path.isdir(os.path.join(basedir, name)) else str(st.st_size)
            yield f"{when} {size:>14} {name}\r\n".encode(self.cmd_channel.encoding)


class WindowsHandler(FTPHandler):
    proto_cmds = NoMLSDHandler.proto_cmds
    abstracted_fs = DosFS


def test_a_windows_server_listing_in_gbk_without_mlsd(tmp_path, floor_dir, serve):
    local = load_floor(floor_dir, make_settings(source={"kind": "xlsx", "path": str(floor_dir)}))
    srv = serve(floor_dir, handler=WindowsHandler, encoding="gbk")
    cfg = ftp_settings(tmp_path, srv.port, encoding="gbk")
    floor = load_floor(data_root(cfg)[0], cfg)
    pd.testing.assert_frame_equal(frame_of(floor), frame_of(local), check_categorical=False)
    assert "reports/补录 2026-11-19.xlsx" in set(floor.files["file"])


def test_while_one_session_waits_on_the_server_the_others_get_the_last_result(tmp_path, floor_dir, serve):
    srv = serve(floor_dir)
    cfg = ftp_settings(tmp_path, srv.port)
    root = data_root(cfg)[0]
    refs, _ = ftp.sync(cfg, root)
    ftp._lock.acquire()   # as if a sync were in progress
    try:
        started = time.monotonic()
        assert ftp.sync(cfg, root)[0] == refs and time.monotonic() - started < 0.5
    finally:
        ftp._lock.release()


def test_the_cli_reads_the_server_and_its_data_option_a_folder(tmp_path, floor_dir, serve, monkeypatch):
    import subprocess
    import sys
    srv = serve(floor_dir)
    text = (ROOT / "config.toml").read_text(encoding="utf-8").replace('kind = "xlsx"', 'kind = "ftp"', 1)
    text = text.replace('demo_path = ".teamboard/demo"', f'demo_path = "{(tmp_path / "app" / "demo").as_posix()}"', 1)
    text = text.replace('host = ""', 'host = "127.0.0.1"', 1).replace("port = 21", f"port = {srv.port}", 1)
    (tmp_path / "config.toml").write_text(text.replace('user = ""', 'user = "reader"', 1)
                                          .replace('password = ""', 'password = "ro"', 1), encoding="utf-8")
    env = {**os.environ, "DASHBOARD_CONFIG": str(tmp_path / "config.toml")}
    run = lambda *a: subprocess.run([sys.executable, "-m", "lib.cli", "check", "--format", "csv", *a], cwd=ROOT,
                                    env=env, capture_output=True, text=True, timeout=60)
    over_ftp, local = run(), run("--data", str(floor_dir))
    assert over_ftp.returncode == local.returncode == 1 and over_ftp.stdout == local.stdout
    assert srv.retr and (tmp_path / "app" / "ftp" / f"127.0.0.1_{srv.port}" / "manifest.json").is_file()
    n = len(srv.retr)
    srv.close()
    down = run()
    assert down.returncode == 1 and f"127.0.0.1:{srv.port}" in down.stdout and len(srv.retr) == n


def test_records_of_the_command_line_go_where_the_pages_write_them(tmp_path, monkeypatch):
    from lib.cli.records import _store
    text = (ROOT / "config.toml").read_text(encoding="utf-8").replace('kind = "xlsx"', 'kind = "ftp"', 1)
    text = text.replace('demo_path = ".teamboard/demo"', f'demo_path = "{(tmp_path / "app" / "demo").as_posix()}"', 1)
    (tmp_path / "config.toml").write_text(text.replace('host = ""', 'host = "ftp.example.cn"', 1), encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(tmp_path / "config.toml"))
    assert _store(None).root == tmp_path / "app" / "ftp" / "ftp.example.cn" / "records"


class DeniedFileHandler(FTPHandler):
    """Refuses to send one file (550), as a server does for a file the account may not read."""

    def ftp_RETR(self, file):
        if file.endswith("20261123.csv"):
            return self.respond("550 Permission denied.")
        return super().ftp_RETR(file)


def test_a_file_the_server_will_not_send_is_named_and_the_rest_loads(tmp_path, floor_dir, serve):
    srv = serve(floor_dir, handler=DeniedFileHandler)
    cfg = ftp_settings(tmp_path, srv.port)
    floor = load_floor(data_root(cfg)[0], cfg)
    said = floor.problems[floor.problems["file"] == "reports/20261123.csv"]
    assert list(said["severity"]) == ["warning"] and "download failed" in said["message_en"].iloc[0]
    assert "550" in said["message_en"].iloc[0] and len(floor.reports) and len(floor.schedule)


def test_a_first_start_with_the_server_down_opens_every_page_empty_and_names_it(tmp_path, serve, monkeypatch):
    from tests.conftest import open_page
    srv = serve(tmp_path)
    port = srv.port
    srv.close()
    text = (ROOT / "config.toml").read_text(encoding="utf-8").replace('kind = "xlsx"', 'kind = "ftp"', 1)
    text = text.replace('demo_path = ".teamboard/demo"', f'demo_path = "{(tmp_path / "app" / "demo").as_posix()}"', 1)
    text = text.replace('host = ""', 'host = "127.0.0.1"', 1).replace("port = 21", f"port = {port}", 1)
    text = text.replace("enabled = true", "enabled = false", 1)
    text = text.replace('users_file = "~/.teamboard/users.json"', f'users_file = "{(tmp_path / "users.json").as_posix()}"', 1)
    (tmp_path / "config.toml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(tmp_path / "config.toml"))
    for page in ("dashboard.py", "pages/wall.py"):
        open_page(page)   # no exception: an empty floor
    shown = open_page("pages/data_health.py").dataframe[0].value
    assert shown["问题"].str.contains(f"127.0.0.1:{port}").any() and shown["问题"].str.contains("还没有任何副本").any()


# ---------------------------------------------------------------- FTPS: a real TLS server (pyftpdlib + pyOpenSSL)

def make_cert(folder: Path, name: str, host: str = "127.0.0.1") -> tuple[Path, Path]:
    """A self-signed certificate made out to `host` (as a floor's own server has) and its key, as PEM files."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(host))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    folder.mkdir(parents=True, exist_ok=True)
    cert_file, key_file = folder / f"{name}.pem", folder / f"{name}.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


@pytest.fixture
def ftps(tmp_path, floor_dir, serve):
    """An FTPS server that refuses anything not encrypted (control and data), with its own certificate."""
    pytest.importorskip("OpenSSL")
    from pyftpdlib.handlers import TLS_FTPHandler

    cert, key = make_cert(tmp_path / "certs", "floor-ftp")
    srv = serve(floor_dir, handler=TLS_FTPHandler, certfile=str(cert), keyfile=str(key),
                tls_control_required=True, tls_data_required=True)
    return srv, cert


def test_ftps_encrypts_and_reads_the_floor_without_a_ca_file(tmp_path, floor_dir, ftps):
    srv, _ = ftps
    local = load_floor(floor_dir, make_settings(source={"kind": "xlsx", "path": str(floor_dir)}))
    plain = ftp_settings(tmp_path / "plain", srv.port)   # the server refuses a login before AUTH TLS
    refused = load_floor(data_root(plain)[0], plain)
    assert refused.reports.empty
    assert "SSL/TLS required" in refused.problems["message_en"].iloc[0]
    ftp.forget()
    cfg = ftp_settings(tmp_path, srv.port, tls=True)
    remote = load_floor(data_root(cfg)[0], cfg)
    pd.testing.assert_frame_equal(frame_of(remote), frame_of(local), check_categorical=False)
    assert sorted(srv.retr) == inputs(floor_dir)


def test_ftps_with_the_servers_certificate_checks_it_and_a_stranger_is_refused(tmp_path, floor_dir, ftps):
    srv, cert = ftps
    cfg = ftp_settings(tmp_path, srv.port, tls=True, tls_ca_file=str(cert))
    assert cfg.ftp_ca_file == cert
    assert len(load_floor(data_root(cfg)[0], cfg).reports) > 0
    ftp.forget()
    other, _ = make_cert(tmp_path / "certs", "someone-else")   # not the server's: a man in the middle's, say
    bad = ftp_settings(tmp_path / "other", srv.port, tls=True, tls_ca_file=str(other))
    floor = load_floor(data_root(bad)[0], bad)
    assert floor.reports.empty
    [said] = floor.problems[floor.problems["file"].str.startswith("ftp://")][["message", "message_en"]].values.tolist()
    assert "tls_ca_file" in said[1] and "does not check out" in said[1] and "certificate verify failed" in said[1]
    assert "证书未通过" in said[0]
