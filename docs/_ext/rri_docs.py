"""Directives that render parts of the sphinx-rri documentation from the code.

The reference tables of the docs are generated at build time from the objects the
extension itself uses, so the documentation cannot drift from the code:

``rri-config-table``
    Every configuration value in :data:`sphinx_rri.contract.config.OPTIONS`: name, type,
    default and help. Each value is registered as a ``confval`` object, so
    ``{confval}`rri_gaps``` links to its row.
``rri-subtype-table``
    Every member of :class:`sphinx_rri.model.diagnostics.Subtype` with its severity, its
    docstring (read from the source with :mod:`ast`; enum members do not keep their
    docstrings at run time) and example messages produced by running the real checks
    on the case projects under ``docs/examples/cases``. A subtype without a case is a
    warning, so ``-W`` fails until it has one.
``rri-schema``
    One JSON schema from :func:`sphinx_rri.contract.schemas.schema_dir`: ``$id``, title,
    description, version, a table of its properties and its configurable ``$defs``.
    A schema file that no page documents is a warning at the end of reading.
``rri-options``
    The options table of a directive. The descriptions are written in the page; the
    option names are checked against :data:`sphinx_rri.model.records.ALLOWED_OPTIONS`.
``rri-cli-help``
    The ``--help`` text of ``sphinx-rri`` or one of its subcommands, from its parser.
``rri-validate``
    Runs ``sphinx-rri validate`` (in process, with the same loader, checks and
    reporters as the command) on a small Sphinx project under ``docs/examples`` and
    shows its pages and the exact output and exit status.

Every table is built from docutils nodes; text that comes from code or from files is
put in ``Text`` or ``literal`` nodes, never parsed as markup.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import itertools
import json
import re
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

#: The date the review check counts from in the docs, so that the example messages
#: ("last reviewed N days ago") are the same in every build.
DOCS_TODAY = "2026-11-30"

#: Where the docs keep which schema each page documents: docname -> schema names.
_SCHEMAS_ATTR = "rri_docs_schemas"

#: What a table cell may be given: text (with ``literal`` spans), a node, or nodes.
Cell: TypeAlias = "str | nodes.Node | Sequence[nodes.Node]"


# -- small node helpers -------------------------------------------------------------------

_LITERAL = re.compile(r"``(.+?)``|`([^`]+)`")


def inline_nodes(text: str) -> list[nodes.Node]:
    """Plain text with ``literal`` spans (rST or Markdown style) as literal nodes.

    Docstrings and help strings in the package mark code with double backticks; nothing
    else in them is markup, so nothing else is parsed. Line breaks inside a docstring
    paragraph become spaces.
    """
    text = " ".join(text.split())
    result: list[nodes.Node] = []
    position = 0
    for match in _LITERAL.finditer(text):
        if match.start() > position:
            result.append(nodes.Text(text[position : match.start()]))
        code = match.group(1) or match.group(2)
        result.append(nodes.literal(code, code))
        position = match.end()
    if position < len(text):
        result.append(nodes.Text(text[position:]))
    return result


def literal(text: str) -> nodes.literal:
    return nodes.literal(text, text)


def _cell(content: Cell) -> nodes.entry:
    entry = nodes.entry()
    if isinstance(content, str):
        content = inline_nodes(content) if content else []
    if isinstance(content, nodes.Node):
        content = [content]
    inline: list[nodes.Node] = []
    for node in content:
        if isinstance(node, (nodes.Text, nodes.Inline)):
            inline.append(node)
            continue
        if inline:
            entry += nodes.paragraph("", "", *inline)
            inline = []
        entry += node
    if inline:
        entry += nodes.paragraph("", "", *inline)
    return entry


def make_table(
    headers: Sequence[str],
    rows: Iterable[tuple[Sequence[Cell], list[str]]],
    widths: Sequence[int],
    classes: Sequence[str] = (),
) -> nodes.table:
    """A docutils table; each row is (cells, ids for the row's HTML anchor)."""
    table = nodes.table(classes=["rri-docs-table", *classes])
    group = nodes.tgroup(cols=len(headers))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    header_row = nodes.row()
    for title in headers:
        header_row += _cell(title)
    head += header_row
    group += head
    body = nodes.tbody()
    for cells, ids in rows:
        row = nodes.row(ids=list(ids))
        for content in cells:
            row += _cell(content)
        body += row
    group += body
    return table


def lines_block(lines: Sequence[str]) -> nodes.line_block:
    """Several short literal lines in one table cell."""
    block = nodes.line_block()
    for text in lines:
        block += nodes.line("", "", literal(text))
    return block


# -- configuration values -----------------------------------------------------------------


def _type_name(types: tuple[type, ...]) -> str:
    return " or ".join("None" if t is type(None) else t.__name__ for t in types)


class ConfigTable(SphinxDirective):
    """``rri-config-table``: every ``rri_*`` value of :data:`sphinx_rri.contract.config.OPTIONS`."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        from sphinx_rri.contract.config import OPTIONS

        std = self.env.domains.standard_domain
        rows: list[tuple[list[Cell], list[str]]] = []
        for option in OPTIONS:
            node_id = f"confval-{option.name}"
            std.note_object("confval", option.name, node_id, location=self.get_location())
            rows.append(
                (
                    [
                        literal(option.name),
                        _type_name(option.types),
                        literal(repr(option.default)),
                        option.help,
                    ],
                    [node_id],
                )
            )
        table = make_table(["Name", "Type", "Default", "Meaning"], rows, [22, 10, 28, 40])
        return [table]


# -- warning subtypes ---------------------------------------------------------------------


def member_docstrings(cls: type) -> dict[str, str]:
    """The string literal that follows each assignment in ``cls``'s body, by name.

    Enum members do not keep such docstrings at run time, so they are read from the
    class's source with :mod:`ast`.
    """
    tree = ast.parse(inspect.getsource(cls))
    found: dict[str, str] = {}
    for klass in ast.walk(tree):
        if not (isinstance(klass, ast.ClassDef) and klass.name == cls.__name__):
            continue
        body = klass.body
        for statement, following in itertools.pairwise(body):
            if (
                isinstance(statement, ast.Assign)
                and len(statement.targets) == 1
                and isinstance(statement.targets[0], ast.Name)
                and isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                found[statement.targets[0].id] = inspect.cleandoc(following.value.value)
    return found


def round_robin(lists: Sequence[Sequence[str]], limit: int) -> list[str]:
    """The first item of each list, then the second of each, ..., at most ``limit``."""
    chosen: list[str] = []
    depth = 0
    while len(chosen) < limit and any(depth < len(items) for items in lists):
        for items in lists:
            if depth < len(items) and items[depth] not in chosen and len(chosen) < limit:
                chosen.append(items[depth])
        depth += 1
    return chosen


def subtype_target(value: str) -> str:
    """The label of a subtype's row: ``{ref}`rri.gap <rri-subtype-gap>``` links to it."""
    return f"rri-subtype-{value.replace('_', '-')}"


class SubtypeTable(SphinxDirective):
    """``rri-subtype-table``: every :class:`~sphinx_rri.model.diagnostics.Subtype`.

    ``:cases:`` names the folder of case projects whose diagnostics give the example
    messages (relative to the page, like ``literalinclude``). ``:no-example:`` lists
    subtypes, separated by spaces, that no case can show because only a build reports
    them (such as ``config``, a bad configuration value, on which the command exits
    instead); they may name subtypes the installed version does not have.
    """

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {
        "cases": directives.unchanged_required,
        "no-example": directives.unchanged,
    }

    #: At most this many example messages per subtype, taken from as many cases as possible.
    MAX_EXAMPLES = 4

    def run(self) -> list[nodes.Node]:
        from sphinx_rri.model.diagnostics import Diagnostic, Subtype

        docs = member_docstrings(Subtype)
        without_examples = set(self.options.get("no-example", "").split())
        # subtype -> one list of distinct messages per case, in case order
        by_case: dict[str, list[list[str]]] = {}
        cases = self.options.get("cases")
        if cases:
            folder = Path(self.env.relfn2path(cases, self.env.docname)[1])
            for case in sorted(p for p in folder.iterdir() if (p / "conf.py").is_file()):
                result = run_case(case)
                self.note_case(case)
                found: dict[str, list[str]] = {}
                for diag in result.diagnostics:
                    messages = found.setdefault(diag.subtype.value, [])
                    if diag.message not in messages:
                        messages.append(diag.message)
                for subtype, messages in found.items():
                    by_case.setdefault(subtype, []).append(messages)
        examples = {
            subtype: round_robin(lists, self.MAX_EXAMPLES) for subtype, lists in by_case.items()
        }
        rows: list[tuple[list[Cell], list[str]]] = []
        for member in Subtype:
            severity = Diagnostic("", 1, member, "").severity.value
            description = docs.get(member.name, "")
            if not description:
                logger.warning(
                    "rri-subtype-table: Subtype.%s has no docstring",
                    member.name,
                    location=self.get_location(),
                )
            messages = examples.get(member.value, [])
            if cases and not messages and member.value not in without_examples:
                logger.warning(
                    "rri-subtype-table: no case under %s gives a diagnostic of subtype rri.%s",
                    cases,
                    member.value,
                    location=self.get_location(),
                )
            # An explicit target in the first cell: {ref}`text <rri-subtype-gap>` links here.
            label = subtype_target(member.value)
            target = nodes.target("", "", ids=[label], names=[label])
            self.state.document.note_explicit_target(target)
            name_cell = [target, literal(f"rri.{member.value}")]
            rows.append(([name_cell, severity, description, lines_block(messages)], []))
        table = make_table(
            ["Subtype", "Severity", "What it reports", "Example messages"], rows, [14, 8, 38, 40]
        )
        return [table]

    def note_case(self, case: Path) -> None:
        for path in sorted(case.iterdir()):
            if path.is_file():
                self.env.note_dependency(str(path))


# -- running sphinx-rri validate on a case project ----------------------------------------


@dataclasses.dataclass(frozen=True)
class CaseResult:
    diagnostics: tuple[Any, ...]
    """The :class:`~sphinx_rri.model.diagnostics.Diagnostic` records, sorted."""
    outputs: dict[str, str]
    """The printed output per format (``text``, ``json``, ``github``)."""
    exit_status: dict[bool, int]
    """The exit status without and with ``--strict``."""


@cache
def _run_case_cached(case: str, stamp: tuple[tuple[str, int], ...]) -> CaseResult:
    """What ``sphinx-rri validate`` finds in the project at ``case``.

    This is :func:`sphinx_rri.cli.run_validate` step by step (same loader, checks and
    reporters), run in process; only the review check's "today" is fixed to
    :data:`DOCS_TODAY` so that the docs are reproducible. Paths are printed relative to
    the case folder, as when the command runs there.
    """
    from sphinx_rri.contract.checks import check_course, errors_and_gaps
    from sphinx_rri.model.diagnostics import summary_line
    from sphinx_rri.outputs.reporters import REPORTERS
    from sphinx_rri.reader.project import load_project, scan_project

    project = load_project(Path(case))
    course = scan_project(project, jobs=1)
    settings = dataclasses.replace(project.settings, today=DOCS_TODAY)
    diagnostics = check_course(course, settings)
    errors, gaps = errors_and_gaps(diagnostics)
    summary = summary_line(len(course.tasks()), len(gaps), len(errors))
    outputs = {name: report(diagnostics, Path("."), summary) for name, report in REPORTERS.items()}
    return CaseResult(
        tuple(diagnostics),
        outputs,
        {False: 1 if errors else 0, True: 1 if errors or gaps else 0},
    )


def run_case(case: Path) -> CaseResult:
    # The modification times are part of the cache key, so an edited case is run again.
    stamp = tuple(sorted((p.name, p.stat().st_mtime_ns) for p in case.iterdir() if p.is_file()))
    return _run_case_cached(str(case.resolve()), stamp)


LANGUAGES = {".md": "md", ".rst": "rst", ".py": "python"}


class Validate(SphinxDirective):
    """``rri-validate``: a case project's pages and what ``sphinx-rri validate`` prints.

    The argument is the case folder (it holds a ``conf.py``). Options:

    ``:format:``
        ``text`` (default), ``json`` or ``github``.
    ``:strict:``
        Show the command with ``--strict`` (and its exit status).
    ``:show:``
        The files to show before the output, separated by spaces (default: every page
        except ``index``); ``none`` shows only the output.
    ``:show-conf:``
        Show the case's ``conf.py`` too.
    """

    required_arguments = 1
    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {
        "format": lambda value: directives.choice(value, ("text", "json", "github")),
        "strict": directives.flag,
        "show": directives.unchanged,
        "show-conf": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        from sphinx_rri.reader.project import ProjectError

        case = Path(self.env.relfn2path(self.arguments[0], self.env.docname)[1])
        if not (case / "conf.py").is_file():
            logger.warning(
                "rri-validate: %s is not a case project (no conf.py)",
                self.arguments[0],
                location=self.get_location(),
            )
            return []
        for path in sorted(case.iterdir()):
            if path.is_file():
                self.env.note_dependency(str(path))
        try:
            result = run_case(case)
        except ProjectError as err:
            logger.warning("rri-validate: %s", err, location=self.get_location())
            return []
        fmt = self.options.get("format", "text")
        strict = "strict" in self.options
        shown: list[nodes.Node] = []
        for path in self.files_to_show(case):
            shown.append(self.file_block(path))
        command = "sphinx-rri validate"
        if fmt != "text":
            command += f" --format {fmt}"
        if strict:
            command += " --strict"
        text = f"$ {command}\n{result.outputs[fmt]}$ echo $?\n{result.exit_status[strict]}"
        output = nodes.literal_block(text, text, language="console", classes=["rri-docs-output"])
        return [*shown, output]

    def files_to_show(self, case: Path) -> list[Path]:
        show = self.options.get("show")
        if show is not None:
            names = show.split()
            if names == ["none"]:
                names = []
            paths = [case / name for name in names]
            for path in paths:
                if not path.is_file():
                    logger.warning(
                        "rri-validate: no file %s in %s",
                        path.name,
                        self.arguments[0],
                        location=self.get_location(),
                    )
            found = [p for p in paths if p.is_file()]
        else:
            found = sorted(
                p for p in case.iterdir() if p.suffix in (".md", ".rst") and p.stem != "index"
            )
        if "show-conf" in self.options:
            found.insert(0, case / "conf.py")
        return found

    def file_block(self, path: Path) -> nodes.Node:
        """The file as a literal block with its name as caption, like ``literalinclude``."""
        from sphinx.directives.code import container_wrapper

        text = path.read_text(encoding="utf-8")
        block = nodes.literal_block(text, text, language=LANGUAGES.get(path.suffix, "text"))
        self.set_source_info(block)
        return container_wrapper(self, block, path.name)


# -- command-line help --------------------------------------------------------------------


class CliHelp(SphinxDirective):
    """``rri-cli-help [SUBCOMMAND]``: the ``--help`` text of ``sphinx-rri`` or a subcommand.

    Taken from the command's own argument parser, at a fixed width of 88 columns so that
    the output does not depend on the terminal the docs are built in.
    """

    optional_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        import argparse

        from sphinx_rri.cli import build_parser

        parser = build_parser()
        if self.arguments:
            name = self.arguments[0]
            commands = [
                action
                for action in parser._actions
                if isinstance(action, argparse._SubParsersAction)
            ]
            choices = commands[0].choices if commands else {}
            if name not in choices:
                logger.warning(
                    "rri-cli-help: sphinx-rri has no subcommand %s",
                    name,
                    location=self.get_location(),
                )
                return []
            parser = choices[name]
        parser.formatter_class = lambda prog: argparse.HelpFormatter(prog, width=88)
        command = parser.prog + " --help"
        text = f"$ {command}\n{parser.format_help().rstrip()}"
        return [nodes.literal_block(text, text, language="console")]


# -- directive options --------------------------------------------------------------------


class Options(SphinxDirective):
    """``rri-options NAME``: a directive's options, one ``option | value | meaning`` a line.

    The value and meaning are parsed as inline markup of the page. The option names
    must be exactly those the extension accepts for the directive (``ALLOWED_OPTIONS``).
    """

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        from sphinx_rri.model.records import ALLOWED_OPTIONS

        name = self.arguments[0]
        if name not in ALLOWED_OPTIONS:
            logger.warning(
                "rri-options: %s is not a directive of sphinx-rri",
                name,
                location=self.get_location(),
            )
            return []
        rows: list[tuple[list[Cell], list[str]]] = []
        written: list[str] = []
        messages: list[nodes.Node] = []
        for offset, line in enumerate(self.content):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) != 3:
                logger.warning(
                    "rri-options: write 'option | value | meaning', not %r",
                    line,
                    location=self.get_location(),
                )
                continue
            option, value, meaning = parts
            written.append(option)
            lineno = self.content_offset + offset + 1
            cells: list[Cell] = [literal(f":{option}:")]
            for text in (value, meaning):
                parsed, problems = self.state.inline_text(text, lineno)
                cells.append(parsed)
                messages.extend(problems)
            rows.append((cells, [f"{name}-option-{option}"]))
        allowed = list(ALLOWED_OPTIONS[name])
        if sorted(written) != sorted(allowed):
            logger.warning(
                "rri-options: %s documents %s but the directive accepts %s",
                name,
                ", ".join(written) or "nothing",
                ", ".join(allowed),
                location=self.get_location(),
            )
        return [make_table(["Option", "Value", "Meaning"], rows, [15, 25, 60]), *messages]


# -- schemas ------------------------------------------------------------------------------


@dataclasses.dataclass
class PropertyRow:
    path: str
    type: str
    required: str
    description: str
    messages: list[str] = dataclasses.field(default_factory=list)
    """The author-facing messages (``x-messages``) for this property's rules."""


def _messages(node: dict[str, Any]) -> list[str]:
    messages = node.get("x-messages", {})
    if not isinstance(messages, dict):
        return []
    return [str(text) for _keyword, text in sorted(messages.items())]


def _resolve(root: dict[str, Any], node: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """A subschema with a local ``$ref`` merged in (its own keys win), and the def name."""
    ref = node.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#/"):
        return node, None
    target: Any = root
    for part in ref.removeprefix("#/").split("/"):
        target = target[part]
    merged = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return merged, ref.rsplit("/", 1)[-1]


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def describe_type(root: dict[str, Any], node: dict[str, Any]) -> str:
    """A short, readable statement of what a subschema accepts."""
    node, _ = _resolve(root, node)
    words: list[str] = []
    if node.get("not") == {}:
        allowed = node.get("x-configured-by")
        words.append(f"not allowed, unless listed in ``{allowed}``" if allowed else "not allowed")
    elif "const" in node:
        words.append(f"always {_show(node['const'])}")
    elif "x-configured-by" in node and "enum" not in node:
        kind = node.get("type", "value")
        words.append(f"{kind}, one of ``{node['x-configured-by']}``")
    elif "enum" in node:
        words.append("one of " + ", ".join(_show(v) for v in node["enum"]))
    else:
        kind = node.get("type")
        if isinstance(kind, list):
            words.append(" or ".join(kind))
        elif kind == "array" and isinstance(node.get("items"), dict):
            item, _ = _resolve(root, node["items"])
            inner = describe_type(root, item)
            if inner == "any":
                words.append("array")
            elif " " in inner:
                words.append(f"array of ({inner})")
            else:
                words.append(f"array of {inner}")
        elif kind:
            words.append(str(kind))
        else:
            words.append("any")
    constraints = []
    if "pattern" in node:
        constraints.append(f"matching ``{node['pattern']}``")
    if "format" in node:
        constraints.append(f"format {node['format']}")
    for key, label in (
        ("minLength", "at least {} character"),
        ("minimum", "at least {}"),
        ("minItems", "at least {} item"),
        ("maxItems", "at most {} item"),
    ):
        if key in node:
            count = node[key]
            plural = "s" if label.endswith(("character", "item")) and count != 1 else ""
            constraints.append(label.format(count) + plural)
    names = node.get("propertyNames", {})
    if isinstance(names, dict) and "enum" in names:
        constraints.append("keys: " + ", ".join(map(str, names["enum"])))
    if node.get("additionalProperties") is False:
        constraints.append("no other keys")
    if constraints:
        words.append("; ".join(constraints))
    return "; ".join(words)


def _condition(schema: dict[str, Any]) -> str:
    """``when directive is "key-concept"`` for an ``if`` of const properties."""
    props = schema.get("if", {}).get("properties", {})
    terms = [f"``{k}`` is {_show(v['const'])}" for k, v in props.items() if "const" in v]
    return "when " + " and ".join(terms) if terms else "conditionally"


def property_rows(
    root: dict[str, Any], node: dict[str, Any], prefix: str = "", depth: int = 0
) -> list[PropertyRow]:
    """One row per property, nested objects and arrays of objects as dotted paths."""
    node, _ = _resolve(root, node)
    rows: list[PropertyRow] = []
    required = set(node.get("required", ()))
    branches: list[tuple[dict[str, Any], str | None]] = [(node, None)]
    if "if" in node:
        if "then" in node:
            branches.append((node["then"], _condition(node)))
        if "else" in node:
            branches.append((node["else"], "otherwise"))
    for branch, condition in branches:
        for name, sub in branch.get("properties", {}).items():
            sub_resolved, _ = _resolve(root, sub)
            path = f"{prefix}{name}"
            needed = condition or ("yes" if name in required else "no")
            rows.append(
                PropertyRow(
                    path,
                    describe_type(root, sub),
                    needed,
                    sub_resolved.get("description", ""),
                    _messages(sub_resolved),
                )
            )
            if depth < 4:
                rows.extend(_nested_rows(root, sub_resolved, path, depth))
    extra = node.get("additionalProperties")
    if isinstance(extra, dict):
        extra_resolved, _ = _resolve(root, extra)
        rows.append(
            PropertyRow(
                f"{prefix}(any other key)",
                describe_type(root, extra),
                "no",
                extra_resolved.get("description", ""),
                _messages(extra_resolved),
            )
        )
    return rows


def _nested_rows(
    root: dict[str, Any], node: dict[str, Any], path: str, depth: int
) -> list[PropertyRow]:
    if "properties" in node:
        return property_rows(root, node, f"{path}.", depth + 1)
    items = node.get("items")
    if node.get("type") == "array" and isinstance(items, dict):
        item, _ = _resolve(root, items)
        if "properties" in item:
            return property_rows(root, item, f"{path}[].", depth + 1)
    return []


def configured_defs(schema: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(def name, configuration value, description) for each ``x-configured-by`` def."""
    return [
        (name, str(sub["x-configured-by"]), sub.get("description", ""))
        for name, sub in sorted(schema.get("$defs", {}).items())
        if isinstance(sub, dict) and "x-configured-by" in sub
    ]


def _schemas_by_doc(env: BuildEnvironment) -> dict[str, set[str]]:
    if not isinstance(getattr(env, _SCHEMAS_ATTR, None), dict):
        setattr(env, _SCHEMAS_ATTR, {})
    found: dict[str, set[str]] = getattr(env, _SCHEMAS_ATTR)
    return found


class Schema(SphinxDirective):
    """``rri-schema NAME``: the reference of ``schemas/NAME.schema.json``."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        from sphinx_rri.contract.schemas import schema_dir

        name = self.arguments[0]
        path = schema_dir() / f"{name}.schema.json"
        if not path.is_file():
            logger.warning(
                "rri-schema: no schema %s in %s",
                path.name,
                schema_dir(),
                location=self.get_location(),
            )
            return []
        self.env.note_dependency(str(path))
        _schemas_by_doc(self.env).setdefault(self.env.docname, set()).add(name)
        schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))

        fields = nodes.field_list(classes=["rri-docs-schema-facts"])
        for label, value in (
            ("File", literal(f"schemas/{path.name}")),
            ("$id", literal(str(schema.get("$id", "")))),
            ("Title", nodes.Text(str(schema.get("title", "")))),
            ("Version (x-version)", nodes.Text(str(schema.get("x-version", "")))),
            ("Dialect", literal(str(schema.get("$schema", "")))),
        ):
            field = nodes.field()
            field += nodes.field_name(label, label)
            body = nodes.field_body()
            body += nodes.paragraph("", "", value)
            field += body
            fields += field
        result: list[nodes.Node] = [fields]
        if schema.get("description"):
            result.append(nodes.paragraph("", "", *inline_nodes(schema["description"])))

        rows: list[tuple[list[Cell], list[str]]] = [
            (
                [
                    literal(row.path),
                    row.type,
                    row.required,
                    self.description_cell(row.description, row.messages),
                ],
                [],
            )
            for row in property_rows(schema, schema)
        ]
        result.append(
            make_table(
                ["Property", "Type and constraints", "Required", "Description and messages"],
                rows,
                [20, 30, 10, 40],
            )
        )
        root_messages = _messages(schema)
        if root_messages:
            result.append(nodes.paragraph("", "Messages for the record as a whole:"))
            result.append(lines_block(root_messages))
        configured = configured_defs(schema)
        if configured:
            result.append(
                nodes.paragraph(
                    "", "Configurable definitions (filled in when the schema is loaded):"
                )
            )
            result.append(
                make_table(
                    ["Definition", "Filled from", "Description"],
                    [
                        ([literal(f"$defs/{name}"), literal(option), text], [])
                        for name, option, text in configured
                    ],
                    [25, 30, 45],
                )
            )
        return result

    @staticmethod
    def description_cell(description: str, messages: list[str]) -> list[nodes.Node]:
        """The description, then each author-facing message as a literal line."""
        cell: list[nodes.Node] = []
        if description:
            cell.append(nodes.paragraph("", "", *inline_nodes(description)))
        if messages:
            cell.append(lines_block(messages))
        return cell


def _purge_schemas(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _schemas_by_doc(env).pop(docname, None)


def _merge_schemas(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    theirs: dict[str, set[str]] = getattr(other, _SCHEMAS_ATTR, {})
    ours = _schemas_by_doc(env)
    for docname in docnames:
        if docname in theirs:
            ours[docname] = theirs[docname]


def _check_schemas(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn about a schema file that no ``rri-schema`` directive documents."""
    from sphinx_rri.contract.schemas import schema_dir

    documented = _schemas_by_doc(env)
    if not documented:  # a build of a part of the docs without the schema page
        return
    seen = set().union(*documented.values())
    for path in sorted(schema_dir().glob("*.schema.json")):
        name = path.name.removesuffix(".schema.json")
        if name not in seen:
            logger.warning("rri-schema: schemas/%s is not documented by any page", path.name)


# -- setup --------------------------------------------------------------------------------


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("rri-config-table", ConfigTable)
    app.add_directive("rri-subtype-table", SubtypeTable)
    app.add_directive("rri-validate", Validate)
    app.add_directive("rri-cli-help", CliHelp)
    app.add_directive("rri-options", Options)
    app.add_directive("rri-schema", Schema)
    app.connect("env-purge-doc", _purge_schemas)
    app.connect("env-merge-info", _merge_schemas)
    app.connect("env-check-consistency", _check_schemas)
    app.add_css_file("rri-docs.css")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
