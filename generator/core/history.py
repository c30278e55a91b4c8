"""The repository's record of content changes: for the Atom feed of each language. Each commit that
changed content/ or data/ (newest first), with its date (the commit's, never the build's: the same
commit gives the same feed) and the data files it changed, relative to the project root."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

DATA_DIRS = ("content", "data")


@dataclass(frozen=True)
class ContentChange:
    commit: str
    time: int  # seconds since 1970, the commit's date
    subject: str
    paths: tuple[str, ...]


def content_history(root: Path, limit: int = 100) -> tuple[ContentChange, ...]:
    """The last `limit` commits that changed the project's data; none outside a git checkout (a
    shallow clone gives what it has)."""
    try:
        run = subprocess.run(
            [
                "git",
                "-C",
                str(root),
                "log",
                f"-n{limit}",
                "--no-merges",
                "--relative",
                "--name-only",
                "--format=%x00%H%x00%ct%x00%s",
                "--",
                *DATA_DIRS,
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ()
    if run.returncode != 0:
        return ()
    changes = []
    fields = run.stdout.split("\0")[1:]
    for i in range(0, len(fields) - 2, 3):
        sha, time, rest = fields[i], fields[i + 1], fields[i + 2]
        subject, _newline, names = rest.partition("\n")
        paths = tuple(n for n in names.splitlines() if n.strip())
        if sha and time.isdigit():
            changes.append(ContentChange(sha, int(time), subject, paths))
    return tuple(changes)
