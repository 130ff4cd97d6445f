"""The layers of `projects/` (docs/architecture.md), checked by reading every import with `ast`.

Imports inside functions count as much as those at the top of a module: both make one part depend on
another, and a circle hidden in a function is still a circle.
"""

import ast
import graphlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "projects"

# Lowest first. A part may import its own modules and the parts of lower layers, never a part of its
# own layer or a higher one. The parts of one layer are independent of each other.
LAYERS = [
    {"exceptions"},
    {"models"},
    {"permissions"},
    {"ingest", "selectors"},
    {"services", "forms"},
    {"tasks"},
    {
        "api",
        "admin",
        "views",
        "follow",
        "source_views",
        "correction_views",
        "templatetags",
        "management",
        "migrations",
    },
    {"urls", "apps"},
]
LAYER_OF = {part: level for level, parts in enumerate(LAYERS) for part in parts}


def _module_name(path: Path) -> str:
    parts = ("projects", *path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(ROOT.rglob("*.py"))}


def _is_package(module: str) -> bool:
    return MODULES[module].name == "__init__.py"


def _imported_modules(module: str) -> set[str]:
    """The modules of `projects` that `module` imports anywhere in its code (functions too)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"), filename=str(MODULES[module]))
    package = module if _is_package(module) else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module
            # `from package import name` imports the module package.name when there is one.
            submodules = {f"{target}.{alias.name}" for alias in node.names} & MODULES.keys()
            found.update(submodules or {target})
    return {name for name in found if name in MODULES and name not in ("projects", module)}


GRAPH = {module: _imported_modules(module) for module in MODULES}


def _part(module: str) -> str:
    return module.split(".")[1]


def test_the_checker_reads_imports_at_module_level_and_inside_functions():
    assert "projects.models" in GRAPH["projects.permissions"]  # module level
    assert "projects.services.sources" in GRAPH["projects.tasks"]  # inside a task function
    assert "projects.models.geo" in GRAPH["projects.models.ventures"]  # relative
    assert "projects.admin.core" in GRAPH["projects.admin"]  # `from . import core`


def test_no_two_modules_import_each_other_even_through_others():
    try:
        graphlib.TopologicalSorter(GRAPH).prepare()
    except graphlib.CycleError as error:
        pytest.fail("Import circle: " + " → ".join(error.args[1]))


def test_each_part_imports_only_the_layers_below_it():
    wrong = []
    for module, imported in GRAPH.items():
        if module == "projects":
            continue
        for target in sorted(imported):
            source_part, target_part = _part(module), _part(target)
            if source_part == target_part:
                continue
            if source_part not in LAYER_OF:
                # A part the layers do not list is a helper with no dependencies on the rest.
                wrong.append(f"{module} → {target}: {source_part} is not in a layer, so it imports nothing")
            elif target_part in LAYER_OF and LAYER_OF[target_part] >= LAYER_OF[source_part]:
                wrong.append(f"{module} → {target}: {source_part} may not import {target_part}")
    assert not wrong, "\n".join(wrong)
