"""Issue 19 item 7: the local store refuses a records folder on a network file system it cannot lock.

Each test writes a mount table in /proc/self/mountinfo's own form to a file and hands it to
open_store (the CLI and pages read it from $TEAMBOARD_MOUNTINFO); the folders are real folders.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lib.store import StoreError, open_store
from lib.store.local import LocalStore
from lib.store.mounts import mount_of, parse_mountinfo
from tests.store.conftest import make_cfg
from tests.test_service_files import unit

ROOT = Path(__file__).resolve().parent.parent
ROOT_LINE = "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard"
PROC_LINE = "22 27 0:21 / /proc rw,relatime - proc proc rw"


def escaped(path: Path) -> str:
    """A path as mountinfo writes it: space, tab, newline and backslash as octal escapes."""
    return str(path).replace("\\", "\\134").replace(" ", "\\040").replace("\t", "\\011").replace("\n", "\\012")


def nfs4_line(point: Path, n: int = 40) -> str:
    return (f"{n} 27 0:{n} / {escaped(point)} rw,relatime shared:{n} - nfs4 nas01:/export/floor "
            f"rw,vers=4.2,rsize=1048576,hard,proto=tcp,sec=sys,clientaddr=10.0.0.5")


def table(tmp_path: Path, *lines: str) -> Path:
    """A mountinfo file holding these lines, the root file system first."""
    path = tmp_path / "mountinfo"
    path.write_text("\n".join([ROOT_LINE, PROC_LINE, *lines]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def floor(tmp_path) -> Path:
    """A data folder on "the share": tmp_path/floor, resolved (the check resolves links first)."""
    f = (tmp_path / "floor").resolve()
    f.mkdir()
    return f


def test_a_records_folder_on_nfs4_is_refused_with_its_folder_and_type(tmp_path, floor):
    info = table(tmp_path, nfs4_line(floor))
    with pytest.raises(StoreError) as e:
        open_store(make_cfg(tmp_path), floor, mountinfo=info)
    msg = str(e.value)
    assert str(floor / "records") in msg
    assert "nfs4" in msg and f"mounted at {floor}" in msg and f"挂载点 {floor}" in msg
    assert "网络文件系统" in msg and "Google Sheets" in msg and "allow_network_fs" in msg
    assert not (floor / "records").exists()   # refused before anything was written


def test_a_records_folder_on_ext4_opens_and_takes_a_row(tmp_path, floor):
    info = table(tmp_path, f"41 27 8:17 / {floor} rw,noatime - ext4 /dev/sdb1 rw")
    store = open_store(make_cfg(tmp_path), floor, mountinfo=info)
    assert isinstance(store, LocalStore)
    store.append("monitoring", [{"日期": "2026-11-25", "工号": "1101", "组别": "101", "触发原因": "low_rate"}],
                 submitted_by="1100")
    assert list(store.read_day("monitoring", "2026-11-25")["工号"]) == ["1101"]


def test_the_longest_mount_point_wins(tmp_path, floor):
    # the share is mounted at tmp_path, a local disk at tmp_path/floor inside it: the records are local
    info = table(tmp_path, nfs4_line(floor.parent), f"41 40 8:17 / {floor} rw - ext4 /dev/sdb1 rw")
    assert isinstance(open_store(make_cfg(tmp_path), floor, mountinfo=info), LocalStore)
    # and the other way round: a local disk at tmp_path, the share at tmp_path/floor
    info = table(tmp_path, f"41 27 8:17 / {floor.parent} rw - ext4 /dev/sdb1 rw", nfs4_line(floor))
    with pytest.raises(StoreError, match="nfs4"):
        open_store(make_cfg(tmp_path), floor, mountinfo=info)


def test_a_mount_point_is_a_whole_folder_not_a_prefix_of_its_name(tmp_path, floor):
    # a share at .../flo does not hold .../floor
    info = table(tmp_path, nfs4_line(floor.parent / "flo"))
    assert isinstance(open_store(make_cfg(tmp_path), floor, mountinfo=info), LocalStore)


def test_a_mount_point_with_a_space_is_read_through_its_octal_escape(tmp_path):
    share = (tmp_path / "floor share").resolve()
    share.mkdir()
    line = f"42 27 0:52 / {escaped(share)} rw,relatime - cifs //fileserver/呼叫中心 rw,vers=3.1.1,cache=strict"
    assert "\\040" in line
    mounts = parse_mountinfo(table(tmp_path, line).read_text(encoding="utf-8"))
    assert mount_of(str(share / "records"), mounts).point == str(share)
    with pytest.raises(StoreError) as e:
        open_store(make_cfg(tmp_path), share, mountinfo=tmp_path / "mountinfo")
    assert "cifs" in str(e.value) and str(share / "records") in str(e.value)


def test_the_later_of_two_mounts_on_one_point_is_the_one_seen(tmp_path, floor):
    info = table(tmp_path, f"41 27 8:17 / {floor} rw - ext4 /dev/sdb1 rw", nfs4_line(floor, 43))
    with pytest.raises(StoreError, match="nfs4"):
        open_store(make_cfg(tmp_path), floor, mountinfo=info)


def test_allow_network_fs_opens_the_share(tmp_path, floor):
    info = table(tmp_path, nfs4_line(floor))
    cfg = make_cfg(tmp_path, store={"allow_network_fs": True})
    assert cfg.store.allow_network_fs is True
    assert isinstance(open_store(cfg, floor, mountinfo=info), LocalStore)


def test_no_mountinfo_to_read_refuses_nothing(tmp_path, floor):
    assert isinstance(open_store(make_cfg(tmp_path), floor, mountinfo=tmp_path / "missing"), LocalStore)


def test_a_symlink_into_the_share_is_followed(tmp_path, floor):
    link = tmp_path / "local-looking"
    link.symlink_to(floor, target_is_directory=True)
    info = table(tmp_path, nfs4_line(floor))
    with pytest.raises(StoreError, match="nfs4"):
        open_store(make_cfg(tmp_path), link, mountinfo=info)


def _cli(tmp_path: Path, floor: Path, *args: str) -> subprocess.CompletedProcess:
    config = tmp_path / "config.toml"
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    config.write_text(text.replace('path = ""', f'path = "{floor.as_posix()}"', 1), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("DASHBOARD_CONFIG", "TEAMBOARD_MOUNTINFO")}
    env.update(DASHBOARD_CONFIG=str(config), TEAMBOARD_MOUNTINFO=str(table(tmp_path, nfs4_line(floor))))
    return subprocess.run([sys.executable, "-m", "lib.cli", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_records_export_on_the_share_exits_with_the_message(tmp_path, floor):
    p = _cli(tmp_path, floor, "records", "export", "qa", "--date", "2026-11-25", "--data", str(floor))
    assert p.returncode == 1, (p.stdout, p.stderr)
    assert "Traceback" not in p.stderr and p.stdout == ""
    assert p.stderr.startswith("error: 记录文件夹 ")
    assert str(floor / "records") in p.stderr and "nfs4" in p.stderr and "allow_network_fs" in p.stderr


def test_weekly_on_the_share_exits_2_with_the_message(tmp_path, floor):
    (floor / "reports").mkdir()
    (floor / "schedule.csv").write_text("日期,工号,姓名,组别,班次\n2026-11-24,1001,张三,101,A\n", encoding="utf-8")
    (floor / "reports" / "2026-11-24.csv").write_text("时段,工号,数据量,办理量\n9,1001,10,1\n", encoding="utf-8")
    out = tmp_path / "pack.xlsx"
    p = _cli(tmp_path, floor, "weekly", "--week", "2026-W48", "--out", str(out))
    assert p.returncode == 2, (p.stdout, p.stderr)
    assert "Traceback" not in p.stderr and "nfs4" in p.stderr and str(floor / "records") in p.stderr
    assert not out.exists()


@pytest.mark.parametrize("page", ["pages/data_health.py", "pages/lead.py"])
def test_a_page_over_the_share_says_why_and_runs_on(private_demo, tmp_path, monkeypatch, page):
    monkeypatch.setenv("TEAMBOARD_MOUNTINFO", str(table(tmp_path, nfs4_line(private_demo.resolve()))))
    from tests.conftest import open_page
    at = open_page(page)   # no exception: the store's refusal is a line on the page
    shown = [w.value.replace("\\", "") for w in at.warning]   # markdown escapes (lib/ui/safe.literal) off
    assert any(f"记录文件夹 {private_demo.resolve() / 'records'}" in s and "nfs4" in s and "allow_network_fs" in s
               for s in shown), shown


def test_the_template_unit_is_the_app_unit_on_its_port_behind_nginx():
    # docs/DEPLOY.md: teamboard@8501, @8502 … run exactly teamboard.service's app, on the instance's port,
    # reachable from this machine only (nginx), with the shared cookie secret's environment file
    one, many = unit("teamboard.service"), unit("teamboard@.service")
    assert many["ExecStart"] == [one["ExecStart"][0].replace("--server.port=8501", "--server.port=%i")
                                 .replace("--server.address=0.0.0.0", "--server.address=127.0.0.1")]
    for key in ("User", "WorkingDirectory", "Environment", "Restart"):
        assert many[key] == one[key], key
    assert many["EnvironmentFile"] == ["/etc/teamboard/streamlit.env"]
