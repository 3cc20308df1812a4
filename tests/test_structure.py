"""The code layout's import rules (README, "Code layout"), read from the source with the AST: nothing is run.

Features sit on a shared floor (tracker.web, tracker.ballot.judging, models, the pure cores) and never reach
sideways into another feature's views; only the app factory and the API package import tracker.api; command
modules hang on their own blueprints and import no other command module, so they cannot form a circle; and one
module writes CSV, the downloads' writer that guards every cell against spreadsheet formulas."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "tracker"
#: Modules allowed over the size limit, because each is one thing that reads best whole.
LONG_BUT_ONE_THING = {"tracker.api.openapi"}
LONGEST = 500
#: Pure modules every floor may import, the cores included: standard library only.
PURE_SHARED = {"tracker.times", "tracker.vocabulary"}
WEB_AND_DATABASE = {"flask", "flask_sqlalchemy", "flask_login", "flask_wtf", "flask_migrate", "sqlalchemy", "werkzeug",
                    "alembic", "wtforms"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, absolute (`from x import y` gives both x and x.y)."""
    name = module_name(path)
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
                package = package[: len(package) - node.level + 1]
                base = ".".join(package + ([node.module] if node.module else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


MODULES = {module_name(path): imports_of(path) for path in sorted(PACKAGE.rglob("*.py"))}


def feature(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 else None


def test_the_walk_finds_the_package():
    assert {"tracker.app", "tracker.api.views", "tracker.rules.eligibility", "tracker.web.caching"} <= set(MODULES)


def test_only_the_api_package_and_the_app_factory_import_tracker_api():
    wrong = {m for m, found in MODULES.items()
             if feature(m) != "api" and m != "tracker.app" and any(n == "tracker.api" or n.startswith("tracker.api.") for n in found)}
    assert not wrong


def test_no_feature_imports_another_features_views():
    wrong = {f"{m} -> {n}" for m, found in MODULES.items() for n in found
             if n.startswith("tracker.") and len(n.split(".")) > 2 and n.split(".")[2] == "views"
             and feature(m) and feature(n) != feature(m)}
    assert not wrong


def test_the_shared_web_floor_imports_no_features_pages_or_operations():
    wrong = {f"{m} -> {n}" for m, found in MODULES.items() if feature(m) == "web" for n in found
             if n.startswith("tracker.") and feature(n) not in (None, "web")
             and n.split(".")[2] in ("views", "api", "operations", "services", "cli")}
    assert not wrong


def test_command_modules_import_no_other_command_module():
    commands = {m for m in MODULES if m.endswith(".cli")}
    wrong = {f"{m} -> {n}" for m in commands for n in MODULES[m] if n in commands and n != m}
    assert not wrong
    assert "tracker.cli" not in MODULES  # commands hang on their features' blueprints, not on one module


@pytest.mark.parametrize("core", ["rules", "counting"])
def test_the_pure_cores_import_no_web_or_database_library(core):
    wrong = {f"{m} -> {n}" for m, found in MODULES.items() if feature(m) == core or m == f"tracker.{core}"
             for n in found if n.split(".")[0] in WEB_AND_DATABASE}
    assert not wrong
    leaks = {f"{m} -> {n}" for m, found in MODULES.items() if feature(m) == core
             for n in found if n.startswith("tracker.") and feature(n) != core
             and ".".join(n.split(".")[:2]) not in PURE_SHARED and n != "tracker"}
    assert not leaks, "a pure core imports only itself, tracker.times, tracker.vocabulary and the standard library"


@pytest.mark.parametrize("module", sorted(PURE_SHARED))
def test_the_shared_pure_modules_import_only_the_standard_library(module):
    assert module in MODULES
    assert not {n for n in MODULES[module] if n.startswith("tracker") or n.split(".")[0] in WEB_AND_DATABASE}


def test_no_module_is_longer_than_the_limit_unless_it_is_one_thing():
    long = {m: len(p.read_text().splitlines()) for p in PACKAGE.rglob("*.py")
            if (m := module_name(p)) not in LONG_BUT_ONE_THING and len(p.read_text().splitlines()) > LONGEST}
    assert not long


#: The one module that writes CSV, so that every cell passes its guard against spreadsheet formulas (`cell`).
CSV_WRITER = "tracker.web.downloads"
WRITER_NAMES = {"writer", "DictWriter"}


def csv_writers_in(path: Path) -> set[str]:
    """The CSV writers a file makes for itself: csv.writer or csv.DictWriter, however it imported them."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = list(ast.walk(tree))
    modules = {alias.asname or alias.name for node in nodes if isinstance(node, ast.Import)
               for alias in node.names if alias.name == "csv"}
    found = {f"from csv import {alias.name}" for node in nodes if isinstance(node, ast.ImportFrom) and node.module == "csv"
             for alias in node.names if alias.name in WRITER_NAMES | {"*"}}
    found |= {f"{node.value.id}.{node.attr}" for node in nodes if isinstance(node, ast.Attribute)
              and isinstance(node.value, ast.Name) and node.value.id in modules and node.attr in WRITER_NAMES}
    return found


def test_every_csv_is_written_by_the_one_guarded_writer():
    writers = {module_name(path): found for path in sorted(PACKAGE.rglob("*.py")) if (found := csv_writers_in(path))}
    assert writers == {CSV_WRITER: {"csv.writer"}}, "write CSV with tracker.web.downloads (csv_response, csv_built, write_csv)"
