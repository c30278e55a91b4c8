"""Warnings that the libraries doing the writing (MkDocs) log, kept to be reported
as problems of the build instead of scrolling past."""

from __future__ import annotations

import logging


class LogCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
