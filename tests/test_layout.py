"""The app's layers: no import circle, and the import-linter contract that keeps it so."""

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "newsplugin"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
# The documented deferred imports (also ignored by the contract in pyproject.toml):
# a page model hands its rendering to newsplugin.pages, the layer above it.
DEFERRED = {
    ("newsplugin.models.pages", "newsplugin.pages.feeds"),
    ("newsplugin.models.pages", "newsplugin.pages.article"),
}
# Django asks for these in AppConfig.ready(), once the app registry is ready.
READY_IMPORTS = {
    ("newsplugin.apps", "newsplugin"),
    ("newsplugin.apps", "newsplugin.cache.signals"),
    ("newsplugin.apps", "newsplugin.comments.setup"),
    ("newsplugin.apps", "newsplugin.unavailable"),
}


def module_name(path):
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def app_imports_inside_functions():
    """(module, imported) for every import of the app that runs only when a function does."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        module = module_name(path)
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom):
                    base = package.split(".")
                    if inner.level:
                        base = base[: len(base) - inner.level + 1]
                        target = ".".join(base + ([inner.module] if inner.module else []))
                    else:
                        target = inner.module
                    if target.split(".")[0] == "newsplugin":
                        found.add((module, target))
    return found


def test_no_module_of_the_app_imports_itself_back():
    graph = grimp.build_graph("newsplugin", cache_dir=None)
    for importer, imported in DEFERRED:
        graph.remove_import(importer=importer, imported=imported)
    circles = []
    for module in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            chain = graph.find_shortest_chain(importer=imported, imported=module)
            if chain:
                circles.append(" -> ".join((module, *chain)))
    assert circles == []


def test_only_the_documented_imports_are_deferred():
    assert app_imports_inside_functions() == DEFERRED | READY_IMPORTS


def run_lint_imports(cwd):
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True
    )


def test_the_layers_contract_holds():
    result = run_lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken." in result.stdout


def test_the_contract_catches_a_model_importing_a_higher_layer(tmp_path):
    shutil.copytree(PACKAGE, tmp_path / "newsplugin", ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    authors = tmp_path / "newsplugin" / "models" / "authors.py"
    authors.write_text(authors.read_text() + "\nfrom ..pages import sharing  # noqa\n")

    result = run_lint_imports(tmp_path)

    assert result.returncode == 1
    assert "Contracts: 0 kept, 1 broken." in result.stdout
    assert "newsplugin.models is not allowed to import newsplugin.pages" in result.stdout
