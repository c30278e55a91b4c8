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


def template_location(exc: BaseException) -> str:
    """`templates/x.md.j2:12: ` from the innermost template frame of an exception raised while
    rendering (a template bug, reported without a traceback)."""
    import jinja2

    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"{exc.filename}:{exc.lineno}: "
    where = ""
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".j2", ".html")):
            where = f"{filename}:{tb.tb_lineno}: "
        tb = tb.tb_next
    return where
