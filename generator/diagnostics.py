"""Errors that point at a place in an editor's file: `path:line:col: error: message`."""
from __future__ import annotations

import logging
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int  # 1-based
    col: int  # 1-based
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: error: {self.message}"


class ValidationFailed(Exception):
    """Raised by a stage when the input is wrong; carries every problem found, sorted."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(set(diagnostics))
        super().__init__(f"{len(self.diagnostics)} error(s)")


class LogCollector(logging.Handler):
    """Keeps the warnings a library logs (MkDocs, WeasyPrint) to report them as build problems."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
