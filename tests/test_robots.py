"""The chat robots (issue 18.3): WeCom, DingTalk and Feishu/Lark, each against a fake of its own on
127.0.0.1 that checks what the real one checks and answers as it does, errors included.

Each fake recomputes the signature itself (HMAC-SHA256 here, not the product's function), refuses a
timestamp more than an hour off its clock, checks the body's shape, the keyword and the messages a
minute, and answers with the robot's JSON (lib/out/robots.py cites the pages). Time is a fake clock
both the product and the fake read: the product's waits advance it, nothing really sleeps.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.parse

import pytest

from lib.cli.main import main
from lib.config import ConfigError
from lib.i18n import t
from lib.out import robots
from lib.out.webhook import post_broadcast, post_text
from tests.conftest import make_settings
from tests.json_server import JsonServer
from tests.test_duty import BROADCAST_11, desk
from tests.test_wall import config_for, write_tiny_floor

T0 = 1_795_000_000.0   # 2026-11-18, seconds since the epoch
SECRET = "SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd"
KEY = "c0ffee00-1111-2222-3333-444455556666"


class Clock:
    """The wall clock of a test: the product signs and spaces by it, the fakes check by it."""

    def __init__(self, t: float = T0):
        self.t, self.waits = t, []

    def now(self) -> float:
        return self.t

    def sleep(self, s: float) -> None:
        self.waits.append(s)
        self.t += s


@pytest.fixture(autouse=True)
def _no_secrets_here(tmp_path, monkeypatch):
    # The machine's own .streamlit/secrets.toml or environment never reach these tests.
    monkeypatch.setenv(robots.ENV_SECRETS_FILE, str(tmp_path / "no-secrets.toml"))
    monkeypatch.delenv(robots.ENV_URL, raising=False)
    monkeypatch.delenv(robots.ENV_SECRET, raising=False)
    robots._CLOCKS.clear()


class Fake:
    """One robot of `kind` on 127.0.0.1: `url` is its webhook, `received` the texts it took,
    `answers` every JSON it gave, `problems` what a real robot would have thrown back as malformed
    (WeCom's and DingTalk's codes for a malformed body are the fake's own: the tests assert none
    arrives; Feishu's 9499 Bad Request is the documented one)."""

    def __init__(self, kind: str, clock: Clock, secret: str = "", keyword: str = "", per_minute: int = 20,
                 per_second: int = 0):
        self.kind, self.clock, self.secret, self.keyword = kind, clock, secret, keyword
        self.per_minute, self.per_second = per_minute, per_second
        self.received, self.answers, self.problems, self.times = [], [], [], []
        self.http = JsonServer(self._answer)
        base = self.http.base
        self.url = {"wecom": f"{base}/cgi-bin/webhook/send?key={KEY}",
                    "dingtalk": f"{base}/robot/send?access_token={KEY}",
                    "feishu": f"{base}/open-apis/bot/v2/hook/{KEY}"}[kind]

    def __enter__(self):
        self.http.__enter__()
        return self

    def __exit__(self, *exc):
        self.http.__exit__(*exc)

    def _answer(self, path: str, content_type: str, raw: bytes) -> tuple[int, object]:
        status, answer = self.handle(path, content_type, raw)
        self.answers.append(answer)
        return status, answer

    # ------------------------------------------------------------ what the real robot checks
    def _too_fast(self) -> bool:
        now = self.clock.now()
        self.times = [x for x in self.times if now - x < 60]
        last_second = [x for x in self.times if now - x < 1]
        self.times.append(now)
        return len(self.times) > self.per_minute or bool(self.per_second and len(last_second) >= self.per_second)

    def handle(self, path: str, content_type: str, raw: bytes) -> tuple[int, dict]:
        if not content_type.startswith("application/json"):
            self.problems.append(f"content type {content_type!r}")
        try:
            body = json.loads(raw.decode("utf-8"))
        except ValueError:
            body = None
        return getattr(self, self.kind)(urllib.parse.urlsplit(path), body, raw)

    def wecom(self, url, body, raw) -> tuple[int, dict]:
        if urllib.parse.parse_qs(url.query).get("key") != [KEY]:
            return 200, {"errcode": 93000, "errmsg": "invalid webhook url, hint: [fake], more info at "
                                                     "https://open.work.weixin.qq.com/devtool/query?e=93000"}
        if not (isinstance(body, dict) and set(body) == {"msgtype", "text"} and body["msgtype"] == "text"
                and isinstance(body["text"], dict) and isinstance(body["text"].get("content"), str)):
            self.problems.append(f"wecom body {body!r}")
            return 200, {"errcode": 40008, "errmsg": "invalid message type"}
        content = body["text"]["content"]
        if len(content.encode("utf-8")) > 2048:   # "最长不超过2048个字节"
            self.problems.append(f"wecom text of {len(content.encode())} bytes")
            return 200, {"errcode": 40058, "errmsg": "content exceed max length 2048"}
        if self._too_fast():
            return 200, {"errcode": 45009, "errmsg": "api freq out of limit"}
        self.received.append(content)
        return 200, {"errcode": 0, "errmsg": "ok"}

    def dingtalk(self, url, body, raw) -> tuple[int, dict]:
        query = urllib.parse.parse_qs(url.query)
        if query.get("access_token") != [KEY]:
            return 200, {"errcode": 300005, "errmsg": "token is not exist"}
        if self.secret:
            ts, sign = query.get("timestamp", [""])[0], query.get("sign", [""])[0]
            if not ts.isdigit() or abs(self.clock.now() * 1000 - int(ts)) > 3600 * 1000:
                return 200, {"errcode": 310000, "errmsg": "invalid timestamp"}
            want = base64.b64encode(hmac.new(self.secret.encode(), f"{ts}\n{self.secret}".encode(),
                                             hashlib.sha256).digest()).decode()
            if not hmac.compare_digest(sign, want):
                return 200, {"errcode": 310000, "errmsg": "sign not match, more: [https://ding-doc.dingtalk.com/]"}
        if not (isinstance(body, dict) and body.get("msgtype") == "text" and isinstance(body.get("text"), dict)
                and isinstance(body["text"].get("content"), str)):
            self.problems.append(f"dingtalk body {body!r}")
            return 200, {"errcode": 40035, "errmsg": "缺少参数 json"}
        content = body["text"]["content"]
        if self.keyword and self.keyword not in content:
            return 200, {"errcode": 310000, "errmsg": "keywords not in content, more: [https://ding-doc.dingtalk.com/]"}
        if self._too_fast():
            return 200, {"errcode": 130101, "errmsg": "send too fast, exceed 20 times per minute"}
        self.received.append(content)
        return 200, {"errcode": 0, "errmsg": "ok"}

    def feishu(self, url, body, raw) -> tuple[int, dict]:
        bad = {"code": 9499, "msg": "Bad Request", "data": {}}
        if url.path != f"/open-apis/bot/v2/hook/{KEY}":
            return 404, {"code": 19001, "msg": "param invalid: incoming webhook access token invalid", "data": {}}
        signed = {"timestamp", "sign"} if self.secret else set()
        if not (isinstance(body, dict) and set(body) == {"msg_type", "content"} | signed
                and body["msg_type"] == "text" and isinstance(body["content"], dict)
                and isinstance(body["content"].get("text"), str)) or len(raw) > 20 * 1024:
            self.problems.append(f"feishu body {body!r}")
            return 400, bad
        if self.secret:
            ts = body["timestamp"]
            key = f"{ts}\n{self.secret}".encode()
            want = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
            if (not isinstance(ts, str) or not ts.isdigit() or abs(self.clock.now() - int(ts)) > 3600
                    or not hmac.compare_digest(str(body["sign"]), want)):
                return 200, {"code": 19021, "msg": "sign match fail or timestamp is not within one hour from current time",
                             "data": {}}
        text = body["content"]["text"]
        if self.keyword and self.keyword not in text:
            return 200, {"code": 19024, "msg": "Key Words Not Found", "data": {}}
        if self._too_fast():
            return 200, {"code": 11232, "msg": "frequency limited psm[lark.oapi.app_platform_runtime]appID[1500]",
                         "data": {}}
        self.received.append(text)
        return 200, {"code": 0, "msg": "success", "data": {}, "Extra": None, "StatusCode": 0,
                     "StatusMessage": "success"}


def send(fake: Fake, clock: Clock, text: str, **kw):
    kw.setdefault("robot", fake.kind)
    kw.setdefault("attempts", 3)
    return post_text(fake.url, text, now=clock.now, sleep=clock.sleep, **kw)


LONG = "\n".join(f"{i}. 坐席{i:03d} 办理率9.00%" for i in range(300))   # about 7,000 bytes


def words(reason: str, lang: str = "zh") -> str:
    return t(f"robot.error.{reason}", lang)


# ---------------------------------------------------------------- the signatures, byte for byte

def test_signatures_are_the_documented_ones():
    # DingTalk: key = secret, message = timestamp\nsecret; Feishu: key = timestamp\nsecret, empty message.
    ts = "1700000000000"
    want = base64.b64encode(hmac.new(b"secret", b"1700000000000\nsecret", hashlib.sha256).digest()).decode()
    assert robots.dingtalk_sign(ts, "secret") == want
    url, body = robots.request("dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=x", "hi", "secret", 1.7e9)
    assert url == f"https://oapi.dingtalk.com/robot/send?access_token=x&timestamp={ts}&sign={urllib.parse.quote_plus(want)}"
    assert body == {"msgtype": "text", "text": {"content": "hi"}}
    key = b"1599360473\nsecret"
    assert robots.feishu_sign("1599360473", "secret") == base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
    _, body = robots.request("feishu", "https://open.feishu.cn/open-apis/bot/v2/hook/x", "hi", "secret", 1599360473.9)
    assert body == {"timestamp": "1599360473", "sign": robots.feishu_sign("1599360473", "secret"),
                    "msg_type": "text", "content": {"text": "hi"}}
    assert robots.request("feishu", "u", "hi")[1] == {"msg_type": "text", "content": {"text": "hi"}}
    assert robots.request("wecom", "u?key=k", "hi", "ignored", 1.0) == ("u?key=k", {"msgtype": "text", "text": {"content": "hi"}})


# ---------------------------------------------------------------- WeCom

def test_wecom_takes_a_long_broadcast_in_parts_of_2048_bytes():
    clock = Clock()
    with Fake("wecom", clock) as fake:
        r = send(fake, clock, LONG)
    assert r.ok and r.parts == len(fake.received) > 1 and not fake.problems
    assert "\n".join(fake.received) == LONG and all(len(p.encode()) <= 2048 for p in fake.received)


def test_wecom_wrong_key_is_an_invalid_address_not_retried():
    clock = Clock()
    with Fake("wecom", clock) as fake:
        r = post_text(fake.url.replace(KEY, "wrong"), "x", robot="wecom", now=clock.now, sleep=clock.sleep)
    assert not r.ok and r.reason == "url" and r.attempts == 1 and r.error.startswith("errcode 93000: invalid webhook url")
    assert "地址无效" in words("url") and "not valid" in words("url", "en")


def test_wecom_21st_message_in_a_minute_is_refused_and_the_product_spaces_its_parts():
    clock = Clock()
    text = "\n".join(f"line {i:02d} " + "x" * 250 for i in range(21))   # 21 parts of about 260 bytes
    with Fake("wecom", clock) as fake:
        r = send(fake, clock, text, max_bytes=300, per_minute=30, attempts=1)   # above the robot's 20
    assert not r.ok and (r.parts, r.sent, r.reason) == (21, 20, "rate") and fake.answers[-1]["errcode"] == 45009
    assert r.error == "errcode 45009: api freq out of limit" and "限流" in words("rate")

    clock, robots._CLOCKS = Clock(), {}
    with Fake("wecom", clock) as fake:
        r = send(fake, clock, text, max_bytes=300, per_minute=20)
    assert r.ok and len(fake.received) == 21 and fake.answers.count({"errcode": 0, "errmsg": "ok"}) == 21
    assert len(clock.waits) == 1 and 59.9 < clock.waits[0] <= 60.0   # the 21st waited for the minute to pass


# ---------------------------------------------------------------- DingTalk

def test_dingtalk_signed_with_keyword_is_taken():
    clock = Clock()
    with Fake("dingtalk", clock, secret=SECRET, keyword="排名") as fake:
        r = send(fake, clock, BROADCAST_11, secret=SECRET, keyword="排名")
        r2 = send(fake, clock, "【开呼通知】09:00 请准时开呼", secret=SECRET, keyword="排名")
    assert r.ok and r2.ok and not fake.problems
    assert fake.received == [BROADCAST_11, "排名\n【开呼通知】09:00 请准时开呼"]   # the keyword only where missing


@pytest.mark.parametrize("secret, skew, errmsg", [("SECwrong", 0, "sign not match"), (SECRET, -3601, "invalid timestamp"),
                                                  ("", 0, "invalid timestamp")])   # no signature at all
def test_dingtalk_refuses_a_bad_signature_or_an_old_timestamp(secret, skew, errmsg):
    clock = Clock()
    with Fake("dingtalk", clock, secret=SECRET) as fake:
        r = post_text(fake.url, "x", robot="dingtalk", secret=secret, now=lambda: clock.now() + skew, sleep=clock.sleep)
    assert not r.ok and r.reason == "sign" and r.attempts == 1 and fake.received == []
    assert r.error.startswith(f"errcode 310000: {errmsg}")
    assert "签名不匹配" in words("sign") and "signature does not match" in words("sign", "en")


def test_dingtalk_keyword_missing():
    clock = Clock()
    with Fake("dingtalk", clock, keyword="播报") as fake:
        r = send(fake, clock, "【开呼通知】09:00")
    assert not r.ok and r.reason == "keyword" and r.attempts == 1
    assert r.error.startswith("errcode 310000: keywords not in content") and "关键词" in words("keyword")


def test_dingtalk_20_a_minute():
    text = "\n".join(f"排名 {i:02d} " + "x" * 250 for i in range(21))
    clock = Clock()
    with Fake("dingtalk", clock) as fake:
        r = send(fake, clock, text, max_bytes=300, per_minute=25, attempts=1)
    assert not r.ok and (r.sent, r.reason) == (20, "rate") and r.error.startswith("errcode 130101: send too fast")
    clock, robots._CLOCKS = Clock(), {}
    with Fake("dingtalk", clock, secret=SECRET) as fake:
        r = send(fake, clock, text, max_bytes=300, secret=SECRET)   # per_minute = 20: spaced
    assert r.ok and len(fake.received) == 21 and 59.9 < sum(clock.waits) <= 60.0


# ---------------------------------------------------------------- Feishu / Lark

def test_feishu_signed_is_taken():
    clock = Clock()
    with Fake("feishu", clock, secret=SECRET, keyword="播报", per_second=5) as fake:
        r = send(fake, clock, LONG, secret=SECRET, keyword="播报", max_bytes=2048)
    assert r.ok and r.parts > 1 and not fake.problems and fake.answers[0]["code"] == 0
    assert all(p.startswith("播报\n") for p in fake.received)
    assert "\n".join(p.removeprefix("播报\n") for p in fake.received) == LONG


@pytest.mark.parametrize("secret, skew", [("wrong", 0), (SECRET, 3700)])
def test_feishu_sign_match_fail(secret, skew):
    clock = Clock()
    with Fake("feishu", clock, secret=SECRET) as fake:
        r = post_text(fake.url, "x", robot="feishu", secret=secret, now=lambda: clock.now() + skew, sleep=clock.sleep)
    assert not r.ok and r.reason == "sign" and r.attempts == 1 and r.error.startswith("code 19021: sign match fail")


def test_feishu_keyword_and_rate_and_a_body_it_does_not_take():
    clock = Clock()
    with Fake("feishu", clock, keyword="播报", per_minute=100) as fake:
        r = send(fake, clock, "x")
        assert (r.reason, r.error) == ("keyword", "code 19024: Key Words Not Found")
        text = "\n".join(f"{i:03d} " + "y" * 250 for i in range(101))
        r = send(fake, clock, text, keyword="播报", max_bytes=300, per_minute=150, attempts=1)
        assert (r.sent, r.reason) == (100, "rate") and r.error.startswith("code 11232: frequency limited")
        r = post_text(fake.url, "播报", robot="wecom", now=clock.now, sleep=clock.sleep)   # robot = wecom by mistake
    assert (r.reason, r.error, r.attempts) == ("bad_request", "HTTP 400", 1)   # 9499 Bad Request, read as WeCom
    assert fake.problems and "格式" in words("bad_request")


# ---------------------------------------------------------------- the webhook and secret from outside the repo

def test_post_broadcast_reads_the_webhook_and_secret_from_streamlit_secrets(tmp_path, monkeypatch):
    clock = Clock()
    with Fake("dingtalk", clock, secret=SECRET, keyword="值班") as fake:
        secrets = tmp_path / "secrets.toml"
        secrets.write_text(f'[broadcast]\nwebhook_url = "{fake.url}"\nsecret = "{SECRET}"\n', encoding="utf-8")
        monkeypatch.setenv(robots.ENV_SECRETS_FILE, str(secrets))
        cfg = make_settings(broadcast={"robot": "dingtalk", "keyword": "值班", "webhook_url": ""})
        r = post_broadcast(cfg, BROADCAST_11, sleep=clock.sleep, now=clock.now)
        assert r.ok and fake.received == ["值班\n" + BROADCAST_11]

        secrets.write_text(f'[broadcast]\nwebhook_url = "{fake.url}"\n', encoding="utf-8")   # no secret there
        key_file = tmp_path / "dingtalk.secret"
        key_file.write_text(SECRET + "\n", encoding="utf-8")
        cfg = make_settings(broadcast={"robot": "dingtalk", "keyword": "值班", "secret_file": str(key_file)})
        assert post_broadcast(cfg, "x", sleep=clock.sleep, now=clock.now).ok

        monkeypatch.setenv(robots.ENV_SECRET, "SECfromenv")   # the environment wins
        r = post_broadcast(cfg, "x", sleep=clock.sleep, now=clock.now)
    assert (r.ok, r.reason) == (False, "sign")
    assert robots.credentials(make_settings().broadcast) == (fake.url, "SECfromenv")


@pytest.mark.parametrize("values, key", [({"robot": "slack"}, "broadcast.robot"),
                                         ({"robot": "dingtalk", "per_minute": 21}, "broadcast.per_minute"),
                                         ({"robot": "feishu", "per_minute": 0}, "broadcast.per_minute"),
                                         ({"robot": "wecom", "max_message_bytes": 4096}, "broadcast.max_message_bytes"),
                                         ({"secret_file": "secrets/robot.txt"}, "broadcast.secret_file"),
                                         ({"secret_file": str(robots.secrets_file().parent.parent / "x.secret")},
                                          "broadcast.secret_file")])
def test_config_refuses_what_no_robot_takes(values, key, monkeypatch):
    monkeypatch.delenv(robots.ENV_SECRETS_FILE)   # the repo's own .streamlit folder: inside the repository
    with pytest.raises(ConfigError) as e:
        make_settings(broadcast=values)
    assert key in e.value.keys
    assert make_settings(broadcast={"robot": "feishu", "per_minute": 100, "max_message_bytes": 18000}).broadcast.robot == "feishu"


# ---------------------------------------------------------------- the CLI and the duty desk say it in words

def test_cli_names_a_sign_mismatch(tmp_path, monkeypatch, capsys):
    root = write_tiny_floor(tmp_path / "floor")
    clock = Clock()
    clock.now = time.time   # the CLI signs by the real clock
    with Fake("dingtalk", clock, secret=SECRET) as fake:
        config_for(root, tmp_path, monkeypatch, webhook_url=f'"{fake.url}"', robot='"dingtalk"', backoff_seconds="0.0")
        monkeypatch.setenv(robots.ENV_SECRET, "SECwrong")
        code = main(["broadcast", "--data", str(root), "--date", "2026-11-25", "--at", "11:00", "--post", "--lang", "en"])
        assert code == 1 and len(fake.answers) == 1   # refused once, not retried
        err = capsys.readouterr().err
        assert "errcode 310000: sign not match" in err and f"error: {words('sign', 'en')}" in err
        monkeypatch.setenv(robots.ENV_SECRET, SECRET)
        assert main(["broadcast", "--data", str(root), "--date", "2026-11-25", "--at", "11:00", "--post"]) == 0
    assert fake.received == [BROADCAST_11]


def test_duty_desk_shows_a_sign_mismatch_in_words(tmp_path, monkeypatch):
    root = write_tiny_floor(tmp_path / "floor")
    clock = Clock()
    clock.now = time.time   # the page signs by the real clock
    with Fake("dingtalk", clock, secret=SECRET) as fake:
        config_for(root, tmp_path, monkeypatch, webhook_url=f'"{fake.url}"', robot='"dingtalk"', backoff_seconds="0.0")
        monkeypatch.setenv(robots.ENV_SECRET, "SECwrong")
        at = desk(monkeypatch)
        at.button(key="duty_post").click().run()
        errors = [e.value.replace("\\", "").replace("\u2060", "") for e in at.error]   # the robot's words escaped
        assert any(words("sign") in e and "errcode 310000: sign not match" in e for e in errors), errors
        assert len(fake.answers) == 1 and fake.received == []

        monkeypatch.setenv(robots.ENV_SECRET, SECRET)
        at = desk(monkeypatch)
        at.button(key="duty_post").click().run()
    assert fake.received == [BROADCAST_11] and any("已发送" in s.value for s in at.success)


def test_answers_read_into_reasons():
    a = robots.answer
    assert a("feishu", {"StatusCode": 0, "StatusMessage": "success"}) == ("", "")   # the older Feishu fields
    assert a("feishu", {"code": 19022, "msg": "Ip Not Allowed"}) == ("ip", "code 19022: Ip Not Allowed")
    assert a("dingtalk", {"errcode": 310000, "errmsg": "ip 10.0.0.9 not in whitelist"})[0] == "ip"
    assert a("dingtalk", {"errcode": 300005, "errmsg": "token is not exist"})[0] == "url"
    assert a("wecom", {"errcode": 12345, "errmsg": "new"}) == ("other", "errcode 12345: new")
    assert a("wecom", ["not", "a", "dict"])[0] == a("wecom", {"errcode": "x"})[0] == "answer"
    assert all(t(f"robot.error.{r}", lang) for r in robots.REASONS for lang in ("zh", "en"))
