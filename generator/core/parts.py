"""The parts of a province file that can be checked against the other files: each office, local
channel, local material and variation that matches the model, with its place in the file. Built
from the whole province when the file matches the model, and item by item when some other part
of it does not, so that a wrong step id is reported in the same run as a misspelt key elsewhere
in the file."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from . import model as m

_M = TypeVar("_M", bound=BaseModel)


@dataclass
class ProvinceParts:
    slug: str
    record: m.Province | None  # the whole province, when the file matches the model
    offices: list[tuple[int, m.Office]] = field(default_factory=list)
    channels: list[tuple[int, m.LocalChannel]] = field(default_factory=list)
    materials: list[tuple[int, m.Material]] = field(default_factory=list)
    national_channels: list[tuple[int, str]] = field(default_factory=list)
    variations: list[tuple[int, m.Variation]] = field(default_factory=list)
    # Ids of the file's own channels and materials that do not match the model: their own
    # errors are reported, references to them are not reported again.
    unchecked: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, province: m.Province) -> ProvinceParts:
        return cls(
            province.slug,
            province,
            list(enumerate(province.offices)),
            list(enumerate(province.channels)),
            list(enumerate(province.materials)),
            list(enumerate(province.national_channels)),
            list(enumerate(province.variations)),
        )

    @classmethod
    def salvage(cls, data: Any, stem: str) -> ProvinceParts:
        """The parts of `data` (a province file that does not match the model) that do."""
        data = data if isinstance(data, dict) else {}
        slug = data.get("slug")
        parts = cls(slug if isinstance(slug, str) else stem, None)
        parts.offices = _items(data.get("offices"), m.Office, parts.unchecked)
        parts.channels = _items(data.get("channels"), m.LocalChannel, parts.unchecked)
        parts.materials = _items(data.get("materials"), m.Material, parts.unchecked)
        parts.variations = _items(data.get("variations"), m.Variation, set())
        ids = data.get("national_channels")
        if isinstance(ids, list):
            parts.national_channels = [
                (i, c) for i, c in enumerate(ids) if isinstance(c, str) and re.match(m.ID_PATTERN, c)
            ]
        return parts


def _items(value: Any, model: type[_M], unchecked: set[str]) -> list[tuple[int, _M]]:
    if not isinstance(value, list):
        return []
    out = []
    for i, item in enumerate(value):
        try:
            out.append((i, model.model_validate(item)))
        except ValidationError:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                unchecked.add(item["id"])
    return out
