"""Publishing a build: zips with fixed timestamps and order, and the swap of a finished staging
folder for the live one, so that a failed build leaves the previous site as it was and an
unchanged file keeps its modification time. A build that is stopped (Ctrl+C, SIGTERM) removes its
staging folder on the way out; one that is killed outright leaves it, and the next build removes
it, never the folder of a build still running beside it."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import FrameType

from ..config import ZIP_EPOCH


def zip_entries(entries: Iterable[tuple[str, bytes]], target: Path, source_date: int | None) -> None:
    """Zip (path in the zip, bytes) pairs with fixed timestamps, in order of path, so that the same
    files give the same bytes."""
    stamp = time.gmtime(max(source_date or ZIP_EPOCH, ZIP_EPOCH))[:6]
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=9)


def _keep_unchanged_mtimes(new: Path, out: Path) -> None:
    """Files whose bytes did not change keep the mtime they had in `out`, so that a rebuild
    after one province file changed touches only the files that really changed (rsync,
    web servers and browsers' caches see the rest as unchanged)."""
    if not out.is_dir():
        return
    for path in new.rglob("*"):
        before = out / path.relative_to(new)
        if path.is_file() and before.is_file():
            stat = before.stat()
            if stat.st_size == path.stat().st_size and before.read_bytes() == path.read_bytes():
                os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def swap(new: Path, out: Path, trash: Path) -> None:
    """Put the finished site `new` where `out` is, in two renames; the previous site goes into
    `trash` (the build's staging folder, removed with it)."""
    _keep_unchanged_mtimes(new, out)
    if out.exists():
        out.rename(trash / "previous")
    new.rename(out)


# The staging folder of a build: .<out>-new-<pid>-<random>, beside the output (a rename away from
# it), holding LOCK, which the build's process keeps locked while it runs. A POSIX record lock
# (lockf): the system releases it when the process ends, however it ends, and the build's worker
# processes do not inherit it (flock's would be, and keep an abandoned folder looking alive).
LOCK = ".lock"


def _staging_prefix(out: Path) -> str:
    return f".{out.name}-new-"


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _abandoned(folder: Path, out: Path) -> bool:
    """A staging folder whose build has ended without removing it (killed, the machine stopped)."""
    found = re.fullmatch(re.escape(_staging_prefix(out)) + r"(\d+)-.*", folder.name)
    if found and int(found[1]) == os.getpid():
        return False  # this process's (and closing its lock file here would release its lock)
    try:
        fd = os.open(folder / LOCK, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        # a build between making its folder and locking it, or one of an older guidesite
        return not (found and _running(int(found[1])))
    except OSError:
        return False  # cannot tell: leave it
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False  # its build is running
        raise
    finally:
        os.close(fd)
    return True


def remove_abandoned(out: Path) -> list[Path]:
    """Remove the staging folders that builds into `out` left behind; returns them."""
    removed: list[Path] = []
    if not out.parent.is_dir():
        return removed
    for folder in sorted(out.parent.glob(_staging_prefix(out) + "*")):
        if folder.is_dir() and not folder.is_symlink() and _abandoned(folder, out):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _stop(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


@contextlib.contextmanager
def staging_folder(out: Path) -> Iterator[Path]:
    """A new folder beside `out` to build the site in, removed when the build ends however it ends:
    an error, Ctrl+C (KeyboardInterrupt) or SIGTERM (a cancelled CI job, `kill`), which here ends the
    build by SystemExit so that the folder is removed on the way out. Folders earlier builds left
    are removed first."""
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned(out)
    staging = Path(tempfile.mkdtemp(prefix=f"{_staging_prefix(out)}{os.getpid()}-", dir=out.parent))
    lock = os.open(staging / LOCK, os.O_CREAT | os.O_RDWR, 0o600)
    previous = None
    try:
        fcntl.lockf(lock, fcntl.LOCK_EX)
        if threading.current_thread() is threading.main_thread():
            previous = signal.signal(signal.SIGTERM, _stop)
        yield staging
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        shutil.rmtree(staging, ignore_errors=True)
        os.close(lock)


def as_worker() -> None:
    """In a build's worker process: SIGTERM ends it at once (the build's own handler, inherited,
    would end only the task at hand), so that a stopped build can stop its workers; and on Linux
    the worker gets SIGTERM when the build's process dies, killed or not, so that none goes on
    writing into a folder the next build removes."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


@contextlib.contextmanager
def atomic_file(target: Path) -> Iterator[Path]:
    """A temporary path beside `target` to write into; on success it replaces `target` in one
    rename (a parallel reader sees the whole file or none), readable by all (the site serves it).
    On failure nothing is left behind."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        tmp.chmod(0o644)  # mkstemp makes it private
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
