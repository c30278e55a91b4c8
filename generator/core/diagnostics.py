"""Errors that point at a place in an editor's file: `path:line:col: error: message`."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from ..errors import InputError
from ..i18n.messages import _
from ..printable import one_line

# Where a value is inside a document: keys and list indexes from the root, e.g. ("offices", 0, "name").
Loc = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int  # 1-based
    col: int  # 1-based
    message: str

    def __str__(self) -> str:
        # One line whatever the file name or the value quoted in the message holds.
        return f"{one_line(self.path)}:{self.line}:{self.col}: error: {one_line(self.message)}"


class ValidationFailed(InputError):
    """Raised by a phase when the input is wrong; carries every problem found, sorted."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(set(diagnostics))
        super().__init__(f"{len(self.diagnostics)} error(s)")


def did_you_mean(word: str, allowed: list[str]) -> str:
    """ "，是否为 'x'？" with the allowed value closest to a misspelt `word`, or "" when none is close."""
    close = difflib.get_close_matches(word, allowed, n=1, cutoff=0.6)
    return _("，是否为 '{0}'？").format(close[0]) if close else ""
