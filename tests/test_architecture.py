"""The package's shape holds: no import cycle inside generator/, and each layer imports only the
layers below it (core never reaches into outputs, the preview or the editor tools; the i18n
primitives are a leaf)."""

import ast
from pathlib import Path

from helpers import REPO

PACKAGE = REPO / "generator"


def _module(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """generator module -> the generator modules it imports (at any depth of its code)."""
    modules = {_module(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
                target = ".".join([*base, *(node.module.split(".") if node.module else [])])
                candidates = [target] + [f"{target}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                candidates = [a.name for a in node.names]
            else:
                continue
            found |= {c for c in candidates if c in modules and c != name}
        graph[name] = found
    return graph


def test_no_import_cycle():
    graph = _imports()
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*trail, node, nxt]))
            if nxt not in state:
                visit(nxt, [*trail, node])
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node, [])


def test_layers_import_downward_only():
    graph = _imports()
    forbidden = {
        "generator.core": ("generator.outputs", "generator.preview", "generator.editor", "generator.build"),
        "generator.i18n": ("generator.outputs", "generator.preview", "generator.editor", "generator.build"),
        "generator.outputs": ("generator.preview", "generator.editor", "generator.build"),
    }
    for module, imported in graph.items():
        for layer, above in forbidden.items():
            if module.startswith(layer + ".") or module == layer:
                wrong = sorted(i for i in imported if i.startswith(above))
                assert not wrong, f"{module} imports {wrong}"
    leaf = graph["generator.i18n.messages"]
    assert leaf <= {"generator.config", "generator.errors", "generator.i18n.hant"}, leaf
    # the zh-Hant conversion, which the catalogs' loader uses for what zh-Hant's catalog lacks
    assert graph["generator.i18n.hant"] <= {"generator.config", "generator.errors"}
