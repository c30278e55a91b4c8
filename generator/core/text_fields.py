"""The translatable strings of the model: listed for the catalog extractor, replaced by the
localize phase. Which fields are translatable is declared once, in model.py (`Text`)."""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from pydantic import BaseModel

from .diagnostics import Loc
from .model import TRANSLATABLE


def _is_text(annotation: Any, metadata: Sequence[Any] = ()) -> bool:
    if TRANSLATABLE in metadata:
        return True
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return TRANSLATABLE in typing.get_args(annotation)[1:]
    if origin in (typing.Union, types.UnionType):
        return any(_is_text(a) for a in typing.get_args(annotation) if a is not type(None))
    return False


def _is_text_list(annotation: Any) -> bool:
    return typing.get_origin(annotation) is list and _is_text(typing.get_args(annotation)[0])


def strings(obj: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every translatable string inside `obj` with its location, in document order."""
    if isinstance(obj, BaseModel):
        for name, info in type(obj).model_fields.items():
            value = getattr(obj, name)
            if value is None:
                continue
            if _is_text(info.annotation, info.metadata):
                yield loc + (name,), value
            elif _is_text_list(info.annotation):
                for i, item in enumerate(value):
                    yield loc + (name, i), item
            else:
                yield from strings(value, loc + (name,))
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from strings(item, loc + (i,))


def translated(obj: Any, translate: Callable[[str], str]) -> Any:
    """A copy of `obj` with every translatable string passed through `translate`."""
    if isinstance(obj, BaseModel):
        update: dict[str, Any] = {}
        for name, info in type(obj).model_fields.items():
            value = getattr(obj, name)
            if value is None:
                continue
            if _is_text(info.annotation, info.metadata):
                update[name] = translate(value)
            elif _is_text_list(info.annotation):
                update[name] = [translate(v) for v in value]
            elif isinstance(value, (BaseModel, list)):
                update[name] = translated(value, translate)
        return obj.model_copy(update=update)
    if isinstance(obj, list):
        return [translated(item, translate) for item in obj]
    return obj
