"""Which file system holds the local store's records folder, and a refusal when its locks cannot be trusted.

The local backend keeps two writers apart with a file lock (filelock: flock(2)) and sees a change by a
workbook's size and modification time. On a network share neither holds across machines: an NFS or
SMB client may keep flock to itself (NFS `nolock` or `local_lock=`, SMB before Linux 5.5, a Lustre
or BeeGFS mount without global locks, FUSE file systems over SSH or object storage), and its
attribute cache can hide another machine's save. Two app processes on two machines could then each
append to the same workbook and one row be lost. So `open_store` refuses such a folder unless
`[store] allow_network_fs = true` (docs/DEPLOY.md).

The file system is read from /proc/self/mountinfo (Linux): the mount whose mount point is the
longest prefix of the resolved folder (the later line when two are mounted on one point), its type
the field after the " - " separator. Without a readable mountinfo (another system) nothing is
refused. `TEAMBOARD_MOUNTINFO` names another mountinfo file: it is for tests, read only here.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from lib.store.base import StoreError

MOUNTINFO = Path("/proc/self/mountinfo")
MOUNTINFO_ENV = "TEAMBOARD_MOUNTINFO"   # tests: a mountinfo text to read instead of the system's

# File system types (mountinfo's names) whose file locks do not reliably hold between machines, or
# whose client caches hide another machine's writes. Cluster file systems with a distributed lock
# manager (gfs2, ocfs2, gpfs) and a VM's host share (9p, virtiofs: one machine) are not listed.
NETWORK_FS = frozenset({
    "nfs", "nfs4",                          # NFS v2/v3, v4
    "cifs", "smb3", "smbfs", "ncpfs",       # Windows shares (SMB/CIFS), NetWare
    "afs",                                  # AFS / OpenAFS
    "ceph", "fuse.ceph-fuse",               # CephFS, kernel and FUSE clients
    "glusterfs", "fuse.glusterfs",          # GlusterFS
    "lustre", "beegfs",                     # HPC file systems: flock is off unless mounted for it
    "fuse.sshfs",                           # a folder over SSH
    "fuse.s3fs", "fuse.rclone", "fuse.gcsfuse",   # object storage mounted as a folder
})

_OCTAL = re.compile(r"\\([0-7]{3})")


@dataclass(frozen=True)
class Mount:
    """One line of mountinfo: where it is mounted, its file system type and what is mounted."""

    point: str
    fstype: str
    source: str


def _unescape(field: str) -> str:
    """A mountinfo field with its octal escapes (\\040 space, \\011 tab, \\012 newline, \\134 backslash) undone."""
    return _OCTAL.sub(lambda m: chr(int(m.group(1), 8)), field)


def parse_mountinfo(text: str) -> list[Mount]:
    """The mounts of a mountinfo text, in its order; a line without the " - " separator is skipped."""
    mounts = []
    for line in text.splitlines():
        fields = line.split(" ")
        # id, parent, major:minor, root, mount point, options, optional fields ..., "-", type, source, ...
        try:
            sep = fields.index("-", 6)
        except ValueError:
            continue
        if len(fields) < sep + 2:
            continue
        source = fields[sep + 2] if len(fields) > sep + 2 else ""
        mounts.append(Mount(_unescape(fields[4]), fields[sep + 1], _unescape(source)))
    return mounts


def _holds(point: str, path: str) -> bool:
    """Whether a mount point is the path or one of its parent folders (/mnt/share holds /mnt/share/x, not /mnt/shared)."""
    if point == "/":
        return path.startswith("/")
    return path == point or path.startswith(point.rstrip("/") + "/")


def mount_of(path: str | Path, mounts: list[Mount]) -> Mount | None:
    """The mount holding an absolute path: the longest mount point before it, the later of two on one point."""
    best: Mount | None = None
    for m in mounts:
        if _holds(m.point, str(path)) and (best is None or len(m.point) >= len(best.point)):
            best = m
    return best


def mountinfo_path() -> Path:
    """The mountinfo file to read: $TEAMBOARD_MOUNTINFO (tests), else /proc/self/mountinfo."""
    return Path(os.environ.get(MOUNTINFO_ENV) or MOUNTINFO)


def network_mount(folder: str | Path, mountinfo: Path | None = None) -> Mount | None:
    """The network mount (a type in NETWORK_FS) holding the folder, or None (a local disk, or no mountinfo to read)."""
    try:
        text = (mountinfo or mountinfo_path()).read_text(encoding="utf-8", errors="surrogateescape")
    except OSError:   # not Linux, or /proc not mounted: nothing to tell, nothing refused
        return None
    m = mount_of(os.path.realpath(folder), parse_mountinfo(text))
    return m if m is not None and m.fstype.lower() in NETWORK_FS else None


def refuse_network_fs(folder: str | Path, mountinfo: Path | None = None) -> None:
    """Raise StoreError when the records folder is on a network file system whose locks cannot be trusted."""
    m = network_mount(folder, mountinfo)
    if m is None:
        return
    raise StoreError(
        f"记录文件夹 {folder} 在网络文件系统上（{m.fstype}，挂载点 {m.point}），其文件锁在多台机器之间不可靠，"
        f"同时保存可能丢失记录：请把数据文件夹放在本机磁盘上，或用 Google Sheets 保存记录（[source] kind = "
        f"\"gsheets\"）；只有本机写入该文件夹时，才可设 [store] allow_network_fs = true。"
        f" / the records folder {folder} is on a network file system ({m.fstype}, mounted at {m.point}) whose file "
        f"locks do not hold between machines, so saves at once could lose a row: put the data folder on a local "
        f"disk, or keep the records in Google Sheets ([source] kind = \"gsheets\"); if this machine alone writes "
        f"there, set [store] allow_network_fs = true (docs/DEPLOY.md).")
