"""Posting a text to a group-chat robot (WeCom / DingTalk style JSON), retried, never silently dropped.

Both robots take `{"msgtype": "text", "text": {"content": ...}}` and answer `{"errcode": 0, ...}`
when they took it. A WeCom text holds at most 2048 bytes, so a long broadcast goes out in parts,
split between lines, in order; a part that fails stops the rest so the chat never shows a gap.
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


@dataclass(frozen=True)
class PostResult:
    """What happened to a post: sent or not, after how many attempts, and the last error."""

    ok: bool
    attempts: int
    parts: int = 1           # messages the text was split into
    sent: int = 0            # of which were taken by the robot
    error: str = ""


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


def _post_once(url: str, content: str, timeout: float) -> str:
    """One POST; '' when the robot took the message, else what went wrong."""
    body = json.dumps({"msgtype": "text", "text": {"content": content}}, ensure_ascii=False).encode("utf-8")
    req = urllib.request.Request(url, data=body, method="POST",
                                 headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            answer = resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return f"HTTP {e.code}"
    except (urllib.error.URLError, OSError) as e:
        return f"{type(e).__name__}: {getattr(e, 'reason', e)}"
    try:
        data = json.loads(answer) if answer.strip() else {}
    except ValueError:
        return f"not a robot's answer: {answer[:80]!r}"
    code = data.get("errcode", 0) if isinstance(data, dict) else 0
    return "" if code in (0, "0") else f"errcode {code}: {data.get('errmsg', '')}"


def post_text(url: str, text: str, attempts: int = 3, backoff_seconds: float = 2.0, timeout: float = 10.0,
              max_bytes: int = 2048, sleep: Callable[[float], None] = time.sleep) -> PostResult:
    """Send `text` to the robot at `url`, each part tried up to `attempts` times (waits doubling).

    The text is masked (mask_phones) on its way out as well as where it was built: this is the one
    door to a chat, and a whole phone number must never pass it."""
    parts = text_parts(mask_phones(text), max_bytes)
    tries = 0
    for i, part in enumerate(parts):
        error = ""
        for n in range(max(1, attempts)):
            if n:
                sleep(backoff_seconds * 2 ** (n - 1))
            tries += 1
            error = _post_once(url, part, timeout)
            if not error:
                break
        if error:
            return PostResult(False, tries, len(parts), i, error)
    return PostResult(True, tries, len(parts), len(parts))


def post_broadcast(settings: Settings, text: str, sleep: Callable[[float], None] = time.sleep) -> PostResult:
    """Send a text to `[broadcast] webhook_url` with the retry settings of `[broadcast]`."""
    b = settings.broadcast
    url = b.webhook_url.strip()
    if not url:
        return PostResult(False, 0, 0, 0, "[broadcast] webhook_url is empty")
    return post_text(url, text, attempts=b.attempts, backoff_seconds=b.backoff_seconds, timeout=b.timeout_seconds,
                     max_bytes=b.max_message_bytes, sleep=sleep)
