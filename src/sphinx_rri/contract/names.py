"""Which directive and role names exist, and what to say about one that does not.

Both gates report a directive or role that no extension of the project defines as an
error ``rri.unknown`` at its line, with a "did you mean" hint when the name is close to
one of the contract's names (``task-crad``) or to a standard one (``notee``). The build
learns the names from Sphinx's registry as it reads; ``validate`` knows the names below
(docutils', Sphinx's, MyST's, sphinx-tabs' and this extension's, as a build of a project
with ``extensions = ["sphinx_rri"]`` registers them; ``tests/test_names.py`` compares them
with a real build) and learns those of the project's other extensions from
:mod:`sphinx_rri.reader.extensions`.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..model.diagnostics import Diagnostic, Fix, Subtype
from ..model.records import DIRECTIVES
from .schemas import closest

#: The contract's directive and role names, the first candidates for a hint.
CONTRACT_DIRECTIVES = (*DIRECTIVES, "rri-gap-report")
CONTRACT_ROLES = ("rri:task",)

#: Directives whose names ``validate`` knows without looking at any extension: those of
#: docutils (with their English aliases), of Sphinx and its domains (the Python and
#: standard domains' also without their prefix), of MyST, of sphinx-tabs and of this
#: extension, which sets MyST and sphinx-tabs up itself.
_CORE_DIRECTIVES = frozenset(
    {
        "acks",
        "admonition",
        "attention",
        "attribute",
        "c:alias",
        "c:enum",
        "c:enumerator",
        "c:function",
        "c:macro",
        "c:member",
        "c:namespace",
        "c:namespace-pop",
        "c:namespace-push",
        "c:struct",
        "c:type",
        "c:union",
        "c:var",
        "caution",
        "centered",
        "class",
        "classmethod",
        "cmdoption",
        "code",
        "code-block",
        "code-tab",
        "codeauthor",
        "compound",
        "confval",
        "container",
        "contents",
        "cpp:alias",
        "cpp:class",
        "cpp:concept",
        "cpp:enum",
        "cpp:enum-class",
        "cpp:enum-struct",
        "cpp:enumerator",
        "cpp:function",
        "cpp:member",
        "cpp:namespace",
        "cpp:namespace-pop",
        "cpp:namespace-push",
        "cpp:struct",
        "cpp:type",
        "cpp:union",
        "cpp:var",
        "cssclass",
        "csv-table",
        "currentmodule",
        "danger",
        "data",
        "date",
        "decorator",
        "decoratormethod",
        "default-domain",
        "default-role",
        "deprecated",
        "describe",
        "envvar",
        "epigraph",
        "error",
        "example",
        "exception",
        "figure",
        "figure-md",
        "footer",
        "function",
        "glossary",
        "group-tab",
        "header",
        "highlight",
        "highlights",
        "hint",
        "hlist",
        "human-factors",
        "illustrative-example",
        "image",
        "important",
        "include",
        "index",
        "js:attribute",
        "js:class",
        "js:data",
        "js:function",
        "js:method",
        "js:module",
        "key-concept",
        "line-block",
        "list-table",
        "literalinclude",
        "math",
        "meta",
        "method",
        "module",
        "moduleauthor",
        "next-steps",
        "note",
        "object",
        "only",
        "option",
        "parsed-literal",
        "productionlist",
        "program",
        "property",
        "pull-quote",
        "py:attribute",
        "py:class",
        "py:classmethod",
        "py:currentmodule",
        "py:data",
        "py:decorator",
        "py:decoratormethod",
        "py:exception",
        "py:function",
        "py:method",
        "py:module",
        "py:property",
        "py:staticmethod",
        "py:type",
        "raw",
        "replace",
        "restructuredtext-test-directive",
        "role",
        "rri-gap-report",
        "rst-class",
        "rst:directive",
        "rst:directive:option",
        "rst:role",
        "rubric",
        "section-numbering",
        "sectionauthor",
        "sectnum",
        "seealso",
        "sidebar",
        "sourcecode",
        "staticmethod",
        "std:cmdoption",
        "std:confval",
        "std:envvar",
        "std:glossary",
        "std:option",
        "std:productionlist",
        "std:program",
        "step",
        "tab",
        "table",
        "tabs",
        "tabularcolumns",
        "target-notes",
        "task-card",
        "task-description",
        "task-importance",
        "tip",
        "title",
        "toctree",
        "topic",
        "type",
        "unicode",
        "versionadded",
        "versionchanged",
        "versionremoved",
        "warning",
    }
)

#: The hyphenated spellings of the version notes, which Sphinx 9 added: known only when
#: the installed Sphinx has them, since a Sphinx 8 build calls them unknown.
SPHINX_9_DIRECTIVES = frozenset(
    {"version-added", "version-changed", "version-deprecated", "version-removed"}
)


def installed_sphinx_major() -> int:
    """The major version of the installed Sphinx, read from its ``__init__.py`` when it
    is not imported yet (importing it costs a tenth of a second of ``validate``'s start);
    0 when it cannot be told."""
    module = sys.modules.get("sphinx")
    if module is not None and hasattr(module, "version_info"):
        return int(module.version_info[0])
    from importlib.util import find_spec

    spec = find_spec("sphinx")
    if spec is None or not spec.origin:
        return 0
    try:
        text = Path(spec.origin).read_text(encoding="utf-8")
    except OSError:
        return 0
    found = re.search(r"^version_info\b[^=]*=\s*\((\d+)", text, re.MULTILINE)
    return int(found.group(1)) if found else 0


CORE_DIRECTIVES = _CORE_DIRECTIVES | (
    SPHINX_9_DIRECTIVES if installed_sphinx_major() >= 9 else frozenset()
)

#: Roles, likewise.
CORE_ROLES = frozenset(
    {
        "ab",
        "abbr",
        "abbreviation",
        "ac",
        "acronym",
        "anonymous-reference",
        "any",
        "attr",
        "c:data",
        "c:enum",
        "c:enumerator",
        "c:expr",
        "c:func",
        "c:macro",
        "c:member",
        "c:struct",
        "c:texpr",
        "c:type",
        "c:union",
        "c:var",
        "citation-reference",
        "class",
        "code",
        "command",
        "confval",
        "const",
        "cpp:any",
        "cpp:class",
        "cpp:concept",
        "cpp:enum",
        "cpp:enumerator",
        "cpp:expr",
        "cpp:func",
        "cpp:member",
        "cpp:struct",
        "cpp:texpr",
        "cpp:type",
        "cpp:union",
        "cpp:var",
        "cve",
        "cwe",
        "data",
        "deco",
        "dfn",
        "doc",
        "download",
        "emphasis",
        "envvar",
        "eq",
        "exc",
        "file",
        "footnote-reference",
        "func",
        "guilabel",
        "i",
        "index",
        "js:attr",
        "js:class",
        "js:data",
        "js:func",
        "js:meth",
        "js:mod",
        "kbd",
        "keyword",
        "literal",
        "mailheader",
        "makevar",
        "manpage",
        "math",
        "math:numref",
        "menuselection",
        "meth",
        "mimetype",
        "mod",
        "named-reference",
        "newsgroup",
        "numref",
        "obj",
        "option",
        "pep",
        "pep-reference",
        "program",
        "py:attr",
        "py:class",
        "py:const",
        "py:data",
        "py:deco",
        "py:exc",
        "py:func",
        "py:meth",
        "py:mod",
        "py:obj",
        "py:type",
        "raw",
        "ref",
        "regexp",
        "restructuredtext-unimplemented-role",
        "rfc",
        "rfc-reference",
        "rri:task",
        "rst:dir",
        "rst:role",
        "samp",
        "std:confval",
        "std:doc",
        "std:envvar",
        "std:keyword",
        "std:numref",
        "std:option",
        "std:ref",
        "std:term",
        "std:token",
        "strong",
        "sub",
        "sub-ref",
        "subscript",
        "substitution-reference",
        "sup",
        "superscript",
        "t",
        "target",
        "term",
        "title",
        "title-reference",
        "token",
        "type",
        "uri",
        "uri-reference",
        "url",
    }
)


#: Extensions whose names are all in the lists above.
CORE_EXTENSIONS = frozenset({"sphinx_rri", "myst_parser", "sphinx_tabs", "sphinx_tabs.tabs"})


@dataclass(frozen=True)
class KnownNames:
    """The directive and role names a project's extensions define, as ``validate``
    knows them. ``complete`` is False when some extension's names could not be learnt:
    then only names close to the contract's are reported (see ``docs/cli.md``)."""

    directives: frozenset[str] = CORE_DIRECTIVES
    roles: frozenset[str] = CORE_ROLES
    role_prefixes: tuple[str, ...] = ()
    """Role names made at run time (intersphinx's ``external:...``)."""
    complete: bool = True
    unread: tuple[str, ...] = field(default=())
    """The extensions whose names could not be learnt."""

    def key(self) -> tuple[object, ...]:
        """The same value in every process (for the page cache's key)."""
        return (
            tuple(sorted(self.directives)),
            tuple(sorted(self.roles)),
            self.role_prefixes,
            self.complete,
        )

    def has_directive(self, name: str) -> bool:
        return name.lower() in self.directives

    def has_role(self, name: str) -> bool:
        lowered = name.lower()
        return lowered in self.roles or lowered.startswith(self.role_prefixes)

    def reports_directive(self, name: str) -> bool:
        """Whether ``validate`` reports this directive as unknown."""
        if self.has_directive(name):
            return False
        return self.complete or bool(_closest_contract(name.lower(), CONTRACT_DIRECTIVES))

    def reports_role(self, name: str) -> bool:
        if self.has_role(name):
            return False
        return self.complete or bool(_closest_contract(name.lower(), CONTRACT_ROLES))

    def with_names(
        self, directives: Iterable[str], roles: Iterable[str], *, complete: bool = True
    ) -> KnownNames:
        return KnownNames(
            self.directives | {d.lower() for d in directives},
            self.roles | {r.lower() for r in roles},
            self.role_prefixes,
            self.complete and complete,
            self.unread,
        )


DEFAULT_NAMES = KnownNames()


@lru_cache(maxsize=4096)
def _closest_contract(name: str, contract: tuple[str, ...]) -> str | None:
    return closest(name, contract)


@lru_cache(maxsize=4096)
def suggestion(name: str, kind: str) -> str | None:
    """The name meant, when ``name`` is close to a known one: the contract's names
    first, then the standard ones. Compared in lower case, as the parsers look names up.
    The candidates are a fixed list, so each call costs the same whatever the page."""
    lowered = name.lower()
    contract, core = (
        (CONTRACT_DIRECTIVES, CORE_DIRECTIVES)
        if kind == "directive"
        else (CONTRACT_ROLES, CORE_ROLES)
    )
    found = _closest_contract(lowered, contract)
    if found is None:
        found = closest(lowered, sorted(core))
    return found


#: sphinx-tabs' directives that must stand inside a ``tabs`` directive.
TAB_DIRECTIVES = frozenset({"tab", "group-tab", "code-tab"})


def tab_outside_tabs(name: str, docname: str, line: int, source: str) -> Diagnostic:
    """A sphinx-tabs tab with no ``tabs`` around it (sphinx-tabs itself fails with a
    ``KeyError`` traceback); its content is read as if it were not a tab."""
    return Diagnostic(
        docname,
        line,
        Subtype.NESTING,
        f"{name} must be inside tabs, not on its own",
        source,
    )


def unknown_name(
    kind: str, name: str, docname: str, line: int, source: str, written: str
) -> Diagnostic:
    """The error for a directive or role (``kind``) that no extension defines.

    ``written`` is how the name appears on its line (``{task-crad}``, ``task-crad::``,
    or a role's name with the backtick after it), so that the fix replaces exactly that."""
    meant = suggestion(name, kind)
    message = f"unknown {kind} '{name}'"
    fix = None
    if kind == "directive" and name.lower() == "eval-rst":
        # MyST reads eval-rst itself, and only in a backtick fence.
        message += " (MyST reads eval-rst only in a backtick fence: ```{eval-rst})"
    elif meant is not None:
        message += f" (did you mean '{meant}'?)"
        fix = Fix(line, written, written.replace(name, meant, 1), f"Change '{name}' to '{meant}'")
    return Diagnostic(docname, line, Subtype.UNKNOWN, message, source, fix=fix)
