"""The center's FTP server as a source: listed with MLSD (LIST + SIZE/MDTM where it is refused),
each input file downloaded once into a mirror folder the app owns, then read by the local readers.

`[source] kind = "ftp"`, settings under `[source.ftp]`. The mirror is `.teamboard/ftp/<host>/`
beside `[source] demo_path`: `<table>/<path under the table's folder>` plus `manifest.json`, which
records each copy's server path, size and modification time. A file whose size and time did not
change is never downloaded again. A file that changes while it is downloaded (still being
uploaded), arrives short, or is a workbook cut off before its end, is not taken: its last good copy (if any) stays and a warning says so.
When the server cannot be reached, refuses the login or a folder, the mirror's files are read as
they are and a problem names the host, the error and when the copy was last brought up to date.
Imports nothing of lib/ but config and the other sources.
"""
from __future__ import annotations

import datetime as dt
import ftplib
import json
import logging
import os
import socket
import ssl
import threading
import time
import zipfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from lib.floor.sources import FileRef
from lib.floor.sources.local import READABLE, table_of

log = logging.getLogger(__name__)
STATS = {"downloads": 0, "lists": 0, "connects": 0}   # tests and the benchmark read these
_credentials: dict[str, str] = {}
_lock = threading.Lock()
_last: dict[str, tuple[float, list[FileRef], list[dict]]] = {}   # mirror -> (when, refs, problems)
MANIFEST = "manifest.json"
ERRORS = (ftplib.Error, OSError, EOFError, socket.timeout)


def use_credentials(info: Mapping[str, Any] | None) -> None:
    """Log in with these (st.secrets["ftp"]: user, password) instead of config.toml's."""
    _credentials.clear()
    for k in ("user", "password"):
        if info and info.get(k) is not None:
            _credentials[k] = str(info[k])


def mirror_root(settings) -> Path:
    """The folder the app downloads into: `.teamboard/ftp/<host>[_port]/` beside the demo's folder."""
    cfg = settings.source.ftp
    name = cfg.host + ("" if cfg.port == 21 else f"_{cfg.port}")
    return settings.demo_path.parent / "ftp" / (name.replace(":", "_").replace("/", "_") or "unset")


def forget() -> None:
    """Forget when the server was last listed (tests; the next call lists again)."""
    with _lock:
        _last.clear()


# ---------------------------------------------------------------- the server

class _DataSocket(ssl.SSLSocket):
    """A TLS data connection whose goodbye may fail: after a short transfer over TLS 1.3 the server may
    close before the client's unwrap (OpenSSL: "shutdown while in init"), which ftplib would raise
    although every byte arrived. The transfer is judged by the server's reply and the file's size."""

    def unwrap(self):
        try:
            return super().unwrap()
        except (ssl.SSLError, OSError):
            return None


def tls_context(ca_file: Path | None) -> ssl.SSLContext:
    """FTPS: the certificate and host name checked against `ca_file`, or (None) encryption alone."""
    if ca_file is not None:
        ctx = ssl.create_default_context(cafile=str(ca_file))
    else:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
    ctx.sslsocket_class = _DataSocket
    return ctx


def _connect(cfg, ca_file: Path | None = None) -> ftplib.FTP:
    STATS["connects"] += 1
    if cfg.tls:
        ftp = ftplib.FTP_TLS(encoding=cfg.encoding, timeout=max(1.0, cfg.timeout_seconds), context=tls_context(ca_file))
    else:
        ftp = ftplib.FTP(encoding=cfg.encoding, timeout=max(1.0, cfg.timeout_seconds))
    ftp.connect(cfg.host, cfg.port)
    ftp.login(_credentials.get("user", cfg.user) or "anonymous", _credentials.get("password", cfg.password))
    if cfg.tls:
        ftp.prot_p()
    if cfg.encoding == "utf-8":
        try:   # Serv-U and FileZilla Server send names in the Windows code page unless asked for UTF-8
            ftp.sendcmd("OPTS UTF8 ON")
        except ftplib.Error:
            pass
    ftp.set_pasv(cfg.passive)
    ftp.voidcmd("TYPE I")
    return ftp


def _join(*parts: str) -> str:
    out = PurePosixPath("/")
    for p in parts:
        if p:
            out = out / p.strip("/") if not p.startswith("/") else PurePosixPath(p)
    return str(out)


def _stamp(modify: str) -> float:
    """An MLSD/MDTM time (YYYYMMDDHHMMSS[.sss], UTC) as seconds since the epoch."""
    modify = modify.strip()
    whole, _, frac = modify.partition(".")
    t = dt.datetime.strptime(whole[:14], "%Y%m%d%H%M%S").replace(tzinfo=dt.timezone.utc).timestamp()
    return t + (float("0." + frac) if frac.isdigit() else 0.0)


def _entries(ftp: ftplib.FTP, path: str, state: dict) -> list[tuple[str, str, int, float]]:
    """(name, type "file"/"dir", size, mtime) of a folder: MLSD, else LIST then SIZE and MDTM per file."""
    if not state.get("no_mlsd"):
        try:
            out = []
            for name, facts in ftp.mlsd(path, facts=["type", "size", "modify"]):
                kind = facts.get("type", "").lower()
                if kind in ("cdir", "pdir") or not _plain(name):
                    continue
                if kind == "dir":
                    out.append((name, "dir", 0, 0.0))
                elif kind == "file":
                    out.append((name, "file", int(facts.get("size", -1)), _stamp(facts.get("modify", "19700101000000"))))
            return out
        except ftplib.error_perm as exc:
            if not str(exc)[:3] in ("500", "501", "502", "504"):
                raise   # 550: the folder is missing or denied
            state["no_mlsd"] = True
    lines: list[str] = []
    ftp.retrlines(f"LIST {path}" if path else "LIST", lines.append)
    ftp.voidcmd("TYPE I")   # retrlines left ASCII mode, where servers refuse SIZE
    out = []
    for line in lines:
        parts = line.split(None, 8)
        if len(parts) >= 9 and line[:1] in "-dl":   # Unix: drwxr-xr-x 1 owner group 0 Nov 25 10:00 name
            name, is_dir = parts[8], line[0] == "d"
        else:                                       # Windows/IIS: 11-25-26  10:00AM  <DIR>  name
            parts = line.split(None, 3)
            if len(parts) < 4:
                continue
            name, is_dir = parts[3], parts[2].upper() == "<DIR>"
        if line[:1] == "l":   # a link: "name -> target"
            name = name.split(" -> ", 1)[0]
        if not _plain(name):
            continue
        if is_dir:
            out.append((name, "dir", 0, 0.0))
            continue
        full = _join(path, name)
        size = ftp.size(full)
        mdtm = ftp.voidcmd(f"MDTM {full}").split()[-1]
        out.append((name, "file", int(size if size is not None else -1), _stamp(mdtm)))
    return out


def _plain(name: str) -> bool:
    """A name that stays inside its folder (a server's listing is not trusted with the mirror's paths)."""
    return bool(name) and name not in (".", "..") and not any(c in name for c in "/\\\x00")


def _readable(name: str) -> bool:
    return PurePosixPath(name).suffix.lower() in READABLE and not name.startswith(("~$", ".~", "."))


def _listing(ftp: ftplib.FTP, cfg, problems: list[dict]) -> tuple[list[dict], set[str]]:
    """Every input file on the server as {table, remote, rel, size, mtime}; and the tables whose folder
    could not be listed (their mirrored copies stay)."""
    state: dict = {}
    found, failed = [], set()
    folders: dict[str, list[str]] = {}
    for table in ("schedule", "projects"):
        folders.setdefault(getattr(cfg, f"{table}_dir").strip("/"), []).append(table)
    for folder, tables in folders.items():
        own = folder != "" and len(tables) == 1
        try:
            items = _entries(ftp, _join(cfg.root, folder), state)
        except ftplib.error_perm as exc:
            failed.update(tables)
            problems.append(_folder_problem(cfg, folder or "/", exc))
            continue
        for name, kind, size, mtime in sorted(items):
            table = tables[0] if own else table_of(name)
            if kind == "file" and _readable(name) and table in tables:
                rel = str(PurePosixPath(folder) / name) if folder else name
                found.append({"table": table, "remote": _join(cfg.root, folder, name), "rel": rel,
                              "local": f"{table}/{name}", "size": size, "mtime": mtime})
    top = cfg.reports_dir.strip("/")
    todo, seen = [""], set()
    while todo:
        sub = todo.pop(0)
        where = str(PurePosixPath(top) / sub) if sub else top
        try:
            items = _entries(ftp, _join(cfg.root, where), state)
        except ftplib.error_perm as exc:
            if sub == "":
                failed.add("reports")
            problems.append(_folder_problem(cfg, where or "/", exc))
            continue
        for name, kind, size, mtime in sorted(items):
            inner = f"{sub}/{name}" if sub else name
            if kind == "dir" and inner not in seen and inner.count("/") < 8:
                seen.add(inner)
                todo.append(inner)
            elif kind == "file" and _readable(name):
                found.append({"table": "reports", "remote": _join(cfg.root, where, name),
                              "rel": str(PurePosixPath(top) / inner) if top else inner,
                              "local": f"reports/{inner}", "size": size, "mtime": mtime})
    return found, failed


def _download(ftp: ftplib.FTP, item: dict, dest: Path) -> str | None:
    """Fetch one file into dest (through a temporary name); None when done, else why it was not taken."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.part")
    got = 0
    try:
        with open(tmp, "wb") as fh:
            def write(block: bytes) -> None:
                nonlocal got
                got += len(block)
                fh.write(block)
            STATS["downloads"] += 1
            ftp.retrbinary(f"RETR {item['remote']}", write)
        after = ftp.size(item["remote"])
        if got != item["size"] or (after is not None and int(after) != item["size"]):
            return f"{got} of {item['size']} bytes, now {after}"
        if _cut_short(tmp, dest.suffix):
            return "the workbook ends before its end record"
        os.replace(tmp, dest)
        os.utime(dest, (item["mtime"], item["mtime"]))
        return None
    finally:
        tmp.unlink(missing_ok=True)


def _cut_short(path: Path, suffix: str) -> bool:
    """A workbook (a zip) that begins as one but has no end record: the upload has not finished.
    A file that is no zip at all is left to the reader, which says it is broken."""
    if suffix.lower() not in (".xlsx", ".xlsm", ".xlsb", ".ods"):
        return False
    with open(path, "rb") as fh:
        if fh.read(4) != b"PK\x03\x04":
            return False
    return not zipfile.is_zipfile(path)


# ---------------------------------------------------------------- problems

def _where(cfg) -> str:
    return f"ftp://{cfg.host}" + ("" if cfg.port == 21 else f":{cfg.port}")


def _problem(file: str, severity: str, zh: str, en: str) -> dict:
    return {"file": file, "sheet": "", "row": None, "column": "", "severity": severity, "message": zh, "message_en": en}


def _age(manifest: dict, settings) -> tuple[str, str]:
    when = manifest.get("synced")
    if not when:
        return "，本机还没有任何副本", "; there is no copy here yet"
    try:
        from zoneinfo import ZoneInfo
        text = dt.datetime.fromtimestamp(when, ZoneInfo(settings.timezone)).strftime("%Y-%m-%d %H:%M")
    except Exception:
        text = dt.datetime.fromtimestamp(when).strftime("%Y-%m-%d %H:%M")
    return f"，显示的是 {text} 同步的副本", f"; showing the copy brought up to date at {text}"


def _server_problem(cfg, exc: BaseException, manifest: dict, settings) -> dict:
    zh_age, en_age = _age(manifest, settings)
    text = f"{type(exc).__name__}: {exc}".strip()
    if isinstance(exc, ssl.SSLCertVerificationError):
        return _problem(_where(cfg), "error",
                        f"FTP 服务器 {cfg.host} 的证书未通过 [source.ftp] tls_ca_file 的验证（{text}）：未连接。"
                        "请确认该文件是服务器的证书（或签发它的 CA），并且证书写的是这个主机名" + zh_age,
                        f"the FTP server {cfg.host}'s certificate does not check out against [source.ftp] tls_ca_file "
                        f"({text}): not connected. Is that file the server's certificate (or its CA's), made out to "
                        "this host name?" + en_age)
    if isinstance(exc, ftplib.error_perm) and str(exc)[:3] in ("530", "331", "332"):
        return _problem(_where(cfg), "error", f"FTP 服务器 {cfg.host} 登录失败（{text}）：请检查 [source.ftp] user / password"
                        + zh_age, f"FTP server {cfg.host}: login failed ({text}); check [source.ftp] user / password" + en_age)
    return _problem(_where(cfg), "error", f"无法从 FTP 服务器 {cfg.host}:{cfg.port} 读取（{text}）" + zh_age,
                    f"cannot read from the FTP server {cfg.host}:{cfg.port} ({text})" + en_age)


def _folder_problem(cfg, folder: str, exc: BaseException) -> dict:
    return _problem(f"{_where(cfg)}/{folder.lstrip('/')}", "error",
                    f"FTP 服务器 {cfg.host} 上的文件夹 {folder} 无法读取（{exc}）：文件夹是否存在、账号是否有权限？沿用上次的副本",
                    f"the folder {folder} on the FTP server {cfg.host} cannot be listed ({exc}): does it exist, "
                    "may this account read it? The last copy is kept")


# ---------------------------------------------------------------- the mirror

def _read_manifest(root: Path) -> dict:
    try:
        data = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) and isinstance(data.get("files"), dict) else {"files": {}}
    except (OSError, ValueError):
        return {"files": {}}


def _write_manifest(root: Path, manifest: dict) -> None:
    root.mkdir(parents=True, exist_ok=True)
    tmp = root / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, root / MANIFEST)


def _refs(root: Path, entries) -> list[FileRef]:
    refs = []
    for e in sorted(entries, key=lambda e: (("schedule", "projects", "reports").index(e["table"]), e["rel"])):
        p = root / e["local"]
        if p.is_file() and p.stat().st_size == e["size"]:
            refs.append(FileRef(e["table"], p, e["rel"], e["size"], e["mtime"]))
    return refs


def sync(settings, root: Path | None = None) -> tuple[list[FileRef], list[dict]]:
    """Bring the mirror up to date with the server (at most every refresh_seconds) and return the
    refs of its files (pointing at the mirrored copies) and the problems met on the way."""
    root = Path(root) if root is not None else mirror_root(settings)
    cfg = settings.source.ftp
    key = str(root)
    if not _lock.acquire(blocking=False):   # another session is talking to the server: the last result,
        if (hit := _last.get(key)) is not None:   # rather than every page waiting on a slow server
            return hit[1], hit[2]
        _lock.acquire()
    try:
        if (hit := _last.get(key)) and time.monotonic() - hit[0] < max(0.0, cfg.refresh_seconds):
            return hit[1], hit[2]
        refs, problems = _sync(settings, cfg, root)
        _last[key] = (time.monotonic(), refs, problems)
        return refs, problems
    finally:
        _lock.release()


def _sync(settings, cfg, root: Path) -> tuple[list[FileRef], list[dict]]:
    manifest = _read_manifest(root)
    old: dict[str, dict] = manifest["files"]
    problems: list[dict] = []
    if not cfg.host:
        return _refs(root, old.values()), [_problem("ftp://", "error", "[source.ftp] host 未设置", "[source.ftp] host is not set")]
    try:
        ftp = _connect(cfg, settings.ftp_ca_file)
    except ERRORS as exc:
        log.warning("FTP %s: %s", cfg.host, exc)
        return _refs(root, old.values()), [_server_problem(cfg, exc, manifest, settings)]
    new: dict[str, dict] = {}
    try:
        STATS["lists"] += 1
        listed, failed = _listing(ftp, cfg, problems)
        new.update({k: v for k, v in old.items() if v["table"] in failed})
        for item in listed:
            have = old.get(item["local"])
            dest = root / item["local"]
            if not dest.resolve().is_relative_to(root.resolve()):
                continue
            if have and have["size"] == item["size"] and have["mtime"] == item["mtime"] and dest.is_file() \
                    and dest.stat().st_size == item["size"]:
                new[item["local"]] = have
                continue
            broke = False
            try:
                why = _download(ftp, item, dest)
            except ERRORS as exc:   # the transfer broke; the control connection is tried before going on
                why, broke = f"{cfg.host}: {type(exc).__name__}: {exc}".strip(), True
                try:
                    ftp.voidcmd("NOOP")
                except ERRORS:
                    problems.append(_problem(item["rel"], "warning", f"下载中断（{why}），本次未读取",
                                             f"the download broke off ({why}); not taken this time"))
                    if have:
                        new[item["local"]] = have
                    raise
            if why is None:
                new[item["local"]] = {k: item[k] for k in ("table", "remote", "rel", "local", "size", "mtime")}
                continue
            if have:
                new[item["local"]] = have
            zh, en = ("下载失败", "the download failed") if broke else \
                ("文件正在上传或未传完", "the file is still being uploaded or arrived short")
            problems.append(_problem(item["rel"], "warning", f"{zh}（{why}），本次未读取" + ("，沿用上次的副本" if have else "")
                                     + "；下次刷新时再读", f"{en} ({why}); not taken this time"
                                     + (", the last copy is kept" if have else "") + "; it is read again at the next refresh"))
        ok = True
    except ERRORS as exc:   # the connection went in the middle: what was already fetched is kept
        log.warning("FTP %s: %s", cfg.host, exc)
        for k, v in old.items():
            new.setdefault(k, v)
        problems.append(_server_problem(cfg, exc, manifest, settings))
        ok = False
    finally:
        try:
            ftp.quit()
        except Exception:
            ftp.close()
    if ok:
        for gone in set(old) - set(new):   # deleted on the server: the copy goes too
            (root / gone).unlink(missing_ok=True)
        if not failed:
            manifest["synced"] = time.time()
    manifest["files"] = new
    _write_manifest(root, manifest)
    return _refs(root, new.values()), problems
