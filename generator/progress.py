"""The progress of a long command, one reporter for the whole build, shown wherever it runs.

In a terminal: one live display (rich) with a line per stage: its count, a bar, the time spent
and the time left. Anywhere else (a log file, a pipe, CI): a line when a stage starts, a count
at most every `interval` seconds while it runs, and a line when it ends, so that a log never
stays silent for minutes. Lines go through `logging` (the command line shows them on stderr);
while the live display runs, the command line's log lines are printed above it.

The driver opens stages (`stage(name, total)`) and advances them as work finishes; library code
that reports progress takes a `Stage` and never decides how it is shown. `Progress.quiet()`
shows nothing (tests, library use).
"""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

from .i18n.messages import _

logger = logging.getLogger("generator.progress")

# A log gets a count at least this often while a stage runs.
LOG_INTERVAL = 20.0


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 60:
        return _("{s} 秒").format(s=seconds)
    return _("{m} 分 {s} 秒").format(m=seconds // 60, s=seconds % 60)


class Stage:
    """One stage of work: `total` items (0 when unknown yet), advanced as they finish."""

    def __init__(self, progress: Progress, name: str, total: int):
        self.progress, self.name, self.total = progress, name, total
        self.done = 0
        self.start = self.last_line = time.monotonic()
        self._task: Any = None

    def add(self, more: int) -> None:
        """More items than announced (work discovered while the stage runs)."""
        self.total += more
        self.progress._update(self)

    def advance(self, n: int = 1) -> None:
        self.done += n
        self.progress._update(self)

    def finish(self, note: str = "") -> None:
        self.progress._finish(self, note)

    def remaining(self) -> float | None:
        """Seconds left at the pace so far, or None before the first item."""
        if not self.done or self.total <= self.done:
            return None
        return (time.monotonic() - self.start) / self.done * (self.total - self.done)


class Progress:
    """The reporter: a live display on a terminal, lines in a log, or nothing (`quiet`)."""

    def __init__(
        self, *, live: bool | None = None, quiet: bool = False, interval: float = LOG_INTERVAL, console: Any = None
    ):
        self.quiet_ = quiet
        self.live = (not quiet) and (_is_terminal() if live is None else live)
        self.interval = interval
        self.console = console  # a rich Console; default: stderr
        self._rich: Any = None
        self._moved: list[tuple[logging.StreamHandler[Any], Any]] = []

    @classmethod
    def quiet(cls) -> Progress:
        return cls(quiet=True)

    def __enter__(self) -> Progress:
        if self.live:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )
            from rich.progress import (
                Progress as RichProgress,
            )

            self._rich = RichProgress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("·"),
                TimeRemainingColumn(),
                console=self.console or Console(file=sys.stderr),
                redirect_stderr=self.console is None,
                redirect_stdout=False,
            )
            self._rich.start()
            self._log_above_display()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._rich is not None:
            self._rich.stop()
            for handler, stream in self._moved:
                handler.setStream(stream)
            self._moved.clear()
            self._rich = None

    def _log_above_display(self) -> None:
        """The command line's log handlers write to the stderr they were made with; while the
        display runs they write through rich's stderr, which prints above it."""
        for name in ("generator", ""):
            for handler in logging.getLogger(name).handlers:
                if isinstance(handler, logging.StreamHandler) and handler.stream is sys.__stderr__:
                    self._moved.append((handler, handler.setStream(sys.stderr)))

    def stage(self, name: str, total: int = 0) -> Stage:
        stage = Stage(self, name, total)
        if self.quiet_:
            return stage
        if self._rich is not None:
            stage._task = self._rich.add_task(name, total=total or None)
        else:
            logger.info(_("{stage}：开始，共 {total} 项").format(stage=name, total=total))
        return stage

    def _update(self, stage: Stage) -> None:
        if self.quiet_:
            return
        if self._rich is not None:
            self._rich.update(stage._task, completed=stage.done, total=stage.total or None)
            return
        now = time.monotonic()
        if now - stage.last_line >= self.interval and stage.done < stage.total:
            stage.last_line = now
            left = stage.remaining()
            logger.info(
                _("{stage}：已完成 {done}/{total}，约剩 {left}").format(
                    stage=stage.name, done=stage.done, total=stage.total, left=_duration(left) if left else "?"
                )
            )

    def _finish(self, stage: Stage, note: str) -> None:
        if self.quiet_:
            return
        spent = _duration(time.monotonic() - stage.start)
        if self._rich is not None:
            self._rich.update(stage._task, completed=stage.done, total=stage.done or 1)
            if note:
                self._rich.update(stage._task, description=f"{stage.name}（{note}）")
            return
        logger.info(
            _("{stage}：完成 {done} 项，用时 {spent}").format(stage=stage.name, done=stage.done, spent=spent)
            + (f"（{note}）" if note else "")
        )


def _is_terminal() -> bool:
    import os

    return sys.stderr.isatty() and os.environ.get("TERM") != "dumb"
