"""What can go wrong, as the user is told it: every error the `guidesite` command reports as a
message (never a traceback) derives from `GuidesiteError`. Anything else is a bug in guidesite
itself and keeps its traceback."""

from __future__ import annotations


class GuidesiteError(Exception):
    """An error with a message for the person running guidesite."""


class InputError(GuidesiteError):
    """The editors' YAML or the translators' catalogs are wrong: fix the files, not the code."""


class BuildError(GuidesiteError):
    """The site could not be built from valid input: a template, MkDocs, Typst, a font."""


class TemplateError(BuildError):
    """A template failed while rendering; the message starts with its file and line."""
