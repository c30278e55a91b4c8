"""Maintaining the gettext catalogs: extract, update, convert zh-Hant, report status.

Equivalent to `pybabel extract -F babel.cfg` / `-F babel-content.cfg` and `pybabel update`
(the configurations are the same files), plus the OpenCC step for zh-Hant. Run it with
`make messages` (`guidesite i18n-update`) after changing templates or YAML.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from ..config import OPENCC_CONFIG, REPO_ROOT, SOURCE_LANGUAGE, Project
from .messages import catalog_path, locale_id

# Mapping files per domain, shared with pybabel.
MAPPINGS = {"messages": REPO_ROOT / "babel.cfg", "content": REPO_ROOT / "babel-content.cfg"}
# Marks an entry OpenCC wrote. A translator who corrects one deletes the flag, and the next
# conversion leaves the entry alone.
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


def _converter() -> Callable[[str], str]:
    import opencc

    return opencc.OpenCC(OPENCC_CONFIG).convert


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


def update(project: Project) -> list[Path]:
    """Bring every language's catalogs in line with the sources; returns the files written."""
    written = []
    convert = None
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
            if language.code == "zh-Hant":
                convert = convert or _converter()
                for message in catalog:
                    if message.id:
                        _hant(message, convert)
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as fp:
                write_po(fp, catalog, include_previous=True, sort_by_file=False, width=0)
            written.append(path)
    return written


@dataclass(frozen=True)
class Status:
    language: str
    domain: str
    translated: int
    fuzzy: int
    missing: int

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.missing

    @property
    def ratio(self) -> float:
        return self.translated / self.total if self.total else 1.0


def _filled(string: str | tuple[str, ...] | list[str] | None) -> bool:
    """A translation is there: for plural entries, every form."""
    return all(string) if isinstance(string, (tuple, list)) else bool(string)


def status(project: Project) -> list[Status]:
    """Per language and domain: translated, fuzzy (source changed) and missing, against the
    sources as they are now, not as they were when the catalog was last updated."""
    result = []
    for domain in MAPPINGS:
        ids = {m.id for m in extract(domain, project) if m.id}
        for language in project.languages:
            if language.code == SOURCE_LANGUAGE:
                continue
            path = catalog_path(language.code, domain, project.locales_dir)
            entries = {}
            if path.is_file():
                with path.open("rb") as fp:
                    entries = {m.id: m for m in read_po(fp, domain=domain) if m.id}
            filled = {i for i in ids if i in entries and _filled(entries[i].string)}
            done = [i for i in filled if not entries[i].fuzzy]
            fuzzy = [i for i in filled if entries[i].fuzzy]
            result.append(Status(language.code, domain, len(done), len(fuzzy), len(ids) - len(done) - len(fuzzy)))
    return result
