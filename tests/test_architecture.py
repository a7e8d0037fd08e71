"""The code's shape, held to ARCHITECTURE.md: each stage imports only what its row allows, with no cycle, and stays small."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "generator"
ARCHITECTURE = ROOT / "ARCHITECTURE.md"
ROW = re.compile(r"^\|\s*`(?P<stage>\w+)(?:/|\.py)?`\s*\|(?P<what>[^|]*)\|\s*(?P<allowed>[^|]*)\|\s*$")
MAX_MODULE_LINES, MAX_FUNCTION_LINES = 300, 50


def rules() -> dict[str, set[str]]:
    """ARCHITECTURE.md's table of stages: each folder (or top-level module) and the stages it may import."""
    found = {}
    for line in ARCHITECTURE.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match and match["stage"] not in ("Folder", "Stage"):
            allowed = {name.strip("` ").rstrip("/").removesuffix(".py") for name in match["allowed"].split(",")}
            found[match["stage"]] = {name for name in allowed if name and name not in ("nothing", "—")}
    return found


def modules() -> dict[str, Path]:
    """Every module of the package by its dotted name."""
    return {".".join(("generator", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__"): path
            for path in sorted(PACKAGE.rglob("*.py"))}


def stage_of(module: str) -> str | None:
    """The stage a dotted module name belongs to: its folder under generator/, or its own name at the top."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None  # None: the package itself (its data paths), open to every stage


def imports(path: Path, known: set[str]) -> set[str]:
    """The modules of ours that a module imports, at the top or inside a function, as dotted names."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("generator")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator") and not node.level:
            for alias in node.names:
                name = f"{node.module}.{alias.name}"
                found.add(name if name in known else node.module)
    return found


def test_architecture_lists_every_folder_and_top_level_module():
    table = rules()
    stages = {stage_of(m) for m in modules()} - {None}
    assert stages == set(table), f"ARCHITECTURE.md and generator/ differ: {sorted(stages ^ set(table))}"
    for stage, allowed in table.items():
        assert allowed <= set(table), f"{stage} may import an unknown stage: {sorted(allowed - set(table))}"


def test_every_import_follows_architecture_md():
    table, found = rules(), modules()
    broken = []
    for module, path in found.items():
        here = stage_of(module)
        for target in sorted(imports(path, set(found))):
            there = stage_of(target)
            if here is not None and there is not None and there != here and there not in table[here]:
                broken.append(f"{path.relative_to(ROOT)} ({here}) imports {target} ({there})")
    assert broken == [], "imports that ARCHITECTURE.md does not allow:\n" + "\n".join(broken)


def test_no_import_cycle():
    found = modules()
    graph = {module: {t for t in imports(path, set(found)) if t in found and t != module} for module, path in found.items()}
    state: dict[str, int] = {}  # 1 while on the path being walked, 2 once done
    cycles = []

    def walk(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                cycles.append(" -> ".join(path[path.index(target):] + [target]))
            elif target not in state:
                walk(target, path + [target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            walk(module, [module])
    assert cycles == [], "import cycles:\n" + "\n".join(cycles)


def test_the_rules_catch_a_broken_layer(tmp_path):
    """The check above does find an import against the table: the model reaching into the renderer."""
    table = rules()
    assert "render" not in table["model"] and "render" in table["publish"]
    module = tmp_path / "bad.py"
    module.write_text("from generator.render.renderer import Renderer\n", encoding="utf-8")
    [target] = imports(module, set(modules()))
    assert stage_of(target) == "render"


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_modules_and_functions_stay_small(path):
    """At most 300 lines a module and 50 a function (from its def line to its last line, docstring included)."""
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_MODULE_LINES
    long = [f"{node.name} ({node.end_lineno - node.lineno + 1} lines)" for node in ast.walk(ast.parse(text))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES]
    assert long == []


def test_no_test_imports_a_private_name_of_ours():
    private = []
    for path in sorted((ROOT / "tests").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("generator"):
                private += [f"{path.name}: {node.module}.{a.name}" for a in node.names if a.name.startswith("_")]
            elif isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
                base = node.value
                if isinstance(base, ast.Name) and base.id in ("generator",):
                    private.append(f"{path.name}: generator.{node.attr}")
    assert private == []
