"""Posting a text to the group-chat robot, retried, spaced to the robot's limit, never silently dropped.

The robot is `[broadcast] robot` (lib/out/robots.py): WeCom and DingTalk take
`{"msgtype": "text", "text": {"content": ...}}` and answer `{"errcode": 0, ...}`; Feishu/Lark takes
`{"msg_type": "text", "content": {"text": ...}}` and answers `{"code": 0, ...}`; DingTalk and Feishu
posts are signed when a secret is set. A long broadcast goes out in parts of at most
`max_message_bytes` (WeCom: 2,048), split between lines, in order, spaced so the robot's messages a
minute are never exceeded; a part that fails stops the rest so the chat never shows a gap. A refusal
that would only repeat (signature, keyword, address) is not retried; it comes back as a reason the
duty desk and the CLI put in words (`robot.error.<reason>`).
"""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from lib.config import Settings
from lib.i18n.formats import mask_phones
from lib.out import robots


@dataclass(frozen=True)
class PostResult:
    """What happened to a post: sent or not, after how many attempts, and the last error."""

    ok: bool
    attempts: int
    parts: int = 1           # messages the text was split into
    sent: int = 0            # of which were taken by the robot
    error: str = ""          # the robot's own words, or what failed ("errcode 310000: sign not match")
    reason: str = ""         # why, for the product's words: lib/out/robots.REASONS ("sign", "rate" …)


def text_parts(text: str, max_bytes: int) -> list[str]:
    """The text split between lines into parts of at most `max_bytes` UTF-8 bytes (a longer line is cut)."""
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line.encode("utf-8")) > max_bytes:   # one line longer than a message: cut it by characters
            cut = max_bytes
            while len(line[:cut].encode("utf-8")) > max_bytes:
                cut -= 1
            if current:
                parts.append(current)
                current = ""
            parts.append(line[:cut])
            line = line[cut:]
        candidate = f"{current}\n{line}" if current else line
        if current and len(candidate.encode("utf-8")) > max_bytes:
            parts.append(current)
            candidate = line
        current = candidate
    if current or not parts:
        parts.append(current)
    return parts


def _post_once(url: str, content: str, timeout: float, kind: str = "wecom", secret: str = "",
               now: Callable[[], float] = time.time) -> tuple[str, str]:
    """One POST of one message; ("", "") when the robot took it, else (reason, what went wrong)."""
    url, payload = robots.request(kind, url, content, secret, now())
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    req = urllib.request.Request(url, data=body, method="POST",
                                 headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            answer = resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        try:   # a robot may say why with an error status too (Feishu's 9499 Bad Request, a 429)
            data = json.loads(e.read().decode("utf-8", "replace"))
        except (ValueError, OSError):
            data = None
        reason, error = robots.answer(kind, data) if isinstance(data, dict) else ("", "")
        if reason and reason != "answer":
            return reason, f"HTTP {e.code} {error}"
        return ("bad_request" if e.code in (400, 413) else "rate" if e.code == 429 else "http"), f"HTTP {e.code}"
    except (urllib.error.URLError, OSError) as e:
        return "network", f"{type(e).__name__}: {getattr(e, 'reason', e)}"
    try:
        data = json.loads(answer) if answer.strip() else {}
    except ValueError:
        return "answer", f"not a robot's answer: {answer[:80]!r}"
    return robots.answer(kind, data)


def with_keyword(part: str, keyword: str) -> str:
    """The message as the robot's keyword filter wants it: the keyword in front when it is not in it."""
    return part if not keyword or keyword in part else f"{keyword}\n{part}"


def post_text(url: str, text: str, attempts: int = 3, backoff_seconds: float = 2.0, timeout: float = 10.0,
              max_bytes: int = 2048, sleep: Callable[[float], None] = time.sleep, robot: str = "wecom",
              secret: str = "", keyword: str = "", per_minute: int = 20,
              now: Callable[[], float] = time.time, clock: robots.MessageClock | None = None) -> PostResult:
    """Send `text` to the robot at `url`, each part tried up to `attempts` times (waits doubling).

    The text is masked (mask_phones) on its way out as well as where it was built: this is the one
    door to a chat, and a whole phone number must never pass it. Each message waits its turn on the
    robot's message clock (at most `per_minute` in any minute), reading `now` and waiting by `sleep`."""
    room = max_bytes - (len(keyword.encode("utf-8")) + 1 if keyword else 0)
    parts = [with_keyword(p, keyword) for p in text_parts(mask_phones(text), room)]
    clock = clock or robots.clock_for(robot, url, per_minute)
    tries = 0
    for i, part in enumerate(parts):
        reason = error = ""
        for n in range(max(1, attempts)):
            if n:
                sleep(backoff_seconds * 2 ** (n - 1))
            wait = clock.ready(now())
            if wait > 0:
                sleep(wait)
            tries += 1
            clock.sent(now())
            reason, error = _post_once(url, part, timeout, robot, secret, now)
            if not reason or reason in robots.PERMANENT:
                break
        if reason:
            return PostResult(False, tries, len(parts), i, error, reason)
    return PostResult(True, tries, len(parts), len(parts))


def post_broadcast(settings: Settings, text: str, sleep: Callable[[float], None] = time.sleep,
                   now: Callable[[], float] = time.time) -> PostResult:
    """Send a text to the `[broadcast]` robot (its webhook and secret from robots.credentials) with
    the retry and rate settings of `[broadcast]`."""
    b = settings.broadcast
    url, secret = robots.credentials(b)
    if not url:
        return PostResult(False, 0, 0, 0, "[broadcast] webhook_url is empty", "no_url")
    return post_text(url, text, attempts=b.attempts, backoff_seconds=b.backoff_seconds, timeout=b.timeout_seconds,
                     max_bytes=b.max_message_bytes, sleep=sleep, robot=b.robot, secret=secret, keyword=b.keyword,
                     per_minute=b.per_minute, now=now)
