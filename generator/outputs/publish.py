"""Publishing a build: zips with fixed timestamps and order, and the swap of a finished staging
folder for the live one, so that a failed build leaves the previous site as it was and an
unchanged file keeps its modification time."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

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


def swap(new: Path, out: Path) -> None:
    """Put the finished site `new` where `out` is, in two renames."""
    _keep_unchanged_mtimes(new, out)
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-", dir=out.parent))
        out.rename(old / "site")
    new.rename(out)
    if old:
        shutil.rmtree(old, ignore_errors=True)


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
