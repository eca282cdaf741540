"""The broadcast on the command line and the group-chat robot webhook, against a local HTTP server.

The servers run on 127.0.0.1 in a thread; retries wait through an injected sleep (no timed tests)
or with backoff 0 where the CLI is run.
"""
from __future__ import annotations

import json

import pytest

from lib.cli.main import main
from lib.out.webhook import post_broadcast, post_text, text_parts
from tests.conftest import make_settings
from tests.json_server import JsonServer
from tests.test_duty import BROADCAST_11
from tests.test_wall import config_for, write_tiny_floor


class Robot(JsonServer):
    """A local robot: answers each POST with the next (status, body) of `answers` (the last repeats)."""

    def __init__(self, answers: list[tuple[int, dict]]):
        self.answers, self.received = list(answers), []
        super().__init__(self._answer)
        self.url = f"{self.base}/cgi-bin/webhook/send?key=test"

    def _answer(self, path: str, content_type: str, raw: bytes) -> tuple[int, dict]:
        self.received.append((content_type, json.loads(raw.decode("utf-8"))))
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


OK = (200, {"errcode": 0, "errmsg": "ok"})


def test_posts_a_wecom_text_message():
    waits = []
    with Robot([OK]) as robot:
        r = post_text(robot.url, "【11:00 排名播报】\n1. 2001 陈一", sleep=waits.append)
    assert r.ok and (r.attempts, r.parts, r.sent) == (1, 1, 1) and waits == []
    content_type, body = robot.received[0]
    assert content_type == "application/json; charset=utf-8"
    assert body == {"msgtype": "text", "text": {"content": "【11:00 排名播报】\n1. 2001 陈一"}}


def test_a_failing_server_is_retried_and_reported():
    waits = []
    with Robot([(500, {"error": "boom"})]) as robot:
        r = post_text(robot.url, "x", attempts=3, backoff_seconds=2.0, sleep=waits.append)
    assert not r.ok and r.attempts == 3 and r.error == "HTTP 500" and r.sent == 0
    assert len(robot.received) == 3 and waits == [2.0, 4.0]   # doubling waits between the tries


def test_a_server_that_recovers_gets_the_message_once():
    with Robot([(502, {}), OK]) as robot:
        r = post_text(robot.url, "x", attempts=3, sleep=lambda s: None)
    assert r.ok and r.attempts == 2 and len(robot.received) == 2


def test_a_robot_refusal_is_a_failure():
    with Robot([(200, {"errcode": 45009, "errmsg": "api freq out of limit"})]) as robot:
        r = post_text(robot.url, "x", attempts=2, sleep=lambda s: None)
    assert not r.ok and r.error == "errcode 45009: api freq out of limit" and len(robot.received) == 2


def test_nothing_listens():
    with Robot([OK]) as robot:
        url = robot.url
    r = post_text(url, "x", attempts=2, sleep=lambda s: None, timeout=2)
    assert not r.ok and r.attempts == 2 and r.error


def test_long_texts_go_out_in_parts_between_lines():
    text = "\n".join(f"{i}. 坐席{i:03d} 办理率9.00%" for i in range(200))
    parts = text_parts(text, 2048)
    assert "\n".join(parts) == text and all(len(p.encode()) <= 2048 for p in parts) and len(parts) > 1
    assert text_parts("甲" * 1000, 2048) == ["甲" * 682, "甲" * 318]   # 682 x 3 bytes = 2046 <= 2048
    with Robot([OK]) as robot:
        r = post_text(robot.url, text, sleep=lambda s: None)
    assert r.ok and r.parts == len(parts) and [b["text"]["content"] for _, b in robot.received] == parts


def test_a_failed_part_stops_the_rest():
    with Robot([OK, (500, {})]) as robot:
        r = post_text(robot.url, "a" * 10 + "\n" + "b" * 10, attempts=2, max_bytes=12, sleep=lambda s: None)
    assert not r.ok and (r.parts, r.sent, r.attempts) == (2, 1, 3) and len(robot.received) == 3


def test_post_broadcast_needs_a_url():
    r = post_broadcast(make_settings(broadcast={"webhook_url": ""}), "x")
    assert not r.ok and r.attempts == 0 and "webhook_url" in r.error


# ---------------------------------------------------------------- the command line

@pytest.fixture
def tiny_cli(tmp_path, monkeypatch):
    root = write_tiny_floor(tmp_path / "floor")

    def configure(url: str = "") -> str:
        path = config_for(root, tmp_path, monkeypatch, webhook_url=f'"{url}"', backoff_seconds="0.0")
        return str(path)
    return root, configure


def test_cli_prints_the_broadcast(tiny_cli, capsys):
    root, configure = tiny_cli
    configure()
    assert main(["broadcast", "--data", str(root), "--date", "2026-11-25", "--at", "11:00"]) == 0
    assert capsys.readouterr().out == BROADCAST_11 + "\n"


def test_cli_posts_to_the_webhook(tiny_cli, capsys):
    root, configure = tiny_cli
    with Robot([OK]) as robot:
        configure(robot.url)
        code = main(["broadcast", "--data", str(root), "--date", "2026-11-25", "--at", "11:00", "--post"])
    out = capsys.readouterr()
    assert code == 0 and out.out == BROADCAST_11 + "\n" and "posted: 1 message(s), 1 attempt(s)" in out.err
    assert robot.received[0][1]["text"]["content"] == BROADCAST_11


def test_cli_reports_a_failed_post(tiny_cli, capsys):
    root, configure = tiny_cli
    with Robot([(500, {})]) as robot:
        configure(robot.url)
        code = main(["broadcast", "--data", str(root), "--date", "2026-11-25", "--at", "11:00", "--post"])
    out = capsys.readouterr()
    assert code == 1 and len(robot.received) == 3   # [broadcast] attempts = 3
    assert out.out == BROADCAST_11 + "\n"           # the text is still there to send by hand
    assert "error: posting to the webhook failed after 3 attempts (0/1 messages sent): HTTP 500" in out.err


def test_cli_post_without_a_url(tiny_cli, capsys):
    root, configure = tiny_cli
    configure("")
    code = main(["broadcast", "--data", str(root), "--date", "2026-11-25", "--at", "11:00", "--post"])
    assert code == 2 and "webhook_url" in capsys.readouterr().err
