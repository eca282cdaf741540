"""Installed as a service (issue 18, part 5): the Dockerfile, compose.yaml and the systemd units hold
commands that start the app and the scheduler — this test runs those very commands (the image's
`python` is this interpreter, /opt/teamboard is this checkout, the port a free one) against a private
demo, and checks the app answers its health check and serves the bundled font, and the scheduler
posts the 11:00 ranking to a local robot. And the backup drill: records/ copied, the copy read back."""
from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from lib.config import settings
from lib.store import open_store
from lib.store.tables import TABLES
from tests.conftest import ROOT
from tests.test_broadcast import OK, Robot

yaml = pytest.importorskip("yaml")
FONT = "/app/static/fonts/TeamBoardSansSC-Regular.woff2"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def dockerfile() -> dict[str, list[str] | str]:
    """The Dockerfile's instructions: FROM, USER, the CMD and HEALTHCHECK CMD argument lists."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    out: dict = {}
    for line in text.splitlines():
        word, _, rest = line.strip().partition(" ")
        if word in ("FROM", "USER", "CMD", "HEALTHCHECK", "EXPOSE"):
            out[word] = rest.strip()
    out["CMD"] = json.loads(out["CMD"])
    out["HEALTHCHECK"] = json.loads(out["HEALTHCHECK"].split(" CMD ", 1)[1])
    return out


def unit(name: str) -> dict[str, list[str]]:
    """A systemd unit's [Service] keys (repeated keys listed in order)."""
    out: dict[str, list[str]] = {}
    for line in (ROOT / "deploy" / "systemd" / name).read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith("#"):
            k, v = line.split("=", 1)
            out.setdefault(k.strip(), []).append(v.strip())
    return out


def here(argv: list[str], port: int) -> list[str]:
    """A command of the files as it runs on this machine: this Python, this port, this host only."""
    out = []
    for a in argv:
        a = sys.executable if a in ("python", "/opt/teamboard/.venv/bin/python") else a
        a = re.sub(r"--server\.port=\d+", f"--server.port={port}", a)
        out.append(a.replace("--server.address=0.0.0.0", "--server.address=127.0.0.1"))
    return out


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=3) as r:
        return r.status, r.read()


def _until(what, seconds: float = 60):
    """What `what()` returns once it is truthy (checked every 0.2 s, up to `seconds`)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            got = what()
        except OSError:
            got = None
        if got or time.monotonic() > deadline:
            return got
        time.sleep(0.2)


@pytest.fixture
def floor(private_demo, tmp_path):
    return private_demo, tmp_path / "config.toml"


def start_app(argv: list[str], env: dict) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    proc = subprocess.Popen(here(argv, port), cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return proc, f"http://127.0.0.1:{port}"


def check_app(argv: list[str], env: dict, health: list[str] | None = None) -> None:
    proc, url = start_app(argv, env)
    try:
        assert _until(lambda: _get(url + "/_stcore/health") == (200, b"ok")), "the app did not answer /_stcore/health"
        status, body = _get(url + FONT)
        assert status == 200 and len(body) > 1_000_000                  # the bundled font, served by the app
        if health:   # the image's own health check, pointed at this port
            cmd = [a.replace("8501", url.rsplit(":", 1)[1]) for a in here(health, 0)]
            assert subprocess.run(cmd, timeout=30).returncode == 0
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def check_scheduler(argv: list[str], env: dict, data, config) -> None:
    with Robot([OK]) as robot:
        text = config.read_text(encoding="utf-8").replace('webhook_url = ""', f'webhook_url = "{robot.url}"', 1)
        config.write_text(text.replace("auto = false", "auto = true", 1), encoding="utf-8")
        proc = subprocess.Popen(here(argv, 0), cwd=ROOT, env=env | {"TEAMBOARD_NOW": "2026-11-25 11:00:30"},
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        store = open_store(settings(), data)

        def recorded():   # the post is recorded after the robot's answer: wait for the record, not the post
            got = store.read_day("broadcast_log", "2026-11-25")
            return got[got["类别"] == "排名"]["结果"].tolist()
        try:
            assert _until(recorded, 60) == ["已发出"], "the scheduler posted and recorded nothing"
        finally:
            proc.terminate()
            out = proc.communicate(timeout=20)[0].decode("utf-8", "replace")
        assert [b["text"]["content"][:22] for _, b in robot.received] == ["【11:00 排名播报】2026-11-25"], out


def test_the_image_is_slim_python_311_run_by_a_user_with_a_health_check():
    d = dockerfile()
    assert d["FROM"] == "python:3.11-slim" and d["USER"] not in ("", "root", "0") and d["EXPOSE"] == "8501"
    assert any("/_stcore/health" in a for a in d["HEALTHCHECK"])
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert "static" not in ignored and ".streamlit/secrets.toml" in ignored   # the font goes in, secrets do not


def test_the_dockerfile_and_compose_start_the_app(floor):
    data, config = floor
    d = dockerfile()
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))["services"]
    assert compose["app"]["command"] == d["CMD"]                     # compose runs the image's command
    assert {v.split(":")[1] for v in compose["app"]["volumes"]} == {v.split(":")[1] for v in compose["scheduler"]["volumes"]}
    check_app(d["CMD"], dict(os.environ, DASHBOARD_CONFIG=str(config)), health=d["HEALTHCHECK"])


def test_compose_runs_the_scheduler(floor):
    data, config = floor
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))["services"]
    check_scheduler(compose["scheduler"]["command"], dict(os.environ, DASHBOARD_CONFIG=str(config)), data, config)


def test_the_systemd_units_start_the_app_and_the_scheduler(floor):
    data, config = floor
    for name in ("teamboard.service", "teamboard-scheduler.service"):
        u = unit(name)
        assert u["User"] == ["teamboard"] and u["WorkingDirectory"] == ["/opt/teamboard"] and u["Restart"] == ["always"]
        env = dict(os.environ)
        for e in u["Environment"]:
            k, v = e.split("=", 1)
            env[k] = str(config) if k == "DASHBOARD_CONFIG" else v
        argv = shlex.split(u["ExecStart"][0])
        if "scheduler" in argv:
            check_scheduler(argv, env, data, config)
        else:
            check_app(argv, env)


def test_a_backup_of_records_restores_every_record(private_demo, tmp_path):
    """The README's drill: copy records/ (a plain copy is safe: every workbook is replaced atomically),
    start on a copy of the folder, and every record of every table reads back, corrections included."""
    store = open_store(settings(), private_demo)
    ids = store.append("qa", [{"日期": "2026-11-24", "工号": "1310", "组别": "103", "录音编号": "R1", "总分": 88}],
                       submitted_by="t")
    store.correct("qa", ids[0], {"日期": "2026-11-24", "工号": "1310", "组别": "103", "录音编号": "R1", "总分": 90},
                  submitted_by="t")
    store.append("attendance", [{"日期": "2026-11-25", "组别": "103", "工号": "1310", "类别": "事假", "时长(小时)": 4}],
                 submitted_by="t")
    store.append("ratings", [{"月份": "2026-11", "被评人": "1100", "评分人角色": "员工"}], submitted_by="t")
    restored = tmp_path / "restored"
    shutil.copytree(private_demo, restored, ignore=shutil.ignore_patterns("records"))
    shutil.copytree(private_demo / "records", restored / "records")        # the backup, put back
    copy = open_store(settings(), restored)
    for name, spec in TABLES.items():
        periods = ["2026-11"] if spec.by_month else ["2026-11-24", "2026-11-25"]
        for p in periods:
            read = (lambda s: s.read_month(name, p, history=True)) if spec.by_month else (lambda s: s.read_day(name, p, history=True))
            before, after = read(store), read(copy)
            assert after.equals(before), (name, p)
    qa = copy.read_day("qa", "2026-11-24")
    assert qa[qa["录音编号"] == "R1"]["总分"].tolist() == [90]             # the correction is what reads
    out = subprocess.run([sys.executable, "-m", "lib.cli", "records", "export", "qa", "--date", "2026-11-24",
                          "--data", str(restored)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "R1" in out.stdout, out.stderr
