"""A build's staging folder (generator/outputs/publish.py): removed however the build ends, and
what a killed build left is removed by the next, never the folder of a build still running."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import FIXTURE

from generator.cli import main
from generator.outputs.publish import LOCK, remove_abandoned, staging_folder

HOLD_LOCK = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
fcntl.lockf(fd, fcntl.LOCK_EX)
print("locked", flush=True)
time.sleep(120)
"""


def _staging(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.glob(".site-new-*"))


def test_abandoned_folders_are_removed_and_running_builds_left_alone(tmp_path):
    out = tmp_path / "site"
    holder_folder = tmp_path / ".site-new-1-running"
    holder_folder.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(holder_folder / LOCK)], stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"locked\n"
        dead = tmp_path / ".site-new-2-dead"  # a killed build: its lock file, locked by no one
        dead.mkdir()
        (dead / LOCK).touch()
        (dead / "parts").mkdir()
        starting = tmp_path / f".site-new-{holder.pid}-starting"  # made, not yet locked, its process alive
        starting.mkdir()
        older = tmp_path / ".site-new-abc123"  # left by a guidesite before these locks
        older.mkdir()
        other = tmp_path / ".elsewhere-new-3-x"  # another output's
        other.mkdir()

        assert remove_abandoned(out) == [dead, older]
        assert _staging(tmp_path) == [".site-new-1-running", f".site-new-{holder.pid}-starting"]
    finally:
        holder.terminate()
        holder.wait()
    assert remove_abandoned(out) == [holder_folder, starting]  # its process has ended
    assert other.is_dir()


@pytest.mark.parametrize("ending", [ValueError, KeyboardInterrupt])
def test_the_staging_folder_goes_however_the_build_ends(tmp_path, ending):
    with pytest.raises(ending), staging_folder(tmp_path / "site") as staging:
        (staging / "parts").mkdir()
        raise ending()
    assert _staging(tmp_path) == []


def _start_build(project: Path, out: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("guidesite")),
            "--root",
            str(project),
            "build",
            "--no-pdf",
            "--out",
            str(out),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120  # a hang guard, not a speed requirement
    while not _staging(out.parent):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the build ended before its staging folder appeared")
        time.sleep(0.02)
    return proc


def _processes_of(marker: str) -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if entry.name.isdigit() and marker in command:
            found.append(command)
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="lists processes through /proc")
def test_sigterm_stops_the_build_its_workers_and_removes_the_staging_folder(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "project")
    proc = _start_build(tmp_path / "project", tmp_path / "site")
    time.sleep(0.5)  # into the work
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 128 + signal.SIGTERM
    assert _staging(tmp_path) == []
    time.sleep(0.5)
    assert _processes_of(str(tmp_path / "project")) == []  # no worker goes on writing


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="lists processes through /proc")
def test_a_killed_builds_folder_is_removed_by_the_next_build(tmp_path, capsys):
    shutil.copytree(FIXTURE, tmp_path / "project")
    proc = _start_build(tmp_path / "project", tmp_path / "site")
    time.sleep(0.5)
    os.kill(proc.pid, signal.SIGKILL)  # no handler runs
    proc.wait(timeout=60)
    left = _staging(tmp_path)
    assert len(left) == 1
    deadline = time.monotonic() + 30
    while _processes_of(str(tmp_path / "project")):  # its workers end with it (Linux)
        assert time.monotonic() < deadline, "the killed build's workers are still running"
        time.sleep(0.1)
    assert main(["--root", str(tmp_path / "project"), "build", "--no-pdf", "--out", str(tmp_path / "site")]) == 0
    assert _staging(tmp_path) == []
    assert (tmp_path / "site" / "index.html").is_file()
