"""Maintaining the gettext catalogs: extract, update, convert zh-Hant, report status.

Equivalent to `pybabel extract -F babel.cfg` / `-F babel-content.cfg` and `pybabel update`
(the configurations are the same files), plus the conversion step for zh-Hant (`hant`). Run it
with `make messages` (`guidesite i18n-update`) after changing templates or YAML; nobody has to:
a string the catalogs lack is shown in the source language and reported as pending (zh-Hant:
converted at build time), so an editor's change never waits for a translation.

The catalogs are written so that a diff shows only real changes: locations name the file but
not the line (a string moving down a line changes nothing), and the previous source (`#|`) is
kept only where it helps, on fuzzy entries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, unescape, write_po

from ..config import REPO_ROOT, SOURCE_LANGUAGE, Project
from . import hant
from .messages import N_, _, catalog_path, locale_id

# Mapping files per domain, shared with pybabel.
MAPPINGS = {"messages": REPO_ROOT / "babel.cfg", "content": REPO_ROOT / "babel-content.cfg"}
# Marks an entry the conversion wrote (machine-converted, not reviewed). A person who reviews or
# corrects one deletes the flag, and the next conversion leaves the entry alone.
AUTO_FLAG = "opencc"
# Catalog headers carry a fixed date so that regenerating them changes only what changed.
_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def extract(domain: str, project: Project) -> Catalog:
    """The template (POT) of `domain`: UI messages come from the code, content from the project's YAML."""
    base = REPO_ROOT if domain == "messages" else project.root
    with MAPPINGS[domain].open(encoding="utf-8") as fp:
        method_map, options_map = parse_mapping_cfg(fp)
    template = Catalog(project="guidesite", domain=domain, creation_date=_EPOCH, fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(base),
        method_map,
        options_map,
        keywords={"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)},
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def _hant(message: Message, convert: Callable[[str], str]) -> None:
    """Fill an entry by conversion unless a person has taken it over (no AUTO_FLAG)."""
    human = _filled(message.string) and AUTO_FLAG not in message.flags
    if human:
        return
    if isinstance(message.id, str):
        message.string = convert(message.id)
    else:  # a plural entry: (singular, plural)
        message.string = tuple(convert(part) for part in message.id)
    message.flags = {AUTO_FLAG}  # clears `fuzzy`: the conversion follows the new source


def _previous(lines: list[str]) -> list[str]:
    """The previous msgid (and plural) from `#|` lines as Babel reads them back: translator
    comments `| msgid "..."`, continued by `| "..."` lines."""
    ids: list[str] = []
    for line in lines:
        keyword, _sep, arg = line.partition(" ")
        if keyword in ("msgid", "msgid_plural"):
            ids.append(unescape(arg))
        elif line.startswith('"') and ids:
            ids[-1] += unescape(line)
    return ids


def save(path: Path, catalog: Catalog) -> None:
    """Write a catalog as `make messages` does: locations without line numbers, the previous
    source (`#|`) only on fuzzy entries, where a translator compares it with the new one. Babel
    writes `#|` but reads it back as a translator comment, which would then stay for good."""
    for message in catalog:
        previous = [c[1:].strip() for c in message.user_comments if c.startswith("|")]
        message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
        if not message.fuzzy:
            message.previous_id = []
        elif not message.previous_id:
            message.previous_id = _previous(previous)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fp:
        write_po(fp, catalog, include_previous=True, include_lineno=False, sort_by_file=False, width=0)


def update(project: Project) -> list[Path]:
    """Bring every language's catalogs in line with the sources; returns the files written."""
    written = []
    for domain in MAPPINGS:
        template = extract(domain, project)
        for language in project.languages:
            if language.code == SOURCE_LANGUAGE:
                continue
            path = catalog_path(language.code, domain, project.locales_dir)
            if path.is_file():
                with path.open("rb") as fp:
                    catalog = read_po(fp, locale=locale_id(language.code), domain=domain)
            else:
                catalog = Catalog(
                    locale=locale_id(language.code),
                    domain=domain,
                    project="guidesite",
                    creation_date=_EPOCH,
                    fuzzy=False,
                )
            catalog.update(template, update_header_comment=False)  # changed sources become fuzzy
            catalog.revision_date = _EPOCH
            if language.code == hant.LANGUAGE:
                for message in catalog:
                    if message.id:
                        _hant(message, hant.to_hant)
            save(path, catalog)
            written.append(path)
    return written


# Why an entry is listed by `guidesite i18n-status --list`.
MISSING = "missing"  # no translation: the pages show the source text and say so
FUZZY = "fuzzy"  # the source changed since it was translated: the pages show the source text and say so
CONVERTED = "converted"  # zh-Hant the catalog lacks (new or changed source): converted at build time


@dataclass(frozen=True)
class Entry:
    """One string of the sources that is not (or no longer) translated by a person."""

    language: str
    domain: str
    msgid: str
    state: str  # MISSING, FUZZY or CONVERTED
    locations: tuple[tuple[str, int | None], ...]  # where the source has it: (file, line)
    fields: tuple[str, ...] = ()  # in the YAML, which field holds it (offices.0.name)


@dataclass(frozen=True)
class Status:
    language: str
    domain: str
    translated: int  # by a person, current
    converted: int  # zh-Hant: machine-converted and not reviewed (in the catalog or at build time)
    fuzzy: int
    missing: int
    pending: tuple[Entry, ...] = ()  # what a person should look at: fuzzy, missing, converted at build

    @property
    def total(self) -> int:
        return self.translated + self.converted + self.fuzzy + self.missing

    @property
    def ratio(self) -> float:
        """The share of strings readers see in their language (not the source's)."""
        return (self.translated + self.converted) / self.total if self.total else 1.0


def _filled(string: str | tuple[str, ...] | list[str] | None) -> bool:
    """A translation is there: for plural entries, every form."""
    return all(string) if isinstance(string, (tuple, list)) else bool(string)


def _key(msgid: str | tuple[str, ...] | list[str]) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


def status(project: Project) -> list[Status]:
    """Per language and domain: translated, converted, fuzzy (source changed) and missing, against
    the sources as they are now, not as they were when the catalog was last updated; and the
    entries a person should look at, with where the source has them."""
    result = []
    for domain in MAPPINGS:
        template = [m for m in extract(domain, project) if m.id]
        for language in project.languages:
            if language.code == SOURCE_LANGUAGE:
                continue
            path = catalog_path(language.code, domain, project.locales_dir)
            entries = {}
            if path.is_file():
                with path.open("rb") as fp:
                    entries = {_key(m.id): m for m in read_po(fp, domain=domain) if m.id}
            counts = {"translated": 0, "converted": 0, FUZZY: 0, MISSING: 0}
            pending = []
            for source in template:
                entry = entries.get(_key(source.id))
                if entry is not None and _filled(entry.string) and not entry.fuzzy:
                    counts["converted" if AUTO_FLAG in entry.flags else "translated"] += 1
                    continue
                state = FUZZY if entry is not None and _filled(entry.string) else MISSING
                if language.code == hant.LANGUAGE:
                    counts["converted"] += 1  # the build converts it (messages.load_translations)
                    state = CONVERTED
                else:
                    counts[state] += 1
                pending.append(
                    Entry(
                        language.code,
                        domain,
                        _key(source.id),
                        state,
                        tuple(source.locations),
                        tuple(source.auto_comments),
                    )
                )
            result.append(Status(language.code, domain, pending=tuple(pending), **counts))
    return result


STATE_LABELS = {
    MISSING: N_("缺少译文"),
    FUZZY: N_("原文已改，译文待更新"),
    CONVERTED: N_("构建时自动转换，待校对"),
}
# How much of a long string the report shows (law articles run to hundreds of characters).
EXCERPT = 120


def excerpt(text: str) -> str:
    """`text` on one line, cut to EXCERPT characters."""
    line = " ".join(text.split())
    return line if len(line) <= EXCERPT else line[: EXCERPT - 1] + "…"


def where(entry: Entry) -> str:
    """`path:line` of the first place the source has the string, and how many more there are."""
    if not entry.locations:
        return "?"
    path, line = entry.locations[0]
    first = f"{path}:{line}" if line else path
    if entry.fields:  # the YAML field, e.g. offices.0.name
        first += f" ({entry.fields[0]})"
    more = len(entry.locations) - 1
    return first + (" " + _("等 {n} 处").format(n=more + 1) if more else "")


def report(statuses: list[Status], listing: bool = False) -> str:
    """The table of `guidesite i18n-status`; with `listing`, every pending entry under it."""
    lines = [_("语言\t目录\t已翻译\t自动转换\t待更新\t缺少\t完成度")]
    lines += [
        f"{s.language}\t{s.domain}\t{s.translated}\t{s.converted}\t{s.fuzzy}\t{s.missing}\t{s.ratio:.1%}"
        for s in statuses
    ]
    if listing:
        for s in statuses:
            if s.pending:
                lines += [
                    "",
                    _("{language} {domain}：{n} 条").format(language=s.language, domain=s.domain, n=len(s.pending)),
                ]
                lines += [f"{where(e)}: {_(STATE_LABELS[e.state])}: {excerpt(e.msgid)}" for e in s.pending]
    return "\n".join(lines) + "\n"
