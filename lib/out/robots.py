"""The group-chat robots Chinese floors use: WeCom 企业微信, DingTalk 钉钉, Feishu/Lark 飞书.

Each kind knows three things: the body of a text message, how a post is signed, and how its answer
says "taken" or what went wrong. What went wrong is named by a reason the duty desk and the CLI put
in the product's words (catalogue keys `robot.error.<reason>` in lib/i18n/duty.py):

    sign      the signature does not match, or its timestamp is more than an hour off
    keyword   the message lacks the robot's keyword
    ip        the server's address is not on the robot's whitelist
    rate      too many messages: the robot's per-minute limit
    url       the webhook address is not a robot (wrong or deleted key / token)
    bad_request  the robot did not take the body (shape or size)
    http / network / answer / other   a server error, no connection, not a robot's answer, any other code
    no_url    no webhook configured at all

The robots' documented behaviour, as read for this module (third-party copies of the official pages):
- WeCom 群机器人 (developer.work.weixin.qq.com/document/path/91770, copied at
  work.weixin.qq.com/api/doc/90000/90136/91770): POST {"msgtype": "text", "text": {"content": ...}},
  "content 文本内容，最长不超过2048个字节，必须是utf8编码"; "每个机器人发送的消息不能超过20条/分钟"
  (hexdocs.pm/wechat_sdk WeChat.Work.ChatRobot); answers {"errcode": 0, "errmsg": "ok"}; errcode 93000
  "invalid webhook url", 45009 "api freq out of limit". No signature: the key in the URL is the secret.
- DingTalk 自定义机器人 (open.dingtalk.com/document/robots/custom-robot-access; copied at
  binkzhou.github.io/blog/other/2023/0211001.html, apifox.com/apidoc/docs-site/467052/doc-3550006):
  the same body; 加签 = "timestamp+"\\n"+密钥当做签名字符串，使用HmacSHA256算法计算签名，然后进行Base64 encode，
  最后再把签名参数再进行urlEncode", timestamp in milliseconds "与请求调用时间误差不能超过1小时", appended to
  the webhook as &timestamp=...&sign=...; or a 自定义关键词 "消息中至少包含其中1个关键词"; answers
  {"errcode": 0, "errmsg": "ok"}, errcode 310000 with "sign not match" / "invalid timestamp" /
  "keywords not in content" / "ip X.X.X.X not in whitelist", 130101 "send too fast, exceed 20 times per minute".
- Feishu/Lark 自定义机器人 (open.feishu.cn/document/client-docs/bot-v3/add-custom-bot; copied at
  aitechtogether.com/it/354984.html, createh5.com/post/277.html): POST
  {"msg_type": "text", "content": {"text": ...}}, signed by "timestamp": seconds as text and "sign":
  base64(HmacSHA256 keyed with timestamp + "\\n" + secret over an empty message) in the body, "距当前时间
  不超过 1 小时"; answers {"code": 0, "msg": "success", "data": {}} (older fields "StatusCode": 0,
  "StatusMessage"), errors 19021 "sign match fail or timestamp is not within one hour from current time",
  19024 "Key Words Not Found", 19022 "Ip Not Allowed", 11232 "frequency limited", 9499 "Bad Request"
  ("请求体大小不能超过20k"). The custom bot's limit is 100 a minute and 5 a second.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import tomllib
import urllib.parse
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from lib.config import ROBOT_LIMITS

KINDS = ("wecom", "dingtalk", "feishu")
REASONS = ("sign", "keyword", "ip", "rate", "url", "bad_request", "http", "network", "answer", "other", "no_url")
# A post refused for these is refused again at once: not retried.
PERMANENT = frozenset({"sign", "keyword", "ip", "url", "bad_request"})
LIMITS = ROBOT_LIMITS   # (messages a minute, bytes a message) of each kind, from lib/config.py
MIN_GAP_SECONDS = {"wecom": 0.0, "dingtalk": 0.0, "feishu": 0.2}   # Feishu: 5 a second


# ---------------------------------------------------------------- signatures

def dingtalk_sign(timestamp_ms: str, secret: str) -> str:
    """DingTalk 加签: base64(HMAC-SHA256(key = secret, message = timestamp + "\\n" + secret)), not yet url-encoded."""
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp_ms}\n{secret}".encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def feishu_sign(timestamp_s: str, secret: str) -> str:
    """Feishu/Lark 签名校验: base64(HMAC-SHA256(key = timestamp + "\\n" + secret, message = empty))."""
    digest = hmac.new(f"{timestamp_s}\n{secret}".encode("utf-8"), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


# ---------------------------------------------------------------- one post: the request and the answer

def request(kind: str, url: str, content: str, secret: str = "", now: float = 0.0) -> tuple[str, dict]:
    """The URL to post to and the JSON body of one text message for a robot of `kind`, signed with
    `secret` (when given) at the wall-clock time `now` (seconds since the epoch)."""
    if kind == "feishu":
        body: dict = {"msg_type": "text", "content": {"text": content}}
        if secret:
            ts = str(int(now))
            body = {"timestamp": ts, "sign": feishu_sign(ts, secret)} | body
        return url, body
    body = {"msgtype": "text", "text": {"content": content}}
    if kind == "dingtalk" and secret:
        ts = str(int(now * 1000))
        sign = urllib.parse.quote_plus(dingtalk_sign(ts, secret))
        url = f"{url}{'&' if '?' in url else '?'}timestamp={ts}&sign={sign}"
    return url, body


def _reason(kind: str, code: int, msg: str) -> str:
    m = msg.lower()
    if kind == "feishu":
        return {19021: "sign", 19024: "keyword", 19022: "ip", 11232: "rate", 9499: "bad_request"}.get(code, "other")
    if kind == "dingtalk":
        if code == 310000:
            if "keyword" in m:
                return "keyword"
            if "whitelist" in m or " ip " in f" {m} ":
                return "ip"
            return "sign"   # "sign not match", "invalid timestamp"
        # 300005 "token is not exist", 40035 "缺少参数 access_token": not this robot's address
        return {130101: "rate", 300005: "url", 40035: "url"}.get(code, "other")
    return {93000: "url", 45009: "rate"}.get(code, "other")


def answer(kind: str, data: object) -> tuple[str, str]:
    """A robot's JSON answer as (reason, error): ("", "") when it took the message, else why not and
    its own words ("errcode 310000: sign not match")."""
    if not isinstance(data, dict):
        return "answer", f"not a robot's answer: {str(data)[:80]!r}"
    if kind == "feishu":
        raw = data.get("code", data.get("StatusCode", 0))
        msg = str(data.get("msg", data.get("StatusMessage", "")))
        label = "code"
    else:
        raw, msg, label = data.get("errcode", 0), str(data.get("errmsg", "")), "errcode"
    try:
        code = int(raw)
    except (TypeError, ValueError):
        return "answer", f"not a robot's answer: {json.dumps(data, ensure_ascii=False)[:80]}"
    if code == 0:
        return "", ""
    return _reason(kind, code, msg), f"{label} {code}: {msg}".rstrip(": ")


# ---------------------------------------------------------------- spacing the messages

@dataclass
class MessageClock:
    """The robot's limit kept on our side: at most `per_minute` messages in any 60 seconds and at
    least `min_gap` seconds between two. `ready()` says how long to wait before the next message,
    `sent()` notes one. Read from `now` (seconds), waited through the caller's sleep."""

    per_minute: int = 20
    min_gap: float = 0.0
    times: deque = field(default_factory=deque)

    def ready(self, now: float) -> float:
        while self.times and now - self.times[0] >= 60.0:
            self.times.popleft()
        wait = 0.0
        if len(self.times) >= self.per_minute:
            wait = self.times[len(self.times) - self.per_minute] + 60.0 - now
        if self.times and self.min_gap:
            wait = max(wait, self.times[-1] + self.min_gap - now)
        return max(0.0, wait)

    def sent(self, now: float) -> None:
        self.times.append(now)


_CLOCKS: dict[tuple[str, str], MessageClock] = {}


def clock_for(kind: str, url: str, per_minute: int) -> MessageClock:
    """One message clock per robot in this process, so posts one after another share its minute
    (the scheduler posting a notice after a ranking, the desk posting twice)."""
    key = (kind, url.split("&timestamp=")[0])
    c = _CLOCKS.get(key)
    if c is None or c.per_minute != per_minute:
        c = _CLOCKS[key] = MessageClock(per_minute, MIN_GAP_SECONDS.get(kind, 0.0), c.times if c else deque())
    return c


# ---------------------------------------------------------------- the webhook and its secret

ENV_URL = "TEAMBOARD_WEBHOOK_URL"
ENV_SECRET = "TEAMBOARD_WEBHOOK_SECRET"
ENV_SECRETS_FILE = "TEAMBOARD_SECRETS"   # the Streamlit secrets file to read (default .streamlit/secrets.toml)


def secrets_file() -> Path:
    """The Streamlit secrets file this app runs with: $TEAMBOARD_SECRETS, else .streamlit/secrets.toml
    beside dashboard.py (git-ignored). Read with tomllib: lib/out does not import streamlit."""
    named = os.environ.get(ENV_SECRETS_FILE, "").strip()
    if named:
        return Path(named).expanduser()
    return Path(__file__).resolve().parent.parent.parent / ".streamlit" / "secrets.toml"


def _secrets_broadcast() -> dict:
    path = secrets_file()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {}
    table = data.get("broadcast", {})
    return table if isinstance(table, dict) else {}


def credentials(b) -> tuple[str, str]:
    """The robot's webhook URL and secret for a [broadcast] config `b`, first found of:
    the URL: $TEAMBOARD_WEBHOOK_URL, Streamlit secrets [broadcast] webhook_url, config.toml webhook_url;
    the secret: $TEAMBOARD_WEBHOOK_SECRET, Streamlit secrets [broadcast] secret, the file named by
    [broadcast] secret_file (its first line). The secret never lives in config.toml or the repository."""
    secrets = _secrets_broadcast()
    url = (os.environ.get(ENV_URL, "").strip() or str(secrets.get("webhook_url", "")).strip()
           or b.webhook_url.strip())
    secret = os.environ.get(ENV_SECRET, "").strip() or str(secrets.get("secret", "")).strip()
    if not secret and b.secret_file.strip():
        try:
            lines = Path(b.secret_file).expanduser().read_text(encoding="utf-8").strip().splitlines()
            secret = lines[0].strip() if lines else ""
        except OSError:
            secret = ""
    return url, secret

