"""The print model: a printed document (print_html.py: escaped HTML from the same documents and
presentation rules as the pages) as a tree of plain data that templates/typst/ places as text.

Each element is `{"t": tag, "a": {attribute: value}, "c": [children]}` and each text a JSON
string holding the editors' text as typed (HTML entities decoded). Typst reads the tree with
`json(bytes(sys.inputs.data))` and never evaluates a value: a YAML field or translation that
reads `#set page(fill: red)` is printed as those characters. Nothing here is Typst markup.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from ..config import SOURCE_LANGUAGE

# Elements whose whitespace-only text between children is layout of the HTML source, not text.
_BLOCKS = {
    "html", "head", "body", "section", "div", "footer", "ul", "ol", "li", "table", "thead", "tbody",
    "tr", "dl", "blockquote", "h1", "h2", "h3", "h4", "p", "td", "th", "dt", "dd",
}  # fmt: skip
_VOID = {"br", "meta", "link"}
# The attributes the template reads; anything else (e.g. scope) is the HTML's business.
_KEPT = ("class", "href", "lang", "start")
_SPACE = re.compile(r"\s+")


@dataclass
class _Element:
    tag: str
    attrs: dict[str, str]
    children: list[Any] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("root", {})
        self.stack = [self.root]
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "meta" and "name" in values:
            self.meta[values["name"]] = values.get("content", "")
        if tag == "html" and "lang" in values:
            self.meta["lang"] = values["lang"]
        if tag in _VOID:
            if tag == "br":
                self.stack[-1].children.append(_Element("br", {}))
            return
        element = _Element(tag, {k: values[k] for k in _KEPT if k in values})
        self.stack[-1].children.append(element)
        self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        if self.stack[-1].tag == "title":
            self.title += data
        self.stack[-1].children.append(data)


def _tidy(element: _Element) -> dict[str, Any]:
    """The element as data: runs of whitespace as one space, whitespace-only text between block
    children dropped, text at a block's edges trimmed."""
    children: list[Any] = []
    for child in element.children:
        if isinstance(child, str):
            text = _SPACE.sub(" ", child)
            if children and isinstance(children[-1], str):
                children[-1] += text
            else:
                children.append(text)
        elif child.tag not in ("style", "title", "head", "script"):
            children.append(_tidy(child))
    if element.tag in _BLOCKS:
        kept = []
        for i, child in enumerate(children):
            if isinstance(child, str):
                before = children[i - 1] if i > 0 else None
                after = children[i + 1] if i + 1 < len(children) else None
                if before is None or (isinstance(before, dict) and before["t"] in _BLOCKS):
                    child = child.lstrip()
                if after is None or (isinstance(after, dict) and after["t"] in _BLOCKS):
                    child = child.rstrip()
                if not child:
                    continue
            kept.append(child)
        children = kept
    node: dict[str, Any] = {"t": element.tag, "c": children}
    if element.attrs:
        node["a"] = element.attrs
    return node


def _body(tree: dict[str, Any]) -> list[Any]:
    for child in tree["c"]:
        if isinstance(child, dict):
            if child["t"] == "body":
                return list(child["c"])
            found = _body(child)
            if found:
                return found
    return []


def page_label(pattern: str) -> list[str]:
    """A translated "第 {page} 页，共 {pages} 页" cut into text and the names of the counters."""
    return [piece for piece in re.split(r"(\{pages?\})", pattern) if piece]


def print_model(html: str) -> dict[str, Any]:
    """The data of one printed document, from its print HTML."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    meta = builder.meta
    language = meta.get("lang", SOURCE_LANGUAGE)
    return {
        "lang": language,
        "title": _SPACE.sub(" ", builder.title).strip(),
        "author": meta.get("author", ""),
        "subject": meta.get("description", ""),
        "keywords": [k.strip() for k in meta.get("keywords", "").split(",") if k.strip()],
        "date": meta.get("dcterms.created"),
        "page": page_label(meta.get("guidesite.pages", "{page} / {pages}")),
        "footer": meta.get("guidesite.footer", ""),
        "body": _body(_tidy(builder.root)),
    }


def as_json(model: dict[str, Any]) -> bytes:
    return json.dumps(model, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def strings(model: Any) -> list[str]:
    """Every text of the model (values only, not tag names): what the font must draw."""
    if isinstance(model, str):
        return [model]
    if isinstance(model, list):
        return [s for item in model for s in strings(item)]
    if isinstance(model, dict):
        out = []
        for key, value in model.items():
            if key in ("t", "a", "lang", "date"):
                if key == "a" and isinstance(value, dict):
                    out += [v for k, v in value.items() if k == "href"]
                continue
            out += strings(value)
        return out
    return []
