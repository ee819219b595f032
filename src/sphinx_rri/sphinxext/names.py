"""Directives and roles that no extension defines: one located error, in the contract's words.

Without this, MyST says "Unknown directive type" and docutils 'Unknown directive type
"next-step"', each in its own format, and neither says which name was meant. While a
page is read, the lookup of directive and role names is wrapped (the way Sphinx itself
wraps it for domains, and intersphinx for ``external:`` roles): a name that nothing
registers gets a stand-in that records an ``rri.unknown`` error on the page, with the
same message, hint and line ``sphinx-rri validate`` gives, and shows the markup as
written instead of dropping it.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.parsers.rst import directives, roles
from sphinx.util.docutils import CustomReSTDispatcher

from ..contract.names import unknown_name
from ..reader.scanner import RST_ANY_ROLE, find_roles
from .directives.base import (
    SOURCE_LINES_KEY,
    RRIDirective,
    included_source,
    recorder_of,
    temp_dict,
)

if TYPE_CHECKING:
    from docutils.utils import Reporter
    from sphinx.environment import BuildEnvironment


class UnknownDirective(RRIDirective):
    """Stands in for a directive no extension defines: reads nothing inside it."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def run(self) -> list[nodes.Node]:
        self._correct_lineno()
        recorder = recorder_of(self.env)
        if recorder is not None:
            myst = type(self.state).__module__.startswith("myst_parser")
            written = f"{{{self.name}}}" if myst else f"{self.name}::"
            page = recorder.page
            source = self.included_from() or recorder.page.source
            recorder.page.reader_problems.append(
                unknown_name("directive", self.name, page.docname, self.lineno, source, written)
            )
        text = self.block_text
        return [nodes.literal_block(text, text)]


def _unknown_directive(name: str) -> type[UnknownDirective]:
    from ..reader.scanner import PermissiveOptions

    return type(
        "UnknownDirective",
        (UnknownDirective,),
        {"option_spec": PermissiveOptions()},
    )


def _role_line(env: BuildEnvironment, inliner: Any, lineno: int, name: str) -> int:
    """The line of this use of role ``name`` in its paragraph: the n-th call for a
    paragraph and name is its n-th use, found as ``validate`` finds roles."""
    lines: list[str] = env.temp_data.get(SOURCE_LINES_KEY) or []
    calls: dict[tuple[int, str], int] = temp_dict(env, "rri_unknown_role_calls")
    nth = calls.get((lineno, name), 0)
    calls[(lineno, name)] = nth + 1
    # Each paragraph is read once, however many roles it holds.
    read: dict[int, dict[str, list[int]]] = temp_dict(env, "rri_paragraph_roles")
    if lineno not in read:
        start = max(lineno - 1, 0)
        end = start
        while 0 <= end < len(lines) and lines[end].strip():
            end += 1
        if type(inliner).__module__.startswith("myst_parser"):
            try:
                extensions = tuple(sorted(env.config.myst_enable_extensions))
            except AttributeError:
                extensions = ()
            paragraph = "\n".join(lines[start:end])
            found = [(line, role) for line, role, _ in find_roles(paragraph, lineno, extensions)]
        else:
            found = [
                (index + 1, match.group(1))
                for index in range(start, end)
                if ":`" in lines[index]
                for match in RST_ANY_ROLE.finditer(lines[index])
            ]
        uses: dict[str, list[int]] = {}
        for line, role in found:
            uses.setdefault(role, []).append(line)
        read[lineno] = uses
    places = read[lineno].get(name, [])
    return places[nth] if nth < len(places) else lineno


def _unknown_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Any,
    options: dict[str, Any] | None = None,
    content: list[str] | None = None,
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    document = inliner.document
    env = getattr(document.settings, "env", None)
    recorder = recorder_of(env) if env is not None else None
    if recorder is not None and env is not None:
        myst = type(inliner).__module__.startswith("myst_parser")
        line = _role_line(env, inliner, lineno, name)
        written = f"{{{name}}}`" if myst else f":{name}:`"
        page = recorder.page
        source = included_source(env, document.current_source or document.get("source"))
        source = source or page.source
        page.reader_problems.append(unknown_name("role", name, page.docname, line, source, written))
    return [nodes.literal(rawtext, rawtext)], []


class UnknownNames(CustomReSTDispatcher):
    """Looks names up as before; a name nothing defines gets a stand-in."""

    def directive(
        self, directive_name: str, language_module: ModuleType, document: nodes.document
    ) -> tuple[type[Any] | None, list[nodes.system_message]]:
        found, messages = super().directive(directive_name, language_module, document)
        if found is None:
            return _unknown_directive(directive_name), []
        return found, messages

    def role(
        self, role_name: str, language_module: ModuleType, lineno: int, reporter: Reporter
    ) -> tuple[Any, list[nodes.system_message]]:
        found, messages = super().role(role_name, language_module, lineno, reporter)
        if found is None:
            return _unknown_role, []
        return found, messages


def install_unknown_names() -> None:
    """Wrap the lookups for the document about to be read.

    Called at ``source-read``, inside the lookup Sphinx installs for reading one
    document; when Sphinx puts its own back after the read, this goes with it. Outside
    such a read (no dispatcher installed) nothing is wrapped, so wrappers never pile up.
    """
    current = getattr(directives.directive, "__self__", None)
    if not isinstance(current, CustomReSTDispatcher) or isinstance(current, UnknownNames):
        return
    if isinstance(getattr(roles.role, "__self__", None), UnknownNames):
        return
    UnknownNames().enable()
