"""Uploads of the center's documents to its FTP server ([source.ftp.upload]): the group's results
workbook, the QA sheet, the duty log and the contact sheet, each into its folder under its name.

The contents are built elsewhere (the workbench's export, the store's rows, the duty log, the contact
sheet); this module only places bytes. An upload goes to a hidden temporary name in the target folder
(`.<name>.part`, which no reader of the app takes), missing folders are created, and the file is
renamed only once the server holds every byte. An existing file is never replaced: the upload is
named `<stem>_2<suffix>`, `_3` … instead (checked again just before the rename). A connection that
drops mid-way leaves at most the temporary file, never a file under a real name.
Connects with lib.floor.sources.ftp (the same account, FTPS and encoding as the source).
"""
from __future__ import annotations

import datetime as dt
import ftplib
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePosixPath

from lib.floor.sources.ftp import ERRORS, _connect, _join

WHAT = ("results", "qa", "duty_log", "contact_sheet")
LABELS = {"results": ("小组成绩", "the group's results"), "qa": ("质检表", "the QA sheet"),
          "duty_log": ("值班日志", "the duty log"), "contact_sheet": ("联络单", "the contact sheet")}
MAX_SUFFIX = 99


@dataclass(frozen=True)
class Uploaded:
    """What an upload did: ok, the server path it got (renamed `_2` … when the name was taken), or why not
    (`error` is the server's reply, `zh`/`en` one line for people)."""

    ok: bool
    path: str = ""
    error: str = ""
    zh: str = ""
    en: str = ""


def _safe(value: str) -> str:
    """A placeholder's value that stays one folder or name part."""
    return str(value).replace("/", "_").replace("\\", "_").strip() or "_"


def target(settings, what: str, day: dt.date, group: str = "") -> tuple[str, str]:
    """The folder (under [source.ftp] root) and file name of a document of a day, placeholders filled."""
    cfg = settings.source.ftp.upload
    values = {"group": _safe(group), "year": f"{day.year}", "month": f"{day.month}", "date": day.isoformat()}
    folder = getattr(cfg, f"{what}_dir").format_map(values)
    name = _safe(getattr(cfg, f"{what}_name").format_map(values))
    return folder.strip("/"), name


def _names(ftp: ftplib.FTP, folder: str) -> set[str]:
    try:
        return {PurePosixPath(n).name for n in ftp.nlst(folder)}
    except ftplib.error_perm as exc:   # some servers answer an empty folder with 550
        if str(exc)[:3] == "550":
            return set()
        raise


def _make_folders(ftp: ftplib.FTP, root: str, folder: str) -> str:
    """cd into root/folder, creating each missing part; returns the folder's absolute path."""
    path = _join(root)
    for part in PurePosixPath(folder).parts:
        path = _join(path, part)
        try:
            ftp.cwd(path)
        except ftplib.error_perm:
            ftp.mkd(path)
    return path


def free_name(taken: set[str], name: str) -> str:
    """`name`, or `<stem>_2<suffix>`, `_3` … when it is taken."""
    if name not in taken:
        return name
    p = PurePosixPath(name)
    for i in range(2, MAX_SUFFIX + 1):
        candidate = f"{p.stem}_{i}{p.suffix}"
        if candidate not in taken:
            return candidate
    raise ftplib.error_perm(f"550 {name}: _2 … _{MAX_SUFFIX} are all taken")


def upload(settings, folder: str, name: str, data: bytes, what: str = "") -> Uploaded:
    """Put `data` into root/folder as `name` (or the first free `_2`, `_3` … of it) on the configured server."""
    cfg = settings.source.ftp
    zh_what, en_what = LABELS.get(what, (name, name))
    if not cfg.host:
        return Uploaded(False, error="[source.ftp] host", zh="[source.ftp] host 未设置，无法上传",
                        en="[source.ftp] host is not set: nothing can be uploaded")
    where = f"{cfg.host}:/{_join(cfg.root, folder).lstrip('/')}"
    ftp = None
    tmp = ""
    try:
        ftp = _connect(cfg, settings.ftp_ca_file)
        path = _make_folders(ftp, cfg.root, folder)
        final = free_name(_names(ftp, path), name)
        tmp = _join(path, f".{final}.part")
        ftp.storbinary(f"STOR {tmp}", BytesIO(data))
        size = ftp.size(tmp)
        if size is not None and int(size) != len(data):
            raise ftplib.error_temp(f"451 {len(data)} bytes sent, the server holds {size}")
        final = free_name(_names(ftp, path), final)   # someone else may have taken it meanwhile
        ftp.rename(tmp, _join(path, final))
        tmp = ""
        done = _join(path, final)
        return Uploaded(True, path=done, zh=f"{zh_what}已上传到 FTP：{cfg.host}:{done}",
                        en=f"{en_what} uploaded to FTP: {cfg.host}:{done}")
    except ERRORS as exc:
        reply = f"{exc}".strip() or type(exc).__name__
        if isinstance(exc, ftplib.error_perm) and reply[:3] in ("530", "331", "332"):
            zh, en = f"FTP 服务器 {cfg.host} 登录失败（{reply}）", f"FTP server {cfg.host}: login failed ({reply})"
        elif isinstance(exc, ftplib.error_perm) and reply[:3] in ("550", "553", "532", "552"):
            zh = f"FTP 服务器拒绝写入 {where}（{reply}）：账号是否有上传权限？未上传{zh_what}"
            en = f"the FTP server refused to write {where} ({reply}): may this account upload? {en_what} was not uploaded"
        else:
            zh = f"上传{zh_what}到 {where} 失败（{type(exc).__name__}: {reply}），文件未上传"
            en = f"uploading {en_what} to {where} failed ({type(exc).__name__}: {reply}); nothing was uploaded"
        if tmp and ftp is not None:   # the connection may still be there: take the half-sent file away
            try:
                ftp.delete(tmp)
            except ERRORS:
                pass
        return Uploaded(False, error=reply, zh=zh, en=en)
    finally:
        if ftp is not None:
            try:
                ftp.quit()
            except Exception:
                ftp.close()


def upload_document(settings, what: str, day: dt.date, data: bytes, group: str = "") -> Uploaded:
    """A document of a day (`what` in WHAT) into its configured folder under its configured name."""
    try:
        folder, name = target(settings, what, day, group)
    except (KeyError, ValueError, IndexError) as exc:
        return Uploaded(False, error=str(exc), zh=f"[source.ftp.upload] {what} 的文件夹或文件名有未知的占位符 {exc}",
                        en=f"[source.ftp.upload] {what}: unknown placeholder {exc} in the folder or name")
    return upload(settings, folder, name, data, what)
