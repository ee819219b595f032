"""Which rules of mkdocs' ``extra_css`` still apply to the migrated site.

A site's own stylesheet often styles what mkdocs-material and the pymdownx extensions
draw: ``.grid.cards``, ``.tabbed-set``, ``.md-header``. After the migration some of that
markup no longer exists: grids are sphinx-design cards, tabs are sphinx-design tabs, and
with a theme other than sphinx-immaterial (the Sphinx port of Material, which keeps the
``md-`` classes and the ``data-md-*`` attributes) there is no ``md-`` markup at all. A
rule none of whose selectors can match any more is dropped, and the report names it; a
rule with some selectors left keeps those. Everything else (at-rules such as
``@font-face`` and ``@import``, custom properties on ``:root``, rules for the site's own
classes) is copied as written.

Parsing is tinycss2's, so comments, strings and nested ``@media`` blocks are read as CSS
reads them; the rules kept are serialised back from its tokens, unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

#: Classes that mkdocs-material or a pymdownx extension writes and the migration maps to
#: something else, so that no element of the migrated site carries them.
MKDOCS_ONLY_CLASSES = frozenset(
    {
        "grid",
        "cards",
        "tabbed-set",
        "tabbed-labels",
        "tabbed-content",
        "tabbed-block",
        "tabbed-alternate",
        "tabbed-control",
        "twemoji",
        "emojione",
        "gemoji",
        "arithmatex",
        "critic",
        "md-annotation",
        "md-annotation__index",
        "glightbox",
        "superfences-tabs",
        "superfences-content",
    }
)

#: Classes and attributes of mkdocs-material's own page frame (``md-header``,
#: ``[data-md-color-scheme]``): only sphinx-immaterial draws them.
_MATERIAL_FRAME = re.compile(r"^md-")
_MATERIAL_ATTRIBUTE = re.compile(r"^data-md-")

#: Where a migrated page gives an element a class: ``{.name}`` attributes and
#: ``:class:`` options.
_ATTR_CLASS = re.compile(r"\{[^{}\n]*\}")
_CLASS_OPTION = re.compile(r"^\s*:class:\s*(.+)$", re.M)


@dataclass
class FilteredCss:
    text: str
    """The stylesheet with the rules that still apply ("" when none is left)."""
    dropped: list[str] = field(default_factory=list)
    """The selectors dropped, in source order."""
    kept_rules: int = 0


def classes_in_pages(texts: Iterable[str]) -> set[str]:
    """The classes the migrated pages still give elements themselves."""
    found: set[str] = set()
    for text in texts:
        for block in _ATTR_CLASS.findall(text):
            found.update(re.findall(r"(?<![\w-])\.([A-Za-z_][\w-]*)", block))
        for option in _CLASS_OPTION.findall(text):
            found.update(option.split())
    return found


def filter_css(text: str, *, material_frame: bool, page_classes: set[str]) -> FilteredCss:
    """The rules of ``text`` that can still match an element of the migrated site."""
    import tinycss2

    result = FilteredCss("")
    rules = tinycss2.parse_stylesheet(text, skip_comments=False, skip_whitespace=False)
    text = _filter_rules(rules, material_frame, page_classes, result)
    # A dropped rule leaves the blank lines around it behind: keep at most one.
    result.text = re.sub(r"\n[ \t]*(?:\n[ \t]*)+\n", "\n\n", text).strip()
    if result.text:
        result.text += "\n"
    return result


def _filter_rules(
    rules: list[object], material_frame: bool, page_classes: set[str], result: FilteredCss
) -> str:
    import tinycss2
    from tinycss2 import ast

    out: list[str] = []
    for rule in rules:
        if isinstance(rule, ast.QualifiedRule):
            selectors = _split_selectors(rule.prelude)
            alive = [sel for sel in selectors if _applies(sel, material_frame, page_classes)]
            dead = [sel for sel in selectors if sel not in alive]
            result.dropped += [tinycss2.serialize(sel).strip() for sel in dead]
            if not alive:
                continue
            result.kept_rules += 1
            if dead:
                prelude = ", ".join(tinycss2.serialize(sel).strip() for sel in alive) + " "
            else:
                prelude = tinycss2.serialize(rule.prelude)
            out.append(prelude + "{" + tinycss2.serialize(rule.content) + "}")
        elif isinstance(rule, ast.AtRule) and rule.content is not None and _holds_rules(rule):
            inner = tinycss2.parse_rule_list(rule.content, skip_comments=False)
            kept = _filter_rules(inner, material_frame, page_classes, result)
            if kept.strip():
                out.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{kept}}}")
        elif isinstance(rule, ast.ParseError):
            continue  # what a browser skips too
        elif isinstance(rule, ast.Node):
            out.append(tinycss2.serialize([rule]))
    return "".join(out)


def _holds_rules(rule: object) -> bool:
    """``@media``, ``@supports``, ``@layer`` and ``@container`` hold rules of their own."""
    return getattr(rule, "lower_at_keyword", "") in {"media", "supports", "layer", "container"}


def _split_selectors(prelude: list[object]) -> list[list[object]]:
    """A selector list, split at its top-level commas."""
    from tinycss2 import ast

    selectors: list[list[object]] = [[]]
    for token in prelude:
        if isinstance(token, ast.LiteralToken) and token.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(token)
    return [sel for sel in selectors if any(not _blank(token) for token in sel)]


def _blank(token: object) -> bool:
    from tinycss2 import ast

    return isinstance(token, (ast.WhitespaceToken, ast.Comment))


def _applies(selector: list[object], material_frame: bool, page_classes: set[str]) -> bool:
    """Whether every class and ``data-md-*`` attribute the selector requires can exist.

    Classes inside functional pseudo-classes (``:not(.grid)``) are not required, so they
    never drop a selector.
    """
    from tinycss2 import ast

    previous: object = None
    for token in selector:
        if (
            isinstance(token, ast.IdentToken)
            and isinstance(previous, ast.LiteralToken)
            and previous.value == "."
            and not _class_exists(token.value, material_frame, page_classes)
        ):
            return False
        if isinstance(token, ast.SquareBracketsBlock) and not material_frame:
            names = [t.value for t in token.content if isinstance(t, ast.IdentToken)]
            if names and _MATERIAL_ATTRIBUTE.match(names[0]):
                return False
        previous = token
    return True


def _class_exists(name: str, material_frame: bool, page_classes: set[str]) -> bool:
    if name in page_classes:
        return True
    if name in MKDOCS_ONLY_CLASSES:
        return False
    return material_frame or not _MATERIAL_FRAME.match(name)
