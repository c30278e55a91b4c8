"""Where each thing a reader sees is written: the file (relative to the project root) and, for the
parts that have their own id (a step, an office, a material, an article), the line. Taken from the
positions the loader keeps, once, so that every page can link to the line an editor must change."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .load import Document

# The lists whose items have their own id, per kind of file: (field, the item's id field).
_PARTS: dict[str, tuple[tuple[str, str], ...]] = {
    "guides": (("steps", "id"),),
    "laws": (("articles", "number"),),
    "materials": (("materials", "id"),),
    "channels": (("channels", "id"),),
    "provinces": (("offices", "id"), ("channels", "id"), ("materials", "id"), ("variations", "guide")),
}


@dataclass(frozen=True)
class Origin:
    path: str  # relative to the project root, with /
    line: int | None = None  # 1-based; None: the file as a whole


@dataclass(frozen=True)
class Origins:
    """(registry, id) -> file; (registry, id, part, part id) -> line. Registries holding one file
    (materials, channels, plan) have the id ""."""

    files: dict[tuple[str, str], str] = field(default_factory=dict)
    lines: dict[tuple[str, str, str, str], int] = field(default_factory=dict)

    def of(self, registry: str, obj_id: str = "", part: str | None = None, part_id: Any = None) -> Origin | None:
        """The file of an object, at the line of one of its parts (at the file's start when the
        part is not found); None for an object read from no file."""
        path = self.files.get((registry, obj_id))
        if path is None:
            return None
        line = self.lines.get((registry, obj_id, part, str(part_id))) if part is not None else None
        return Origin(path, line)

    def step(self, guide: str, step: str, province: str | None = None) -> Origin | None:
        """Where a step is written: in the province's file for a step it adds or replaces, else in
        the guide's."""
        if province is not None and (found := self.lines.get(("provinces", province, "steps", f"{guide}/{step}"))):
            return Origin(self.files[("provinces", province)], found)
        return self.of("guides", guide, "steps", step)


def origins(docs: dict[tuple[str, str], Document]) -> Origins:
    """The origins of every object read from `docs` (Sources.docs)."""
    found = Origins()
    for (registry, obj_id), doc in docs.items():
        found.files[(registry, obj_id)] = doc.path
        data = doc.data if isinstance(doc.data, dict) else {}
        for part, key in _PARTS.get(registry, ()):
            items = data.get(part)
            for i, item in enumerate(items if isinstance(items, list) else []):
                if isinstance(item, dict) and key in item and (mark := doc.values.get((part, i))):
                    found.lines[(registry, obj_id, part, str(item[key]))] = mark.line
        if registry == "provinces":
            variations = data.get("variations")
            for i, variation in enumerate(variations if isinstance(variations, list) else []):
                edits = variation.get("steps") if isinstance(variation, dict) else None
                for j, edit in enumerate(edits if isinstance(edits, list) else []):
                    step = edit.get("step") if isinstance(edit, dict) else None
                    mark = doc.values.get(("variations", i, "steps", j, "step"))  # the step's own first line
                    if isinstance(step, dict) and "id" in step and mark:
                        guide = variation.get("guide")
                        found.lines[(registry, obj_id, "steps", f"{guide}/{step['id']}")] = mark.line
    return found
