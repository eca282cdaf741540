"""The structure of lib/ (docs/ARCHITECTURE.md): imports run one way, no cycles, Streamlit only at the edge.

Every `import` and `from … import` of every module is read with ast, those inside functions too:
a lazy import that goes against the direction is still a dependency the wrong way.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LIB = ROOT / "lib"

# A package may import packages of a lower rank, and itself; never one of its own rank or above.
RANK = {
    "ui": 9, "cli": 9,
    "demo": 8,
    "month": 7,
    "quality": 6,
    "day": 5,
    "out": 4,
    "store": 3,
    "floor": 2,
    "people": 1,
    "clock": 0.5,
    "config": 0, "i18n": 0,
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every lib import in a file, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    me = _module_name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "lib"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if mod.split(".")[0] != "lib":
                continue
            if mod == "lib":   # from lib import clock, config
                out += [(node.lineno, f"lib.{a.name}") for a in node.names]
            else:
                out += [(node.lineno, mod)]
                # `from lib.floor import cache` names a submodule
                out += [(node.lineno, f"{mod}.{a.name}") for a in node.names
                        if (LIB.parent / (f"{mod}.{a.name}".replace(".", "/") + ".py")).exists()
                        or (LIB.parent / f"{mod}.{a.name}".replace(".", "/")).is_dir()]
    return out


def _lib_files() -> list[Path]:
    return sorted(p for p in LIB.rglob("*.py"))


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_every_package_has_a_rank_and_a_docstring():
    for p in sorted(LIB.iterdir()):
        name = p.stem
        if name.startswith("_") or p.suffix not in (".py", ""):
            continue
        assert name in RANK, f"lib/{p.name} has no place in the import direction (tests/test_architecture.py)"
        init = p / "__init__.py" if p.is_dir() else p
        assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), f"{init} says nothing of what it owns"


def test_imports_run_one_way():
    wrong = []
    for path in _lib_files():
        me = _layer(_module_name(path))
        for line, mod in _imports(path):
            other = _layer(mod)
            if other and other != me and RANK[other] >= RANK[me]:
                wrong.append(f"{path.relative_to(ROOT)}:{line} ({me}) imports {mod} ({other})")
    assert not wrong, "imports against the direction:\n" + "\n".join(wrong)


def test_no_import_cycles():
    graph: dict[str, set[str]] = {}
    for path in _lib_files():
        me = _module_name(path)
        graph[me] = {m for _, m in _imports(path) if m != me}
    # a package's __init__ is imported with each of its modules: an edge to lib.x.y implies lib.x
    for deps in graph.values():
        for m in list(deps):
            parts = m.split(".")
            deps.update(".".join(parts[:i]) for i in range(2, len(parts)))
    seen: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        seen[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph or nxt == node or node.startswith(nxt + "."):
                continue   # not a module of ours, or a module importing its own package
            if seen.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in seen and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        seen[node] = 2
        return None

    for node in sorted(graph):
        if node not in seen and (cycle := visit(node)):
            pytest.fail("import cycle: " + " -> ".join(cycle))


def test_only_the_edge_imports_streamlit():
    offenders = []
    for path in _lib_files():
        if _layer(_module_name(path)) == "ui":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(n.split(".")[0] == "streamlit" for n in names):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, "Streamlit outside dashboard.py, pages/ and lib/ui/: " + ", ".join(offenders)


def test_the_direction_test_sees_a_wrong_import(tmp_path, monkeypatch):
    """The walker itself: a floor module importing the day is caught, so a pass means something."""
    fake = LIB / "floor" / "_direction_probe.py"
    fake.write_text("def f():\n    from lib.day import flags\n", encoding="utf-8")
    try:
        found = [m for _, m in _imports(fake)]
        assert "lib.day.flags" in found and RANK[_layer("lib.day.flags")] >= RANK[_layer("lib.floor.x")]
    finally:
        fake.unlink()
