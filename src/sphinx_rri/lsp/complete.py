"""Completion: what may be written where the cursor is, from the contract and the course.

Directive names and options come from :mod:`sphinx_rri.model.records`; stages, domains
and statuses from the schemas as loaded with the project's configuration
(:func:`sphinx_rri.contract.schemas.load_schema`), so a value offered here is a value the
checks accept; task ids and document names come from the course in memory.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

from lsprotocol import types

from ..contract.config import Settings
from ..contract.schemas import TOOL_KEYS, known_frontmatter_keys, load_schema
from ..model.records import ALLOWED_OPTIONS, CONTRACT_KEYS, DIRECTIVES, Directive, Page
from .session import ProjectSession

_FENCE_NAME = re.compile(r"^\s*(?:`{3,}|~{3,}|:{3,})\{([\w:.-]*)$")
_RST_NAME = re.compile(r"^\s*\.\.\s+([\w:.-]*)$")
_OPTION_NAME = re.compile(r"^\s*:([\w-]*)$")
_OPTION_VALUE = re.compile(r"^\s*:([\w-]+):\s+(.*)$")
_EXAMPLE_ARGUMENT = re.compile(r"^\s*(?:(?:`{3,}|:{3,})\{example\}|\.\.\s+example::)\s+(.*)$")
_TASK_ROLE = re.compile(r"(?:\{rri:task\}|:rri:task:)`([^`<]*)$")
_DOC_ROLE = re.compile(r"(?:\{doc\}|:doc:)`([^`<]*)$")
_KEY = re.compile(r"^([\w-]*)$")
_KEY_VALUE = re.compile(r"^([\w-]+):\s*(?:\[\s*)?(.*)$")

DIRECTIVE_HELP = {
    "task-card": "A task: its description, importance and illustrative examples",
    "task-description": "What the task is (inside a task-card)",
    "task-importance": "Why the task matters (inside a task-card)",
    "illustrative-example": "Worked examples, one example per domain",
    "example": "One worked example; the argument is its domain",
    "next-steps": "Where to go next, as steps",
    "step": "One next step: a title and :doc: or :status: coming-soon",
    "human-factors": "A tip-style box on human factors",
    "key-concept": "A collapsible box that explains one concept",
}


def _resolve(schema: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        name = str(node["$ref"]).removeprefix("#/$defs/")
        node = schema.get("$defs", {}).get(name, {})
    return node


def schema_values(schema_name: str, path: tuple[str, ...], settings: Settings) -> list[str]:
    """The values the schema allows at ``path`` (through ``$ref`` and list ``items``)."""
    schema = load_schema(
        schema_name,
        stages=settings.stages,
        domains=settings.example_domains,
        extra_keys=settings.extra_frontmatter_keys,
    )
    node: Any = schema
    for key in path:
        node = _resolve(schema, node)
        node = node.get(key, {}) if isinstance(node, dict) else {}
    node = _resolve(schema, node)
    if isinstance(node, dict) and "items" in node:
        node = _resolve(schema, node["items"])
    values = node.get("enum", []) if isinstance(node, dict) else []
    return [str(v) for v in values]


#: Where each option's values are in the schemas, by directive.
OPTION_VALUES: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {
    ("task-card", "stage"): ("task", ("properties", "stage")),
    ("example", "status"): ("example", ("properties", "status")),
    ("step", "status"): ("next-steps", ("$defs", "step", "properties", "status")),
}


def enclosing(page: Page, line: int) -> Directive | None:
    """The innermost contract directive of the page itself around ``line`` (1-based)."""
    records: list[Directive] = []
    for task in page.tasks:
        records += [task, *task.parts]
    for examples in page.all_example_sets():
        records += [examples, *examples.examples]
    for block in page.next_steps:
        records += [block, *block.steps]
    records += page.callouts + page.orphans
    around = [r for r in records if not r.source and r.line <= line <= max(r.end_line, r.line)]
    return max(around, key=lambda r: r.line, default=None)


def frontmatter_lines(lines: list[str]) -> int:
    """How many lines the YAML front matter block takes (0 when there is none)."""
    if not lines or lines[0].strip() != "---":
        return 0
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return index + 1
    return len(lines)


def _items(
    names: list[str],
    kind: types.CompletionItemKind,
    line: int,
    start: int,
    end: int,
    details: dict[str, str] | None = None,
    suffix: str = "",
) -> list[types.CompletionItem]:
    where = types.Range(
        start=types.Position(line=line, character=start),
        end=types.Position(line=line, character=end),
    )
    return [
        types.CompletionItem(
            label=name,
            kind=kind,
            detail=(details or {}).get(name),
            sort_text=f"{index:04d}",
            text_edit=types.TextEdit(range=where, new_text=name + suffix),
        )
        for index, name in enumerate(names)
    ]


def complete(
    session: ProjectSession, docname: str, text: str, position: types.Position
) -> list[types.CompletionItem]:
    lines = text.split("\n")
    if position.line >= len(lines):
        return []
    line_text = lines[position.line]
    # Positions count UTF-16 units; the text before the cursor is what matters.
    encoded = line_text.encode("utf-16-le")[: position.character * 2]
    prefix = encoded.decode("utf-16-le", errors="ignore")
    cursor = position.character
    settings = session.project.settings
    page = session.course.pages[docname]
    is_rst = page.source.endswith(".rst")
    here = position.line

    def from_typed(typed: str) -> int:
        return cursor - len(typed.encode("utf-16-le")) // 2

    fm_end = 0 if is_rst else frontmatter_lines(lines)
    closed = fm_end > 1 and lines[fm_end - 1].strip() in ("---", "...")
    if 0 < here < (fm_end - 1 if closed else fm_end):
        others = lines[1:here] + lines[here + 1 : fm_end]
        return _frontmatter(prefix, others, settings, here, cursor, from_typed)

    match = _TASK_ROLE.search(prefix)
    if match:
        titles = {}
        places = {}
        for other, task in session.course.tasks():
            if task.id:
                titles[task.id] = task.title
                places[task.id] = f"{task.title} ({other.docname})"
        ids = sorted(titles)
        return _items(
            ids,
            types.CompletionItemKind.Reference,
            here,
            from_typed(match.group(1)),
            cursor,
            places,
        )
    match = _DOC_ROLE.search(prefix)
    if match:
        return _documents(
            session, docname, match.group(1), here, from_typed(match.group(1)), cursor
        )
    match = (_RST_NAME if is_rst else _FENCE_NAME).match(prefix)
    if match:
        suffix = ":: " if is_rst else "}"
        rest = line_text[len(prefix) :]
        if not is_rst and rest.startswith("}"):
            suffix = ""
        return _items(
            list(DIRECTIVES),
            types.CompletionItemKind.Class,
            here,
            from_typed(match.group(1)),
            cursor,
            DIRECTIVE_HELP,
            suffix,
        )
    match = _EXAMPLE_ARGUMENT.match(prefix)
    if match:
        return _items(
            list(settings.example_domains),
            types.CompletionItemKind.EnumMember,
            here,
            from_typed(match.group(1)),
            cursor,
        )
    record = enclosing(page, here + 1)
    if record is None:
        return []
    match = _OPTION_NAME.match(prefix)
    if match:
        names = [o for o in ALLOWED_OPTIONS.get(record.name, ()) if o not in record.options]
        return _items(
            names,
            types.CompletionItemKind.Property,
            here,
            from_typed(match.group(1)),
            cursor,
            suffix=": ",
        )
    match = _OPTION_VALUE.match(prefix)
    if match:
        option, typed = match.groups()
        if option == "doc" and record.name == "step":
            return _documents(session, docname, typed, here, from_typed(typed), cursor)
        if option == "domains":
            part = typed.rsplit(",", 1)[-1].lstrip()
            return _items(
                list(settings.example_domains),
                types.CompletionItemKind.EnumMember,
                here,
                from_typed(part),
                cursor,
            )
        where = OPTION_VALUES.get((record.name, option))
        if where:
            return _items(
                schema_values(where[0], where[1], settings),
                types.CompletionItemKind.EnumMember,
                here,
                from_typed(typed),
                cursor,
            )
    return []


def _documents(
    session: ProjectSession, docname: str, typed: str, line: int, start: int, end: int
) -> list[types.CompletionItem]:
    """Document names as ``:doc:`` takes them: relative to the page's folder when below
    it, else from the source folder (``/name``)."""
    folder = posixpath.dirname(docname)
    names: dict[str, str] = {}
    for other in sorted(session.course.docnames):
        if other == docname:
            continue
        if folder and not other.startswith(folder + "/"):
            name = "/" + other
        else:
            name = other[len(folder) + 1 :] if folder else other
        page = session.course.pages.get(other)
        names[name] = str(page.meta.get("title", "")) if page else ""
    return _items(list(names), types.CompletionItemKind.File, line, start, end, names)


def _frontmatter(
    prefix: str,
    other_lines: list[str],
    settings: Settings,
    line: int,
    cursor: int,
    from_typed: Any,
) -> list[types.CompletionItem]:
    match = _KEY.match(prefix)
    if match:
        present = {m.group(1) for m in map(_KEY_VALUE.match, other_lines) if m}
        known = known_frontmatter_keys(settings.extra_frontmatter_keys)
        ordered = [k for k in CONTRACT_KEYS if k in known]
        ordered += [k for k in known if k not in ordered and k not in TOOL_KEYS]
        keys = [k for k in ordered if k not in present]
        return _items(
            keys,
            types.CompletionItemKind.Field,
            line,
            from_typed(match.group(1)),
            cursor,
            suffix=": ",
        )
    match = _KEY_VALUE.match(prefix)
    if match:
        key, typed = match.groups()
        typed = typed.rsplit(",", 1)[-1].lstrip()
        values = schema_values("frontmatter", ("properties", key), settings)
        return _items(values, types.CompletionItemKind.EnumMember, line, from_typed(typed), cursor)
    return []
