"""``validate --format sarif``: the diagnostics as a SARIF 2.1.0 log for code scanning.

One rule per :class:`~sphinx_rri.model.diagnostics.Subtype` (``rri.task``, ``rri.gap``,
...), with the subtype's docstring as its help text, and one result per diagnostic with
its file, line and level. Errors are ``error``; gaps are ``warning``, as in the
``github`` format. Paths are relative to the folder the command runs in, which in CI is
the repository's root, as code scanning expects.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import json
import os
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from ..model import diagnostics as diagnostics_module
from ..model.diagnostics import GAP_SUBTYPES, Diagnostic, Severity, Subtype

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVELS = {Severity.ERROR: "error", Severity.GAP: "warning"}


@lru_cache(maxsize=1)
def subtype_docs() -> dict[str, str]:
    """Each subtype's docstring, by member name, read from the module's source.

    Enum members keep no docstring at run time, so the source is parsed; where it cannot
    be read (a package installed without its ``.py`` files) the texts are empty.
    """
    try:
        tree = ast.parse(inspect.getsource(diagnostics_module))
    except (OSError, TypeError):
        return {}
    docs: dict[str, str] = {}
    for klass in ast.walk(tree):
        if isinstance(klass, ast.ClassDef) and klass.name == Subtype.__name__:
            body = klass.body
            for statement, following in itertools.pairwise(body):
                if (
                    isinstance(statement, ast.Assign)
                    and isinstance(statement.targets[0], ast.Name)
                    and isinstance(following, ast.Expr)
                    and isinstance(following.value, ast.Constant)
                    and isinstance(following.value.value, str)
                ):
                    docs[statement.targets[0].id] = " ".join(following.value.value.split())
    return docs


def _first_sentence(text: str) -> str:
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


def rules() -> list[dict[str, object]]:
    """The rule descriptors: one per subtype, in the enumeration's order."""
    docs = subtype_docs()
    found: list[dict[str, object]] = []
    for member in Subtype:
        source = docs.get(member.name) or f"Diagnostics of type ``rri.{member.value}``."
        # The docstrings are reStructuredText: ``x`` is a literal.
        text, markdown = source.replace("``", "'"), source.replace("``", "`")
        severity = Severity.GAP if member in GAP_SUBTYPES else Severity.ERROR
        found.append(
            {
                "id": f"rri.{member.value}",
                "name": "".join(word.capitalize() for word in member.value.split("_")),
                "shortDescription": {"text": _first_sentence(text)},
                "fullDescription": {"text": text},
                "help": {"text": text, "markdown": markdown},
                "defaultConfiguration": {"level": LEVELS[severity]},
                "properties": {"severity": severity.value},
            }
        )
    return found


def _uri(diag: Diagnostic, srcdir: Path) -> str:
    full = srcdir / diag.source if diag.source else srcdir / diag.docname
    try:
        relative = os.path.relpath(full)
    except ValueError:  # another drive on Windows
        return full.resolve().as_uri()
    if relative.startswith(".."):
        return full.resolve().as_uri()
    return quote(Path(relative).as_posix(), safe="/")


def sarif_log(diagnostics: list[Diagnostic], srcdir: Path, summary: str) -> dict[str, object]:
    rule_list = rules()
    index = {rule["id"]: number for number, rule in enumerate(rule_list)}
    results = []
    for diag in diagnostics:
        location: dict[str, object] = {"artifactLocation": {"uri": _uri(diag, srcdir)}}
        if diag.line >= 1:
            location["region"] = {"startLine": diag.line}
        results.append(
            {
                "ruleId": diag.code,
                "ruleIndex": index[diag.code],
                "level": LEVELS[diag.severity],
                "message": {"text": diag.message},
                "locations": [{"physicalLocation": location}],
            }
        )
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "sphinx-rri",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": rule_list,
                    }
                },
                "results": results,
                "invocations": [{"executionSuccessful": True}],
                "properties": {"summary": summary},
            }
        ],
    }


def sarif_report(diagnostics: list[Diagnostic], srcdir: Path, summary: str) -> str:
    return json.dumps(sarif_log(diagnostics, srcdir, summary), indent=2, ensure_ascii=False) + "\n"
