"""The package's folders are its architecture: these tests keep the import rules true.

The rules (``docs/architecture.md``):

- ``sphinx_rri.model`` imports no other part of the package, and nothing of Sphinx;
- the judgement (``contract``) and the fast reader (``reader``) never import the
  extension (``sphinxext``) or ``sphinx.application``;
- the extension never imports the CLI;
- ``migrate`` never imports the extension.

Each rule is checked twice: statically, over every ``import`` in the source (including
the ones inside functions, which a run-time check would miss), and at run time, by
importing the package's modules in a fresh interpreter and looking at ``sys.modules``.
The static checker is also run on a copy of the package with a rule broken on purpose,
so a checker that stopped seeing imports would fail here too.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import sphinx_rri

PACKAGE = Path(sphinx_rri.__file__).parent

#: (importer prefix, forbidden prefix, why): ``a`` must never import ``b``.
RULES: list[tuple[str, str, str]] = [
    ("sphinx_rri.model", "sphinx_rri.", "the model imports no other part of the package"),
    ("sphinx_rri.model", "sphinx", "the model imports nothing of Sphinx"),
    ("sphinx_rri.model", "docutils", "the model imports nothing of docutils"),
    ("sphinx_rri.contract", "sphinx_rri.sphinxext", "the judgement never imports the extension"),
    ("sphinx_rri.contract", "sphinx.application", "the judgement never imports Sphinx's app"),
    ("sphinx_rri.contract", "sphinx_rri.cli", "the judgement never imports the CLI"),
    ("sphinx_rri.reader", "sphinx_rri.sphinxext", "the reader never imports the extension"),
    ("sphinx_rri.reader", "sphinx.application", "the reader never imports Sphinx's app"),
    ("sphinx_rri.reader", "sphinx_rri.cli", "the reader never imports the CLI"),
    ("sphinx_rri.sphinxext", "sphinx_rri.cli", "the extension never imports the CLI"),
    ("sphinx_rri.migrate", "sphinx_rri.sphinxext", "migrate never imports the extension"),
    ("sphinx_rri.fix", "sphinx_rri.sphinxext", "the fixes never import the extension"),
    ("sphinx_rri.fix", "sphinx_rri.lsp", "the fixes never import the language server"),
    ("sphinx_rri.fix", "sphinx_rri.cli", "the fixes never import the CLI"),
    ("sphinx_rri.lsp", "sphinx_rri.sphinxext", "the language server never imports the extension"),
    ("sphinx_rri.lsp", "sphinx.application", "the language server never imports Sphinx's app"),
    ("sphinx_rri.lsp", "sphinx_rri.cli", "the language server never imports the CLI"),
    ("sphinx_rri.sandbox", "sphinx_rri.", "the sandbox's judgements import no other part"),
    ("sphinx_rri.sandbox", "sphinx", "the sandbox's judgements import nothing of Sphinx"),
    ("sphinx_rri.sandbox", "docutils", "the sandbox's judgements import nothing of docutils"),
]


def module_name(path: Path, package: Path) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, package: Path) -> list[tuple[int, str]]:
    """Every module ``path`` imports, absolute, with its line (relative ones resolved)."""
    name = module_name(path, package)
    here = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            # ``from . import x`` imports the module ``x`` of that package too.
            found.extend((node.lineno, f"{target}.{alias.name}") for alias in node.names)
    return found


def _is_under(name: str, prefix: str) -> bool:
    if prefix.endswith("."):
        return name.startswith(prefix)
    return name == prefix or name.startswith(prefix + ".")


def violations(package: Path) -> list[str]:
    """``file:line: importer imports target (rule)`` for every import that breaks a rule."""
    found: dict[tuple[str, int, str], str] = {}
    for path in sorted(package.rglob("*.py")):
        importer = module_name(path, package)
        rel = path.relative_to(package.parent).as_posix()
        for line, target in imports_of(path, package):
            for owner, forbidden, why in RULES:
                if not _is_under(importer, owner) or _is_under(target, owner):
                    continue
                if _is_under(target, forbidden):
                    # One line per import statement and rule, however many names it has.
                    found.setdefault((rel, line, why), f"{rel}:{line}: imports {target} ({why})")
    return list(found.values())


def test_the_package_keeps_its_import_rules() -> None:
    assert violations(PACKAGE) == []


@pytest.mark.parametrize(
    ("module", "planted", "rule"),
    [
        ("model/records.py", "from ..contract import config\n", "no other part"),
        ("model/diagnostics.py", "import sphinx.util\n", "nothing of Sphinx"),
        ("contract/checks.py", "from ..sphinxext import events\n", "never imports the ext"),
        ("reader/scanner.py", "\ndef f():\n    import sphinx.application\n", "Sphinx's app"),
        ("sphinxext/domain.py", "from .. import cli\n", "never imports the CLI"),
        ("migrate/site.py", "from sphinx_rri.sphinxext import builder\n", "migrate never"),
    ],
)
def test_a_broken_rule_is_reported(tmp_path: Path, module: str, planted: str, rule: str) -> None:
    copy = tmp_path / "sphinx_rri"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / module
    target.write_text(target.read_text(encoding="utf-8") + planted, encoding="utf-8")
    found = violations(copy)
    assert len(found) == 1, found
    assert found[0].startswith(f"sphinx_rri/{module}:")
    assert rule in found[0]


def _loaded_after_import(module: str) -> list[str]:
    code = (
        "import importlib, json, sys\n"
        f"importlib.import_module({module!r})\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return json.loads(out.stdout)


@pytest.mark.parametrize(
    "module", ["sphinx_rri.model.records", "sphinx_rri.model.diagnostics", "sphinx_rri.model"]
)
def test_importing_the_model_loads_nothing_else(module: str) -> None:
    loaded = _loaded_after_import(module)
    others = [m for m in loaded if m.startswith("sphinx_rri.") and not m.startswith(module)]
    assert [m for m in others if not _is_under(m, "sphinx_rri.model")] == []
    assert not [m for m in loaded if _is_under(m, "sphinx") or _is_under(m, "docutils")]


@pytest.mark.parametrize(
    "module",
    [
        "sphinx_rri.contract.checks",
        "sphinx_rri.contract.config",
        "sphinx_rri.contract.frontmatter",
        "sphinx_rri.contract.schemas",
        "sphinx_rri.reader.project",
        "sphinx_rri.reader.scanner",
        "sphinx_rri.outputs.rri_json",
        "sphinx_rri.outputs.gap_matrix",
        "sphinx_rri.outputs.reporters",
        "sphinx_rri.migrate",
        "sphinx_rri.fix.command",
        "sphinx_rri.lsp.server",
    ],
)
def test_the_sphinx_free_parts_load_no_extension(module: str) -> None:
    loaded = _loaded_after_import(module)
    assert "sphinx.application" not in loaded
    assert not [m for m in loaded if _is_under(m, "sphinx_rri.sphinxext")]
    assert "sphinx_rri.cli" not in loaded


def test_the_extension_loads_no_cli() -> None:
    loaded = _loaded_after_import("sphinx_rri.sphinxext.events")
    assert "sphinx_rri.cli" not in loaded
