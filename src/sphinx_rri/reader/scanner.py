"""The fast reader behind ``sphinx-rri validate``: source files to course pages, no build.

MyST pages are read with the same markdown-it configuration and the same directive
option parser as MyST itself, but only the block structure is parsed: directives are
found as fences, their options and bodies split as MyST splits them, and their content
read again for nested directives. reStructuredText pages are read by indentation. Every
directive found goes through :class:`~sphinx_rri.model.records.PageRecorder`, exactly as the
directives do during a build.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import compress
from pathlib import Path
from typing import Any

from ..contract.config import Settings
from ..contract.frontmatter import read_frontmatter
from ..contract.names import (
    DEFAULT_NAMES,
    TAB_DIRECTIVES,
    KnownNames,
    tab_outside_tabs,
    unknown_name,
)
from ..model.diagnostics import Diagnostic, Subtype
from ..model.records import ALLOWED_OPTIONS, DIRECTIVES, Page, PageRecorder
from ..sandbox import (
    CODE_DIRECTIVES,
    active_download_problem,
    code_directive_problem,
    directive_problem,
    frontmatter_problems,
    html_is_only_comments,
    image_name_problem,
    image_path_problem,
    markdown_refuses,
    math_label_problem,
    meta_fields,
    meta_problem,
    myst_link_kind,
    path_problem,
    permit_links,
    raw_problem,
    raw_role_problem,
    substitution_problem,
    tex_problem,
    toctree_problem,
    url_problem,
    url_scheme,
)
from ..sandbox.judge import as_uri

#: Directives whose content is literal text or a list of entries, never read for nested
#: directives or roles.
LITERAL_DIRECTIVES = frozenset(
    {
        "code",
        "code-block",
        "code-cell",
        "sourcecode",
        "literalinclude",
        "math",
        "raw",
        "csv-table",
        "graphviz",
        "mermaid",
        "highlight",
        "parsed-literal",
        "doctest",
        "testcode",
        "testoutput",
        # The gap report takes no content: MyST reports any and reads none of it.
        "rri-gap-report",
        # Content that is a list of entries, not markup.
        "toctree",
        "index",
        "productionlist",
        "digraph",
        "graph",
        "plantuml",
    }
)

#: How many arguments each contract directive takes; the rest of the opening line is body.
TAKES_ARGUMENT = {
    "task-card": True,
    "task-description": False,
    "task-importance": False,
    "illustrative-example": False,
    "example": True,
    "next-steps": False,
    "step": True,
    "human-factors": True,
    "key-concept": True,
}

# As MyST reads a fence's info: its first word, in braces, names the directive.
_DIRECTIVE_INFO = re.compile(r"^\{(\S*)\}(?:\s+(.*))?$", re.S)
#: What docutils accepts as a directive name (its "simple name").
_DIRECTIVE_NAME = re.compile(r"(?:(?!_)\w)+(?:[-._+:](?:(?!_)\w)+)*")


class PermissiveOptions(dict[str, Any]):
    """An option spec that accepts every option name, so that an unknown option is
    recorded and reported by the checks (the same way in both gates) rather than
    rejected by the parser with its own message."""

    def __missing__(self, key: str) -> Any:
        return _unchanged

    def __contains__(self, key: object) -> bool:
        return True

    def __bool__(self) -> bool:
        return True


def _unchanged(value: str | None) -> str:
    return "" if value is None else value.strip()


def option_spec(name: str) -> PermissiveOptions:
    spec = PermissiveOptions()
    for option in ALLOWED_OPTIONS[name]:
        spec[option] = _unchanged
    return spec


@dataclass
class Context:
    recorder: PageRecorder
    regex: re.Pattern[str] | None
    max_nesting: int
    code_spans: list[tuple[int, int]] = field(default_factory=list)
    limit_hit: bool = False
    srcdir: Path | None = None
    """The source folder, to follow ``include`` directives; None to not follow them."""
    current: str = ""
    """The file being read, relative to ``srcdir``."""
    included: str = ""
    """The included file being read, or "" while reading the page itself."""
    include_depth: int = 0
    names: KnownNames = DEFAULT_NAMES
    """The directive and role names the project's extensions define."""
    tabs: int = 0
    """How many sphinx-tabs ``tabs`` directives the text being read is inside."""
    chain: tuple[str, ...] = ()
    """The files being included, outermost first."""
    state: Any = None
    """markdown-it's block state of the page (its line 0 is the file's line 1), whose
    lines directive bodies reuse."""
    sandbox: Settings | None = None
    """The settings while pages are sandboxed (``rri_trust_pages = False``), else None."""
    sandbox_reported: bool = False
    local_roles: dict[str, str | None] = field(default_factory=dict)
    """Roles the page defines with the ``role`` directive, by name in lower case: the
    formats of one based on ``raw`` (that the sandbox lets through), else None."""
    references: dict[str, Any] = field(default_factory=dict)
    """The page's own Markdown reference definitions (``[label]: target``)."""

    def unsafe(self, line: int, message: str) -> None:
        """Record what the page sandbox refuses, as the build records it."""
        page = self.recorder.page
        diag = Diagnostic(page.docname, line, Subtype.UNSAFE, message, self.included or page.source)
        if diag not in page.reader_problems:
            page.reader_problems.append(diag)

    def note_code(self, span: tuple[int, int]) -> None:
        if not self.included:
            self.code_spans.append(span)

    @contextmanager
    def tab_scope(self, name: str, line: int) -> Iterator[None]:
        """Around another extension's directive: note where ``tabs`` are open, and a
        sphinx-tabs tab outside them (which the build reports in the same words)."""
        if name in TAB_DIRECTIVES and not self.tabs:
            page = self.recorder.page
            page.reader_problems.append(
                tab_outside_tabs(name, page.docname, line, self.included or page.source)
            )
        opened = name == "tabs"
        self.tabs += opened
        try:
            yield
        finally:
            self.tabs -= opened

    def unknown(self, kind: str, name: str, line: int, written: str) -> None:
        """Record a directive or role that no extension of the project defines."""
        page = self.recorder.page
        page.reader_problems.append(
            unknown_name(kind, name, page.docname, line, self.included or page.source, written)
        )


MAX_INCLUDE_DEPTH = 8


#: Options whose number is how many columns (``hlist``) or spaces for a tab (``include``,
#: ``literalinclude``) the build makes: a page of a few bytes asking for 300,000,000
#: of them makes the build run out of time or memory.
SIZE_OPTIONS = {"columns": "columns", "tab-width": "spaces for each tab"}
MAX_SIZE_OPTION = 100


def oversized_option(
    directive: str, options: dict[str, object], docname: str, line: int, source: str
) -> Diagnostic | None:
    """The ``rri.limit`` error for a size option of ``directive`` larger than
    :data:`MAX_SIZE_OPTION` (both gates then read nothing of the directive), or None."""
    for option, what in SIZE_OPTIONS.items():
        value = options.get(option)
        if isinstance(value, str):
            try:
                value = int(value.strip())
            except ValueError:
                continue
        if isinstance(value, int) and value > MAX_SIZE_OPTION:
            message = (
                f"{directive}: :{option}: {value} is more than {MAX_SIZE_OPTION}, which "
                f"would make the build write that many {what} (nothing of it is shown)"
            )
            return Diagnostic(docname, line, Subtype.LIMIT, message, source)
    return None


def include_cycle(target: str, docname: str, line: int, source: str) -> Diagnostic:
    """An include of a file that is being included already (or of the page itself)."""
    return Diagnostic(
        docname,
        line,
        Subtype.LIMIT,
        f"'{target}' includes itself (a cycle of includes); it is not read again",
        source,
    )


#: docutils' names of its reStructuredText parser, for include's ``:parser:`` option.
RST_PARSER_NAMES = frozenset({"rst", "restructuredtext", "rest", "restx", "rtxt", "rstx"})


def _option_int(options: dict[str, str], name: str) -> int | None:
    """An integer option of ``include``; ValueError when docutils would refuse it."""
    if name not in options:
        return None
    return int(options[name])


def clip_include(text: str, options: dict[str, str], *, myst: bool) -> tuple[str, int] | None:
    """The part of an included file that is read, and the number of the file's lines
    before its first line; None when the include reads nothing as markup (``:literal:``,
    ``:code:``, an option docutils refuses, a text that is not found).

    As docutils' ``Include.read_file`` and MyST's include clip it: ``:start-line:`` and
    ``:end-line:`` slice the lines (MyST always rejoins them), then ``:start-after:``
    and ``:end-before:`` cut at the first match of their text. Both gates read the
    lines of the file as its own, so a finding in the part is at the file's line.
    """
    if "literal" in options or "code" in options:
        return None
    try:
        start, end = _option_int(options, "start-line"), _option_int(options, "end-line")
        if not myst:
            _option_int(options, "tab-width")
    except ValueError:
        return None
    offset = 0
    if myst or start or end is not None:
        lines = text.splitlines()
        offset = len(lines[:start]) if start is not None else 0
        text = "\n".join(lines[start:end])
    for name in ("start-after", "end-before"):
        if name not in options:
            continue
        marker = options[name]
        if not marker:  # docutils requires a value
            return None
        at = text.find(marker)
        if at < 0:
            return None
        if name == "start-after":
            offset += text.count("\n", 0, at + len(marker))
            text = text[at + len(marker) :]
        else:
            text = text[:at]
    return text, offset


def _follow_include(
    argument: str,
    ctx: Context,
    depth: int,
    extensions: tuple[str, ...],
    line: int = 0,
    *,
    rst: bool,
    options: dict[str, str] | None = None,
) -> None:
    """Read an included file as part of the page, as Sphinx does, keeping its own lines:
    the part its options select, in the format of the directive (reStructuredText for
    ``.. include::``, MyST for ``{include}``)."""
    options = options or {}
    target = "".join(part.strip() for part in argument.splitlines())
    if ctx.srcdir is not None and ctx.sandbox is not None:
        base = (ctx.srcdir / ctx.current).parent
        if path_problem(target, base, ctx.srcdir):
            return
    if ctx.srcdir is None or ctx.include_depth >= MAX_INCLUDE_DEPTH or not target:
        return
    if rst and "parser" in options and options["parser"].strip().lower() not in RST_PARSER_NAMES:
        return  # another parser: not read here (the sandbox refuses the option)
    base = ctx.srcdir if target.startswith("/") else (ctx.srcdir / ctx.current).parent
    path = (base / target.lstrip("/")).resolve()
    root = ctx.srcdir.resolve()
    if root not in path.parents or not path.is_file():
        return
    try:
        text = path.read_bytes().decode(options.get("encoding", "").strip() or "utf-8")
    except (OSError, UnicodeDecodeError, LookupError):
        return
    clipped = clip_include(text, options, myst=not rst)
    if clipped is None:
        return
    page = ctx.recorder.page
    if rst:
        too_big = oversized_option(
            "include", dict(options), page.docname, line, ctx.included or page.source
        )
        if too_big is not None:
            page.reader_problems.append(too_big)
            return
    text, offset = clipped
    relpath = path.relative_to(root).as_posix()
    page = ctx.recorder.page
    includer = ctx.included or page.source
    if relpath == page.source or relpath in ctx.chain:
        page.reader_problems.append(include_cycle(target, page.docname, line, includer))
        return
    page.included_from.setdefault(relpath, f"{includer}:{line}")
    saved = (ctx.current, ctx.included)
    ctx.chain = (*ctx.chain, relpath)
    ctx.current, ctx.included = relpath, relpath
    ctx.include_depth += 1
    try:
        if rst:
            try:
                width = int(options.get("tab-width", "8"))
            except ValueError:
                width = 8
            lines = [x.expandtabs(width) for x in normalise_text(text).split("\n")]
            _scan_rst(lines, offset, ctx, depth + 1)
        else:
            text = normalise_text(text)
            fm = read_frontmatter(text)
            start = fm.end_line if fm.present else 0
            body = "\n".join(text.split("\n")[start:])
            _scan_myst(body, offset + start, ctx, depth + 1, extensions)
    finally:
        ctx.include_depth -= 1
        ctx.current, ctx.included = saved
        ctx.chain = ctx.chain[:-1]


# -- MyST --------------------------------------------------------------------------------


#: Not a MyST extension: in the extensions given to the parsers below, it says that the
#: page is sandboxed, so that every link target is read as a link and judged
#: (:func:`sphinx_rri.sandbox.permit_links`), as the build's sandboxed parser reads them.
PERMIT_LINKS = "rri:permit-links"


def _myst_parser(extensions: tuple[str, ...]) -> Any:
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    enabled = {e for e in extensions if e != PERMIT_LINKS} | {"colon_fence"}
    md = create_md_parser(MdParserConfig(enable_extensions=enabled), RendererHTML)
    return permit_links(md) if PERMIT_LINKS in extensions else md


@lru_cache(maxsize=8)
def _markdown_parser(extensions: tuple[str, ...]) -> Any:
    md = _myst_parser(extensions)
    # Only the block structure matters here; roles are found in the raw inline text.
    # The nesting limit stays MyST's own, so that blocks nested deeper than MyST reads
    # are not read here either.
    md.disable("inline", ignoreInvalid=True)
    from .plain_lines import skip_plain_lines

    skip_plain_lines(md)
    return md


class _QuietLogger:
    """A block rule's logger whose ``debug`` does nothing, cheaply: markdown-it's block
    rules log every time they are tried (half a million calls for a 1,000-page course),
    which costs two Python calls each even when nothing is logged."""

    debug = staticmethod("".format)  # a C function that takes any arguments, returns ""

    def __init__(self, logger: Any) -> None:
        self._logger = logger

    def __getattr__(self, name: str) -> Any:
        return getattr(self._logger, name)


def quiet_block_rules() -> None:
    """Give markdown-it's block rules a logger that skips debug messages, unless debug
    messages are wanted (``validate``, ``report`` and the language server call this; a
    build does not). Nothing a rule returns changes."""
    import logging
    import sys

    import markdown_it.rules_block  # noqa: F401

    for name, module in list(sys.modules.items()):
        if not name.startswith("markdown_it.rules_block.") or module is None:
            continue
        logger = getattr(module, "LOGGER", None)
        if isinstance(logger, logging.Logger) and not logger.isEnabledFor(logging.DEBUG):
            module.LOGGER = _QuietLogger(logger)  # type: ignore[attr-defined]


def warm_up(extensions: tuple[str, ...]) -> None:
    """Create the parsers now (see :func:`sphinx_rri.reader.project.scan_project`), and
    import what reading a page of the shapes measured imports: the colon fences' reader
    and the table of other extensions' directives (a thousand lines of data), which each
    worker would otherwise load for itself."""
    from ..contract.directive_specs import directive_specs
    from . import fences  # noqa: F401

    _markdown_parser(extensions)
    _inline_parser(extensions)
    for name in DIRECTIVES:
        _spec_class(name)
    directive_specs()


@cache
def _spec_class(name: str) -> type:
    """A stand-in directive class carrying only what MyST's option parser reads."""
    takes_argument = TAKES_ARGUMENT[name]
    return type(
        f"Spec_{name}",
        (),
        {
            "required_arguments": 0,
            "optional_arguments": 1 if takes_argument else 0,
            "final_argument_whitespace": True,
            "has_content": True,
            "option_spec": option_spec(name),
        },
    )


def is_html_comment(html: str) -> bool:
    """Whether a block of HTML is nothing but comments (no reader sees it), as an HTML5
    parser reads it (:func:`sphinx_rri.sandbox.html_is_only_comments`). An unclosed
    ``<!--`` is not: the build shows it as text."""
    return html_is_only_comments(html)


#: What a directive body needs for a parse to find anything in it: a fence, a role, a
#: comment or an indented code block. Bodies without any (most prose) are not parsed.
_BLOCK_HINT = re.compile(r"```|~~~|:::|\}`|<!--|^(?: {4}|\t)", re.M)
#: The same, but for the indented line, as words to look for one by one: a search of
#: each in C is quicker than the expression's, which tries every alternative at every
#: character (a tenth of the reading of a course with long pages).
_BLOCK_HINT_WORDS = ("```", "~~~", ":::", "}`", "<!--")


def has_word(text: str, words: tuple[str, ...]) -> bool:
    """Whether ``text`` holds one of ``words``: a search of each in C, quicker than an
    expression that tries every alternative at every character."""
    for word in words:
        if word in text:
            return True
    return False


def has_hint(text: str, words: tuple[str, ...]) -> bool:
    """Whether ``text`` holds one of ``words`` or has a line indented by four blanks or
    a tab: what :data:`_BLOCK_HINT` (with :data:`_BLOCK_HINT_WORDS`) and
    :data:`_SANDBOX_HINT` (with :data:`_SANDBOX_HINT_WORDS`) find."""
    for word in words:
        if word in text:
            return True
    return text.startswith(("    ", "\t")) or "\n    " in text or "\n\t" in text


def _nested_too_deep(ctx: Context, line: int) -> None:
    """Report, once a page, that its directives are nested deeper than the limit."""
    if ctx.limit_hit:
        return
    ctx.limit_hit = True
    page = ctx.recorder.page
    page.reader_problems.append(
        Diagnostic(
            page.docname,
            line,
            Subtype.LIMIT,
            f"directives are nested deeper than rri_max_nesting ({ctx.max_nesting})",
            page.source,
        )
    )


def _scan_myst(
    text: str,
    line_offset: int,
    ctx: Context,
    depth: int,
    extensions: tuple[str, ...],
    tokens: list[Any] | None = None,
) -> None:
    if depth > ctx.max_nesting:
        _nested_too_deep(ctx, line_offset + 1)
        return
    if tokens is None:
        if depth > 0 and not has_hint(
            text, _BLOCK_HINT_WORDS if ctx.sandbox is None else _SANDBOX_HINT_WORDS
        ):
            return
        tokens = _body_tokens(text, line_offset, ctx, extensions)
    for token in tokens:
        if ctx.sandbox is not None and token.map:
            _sandbox_block(token, line_offset, ctx, extensions, depth)
        if token.type in ("fence", "colon_fence") and token.map:
            _myst_fence(token, line_offset, ctx, depth, extensions)
        elif token.type == "html_block" and token.map and is_html_comment(token.content):
            # A comment: no reader sees it, so its text is no placeholder either.
            ctx.note_code((line_offset + token.map[0] + 1, line_offset + token.map[1]))
        elif token.type == "code_block" and token.map:
            ctx.note_code((line_offset + token.map[0] + 1, line_offset + token.map[1]))
        elif token.type == "inline" and token.map and "}`" in token.content:
            _myst_roles(token.content, line_offset + token.map[0] + 1, ctx, extensions)


def parse_page(text: str, extensions: tuple[str, ...]) -> tuple[list[Any], Any]:
    """Block tokens of a page, as ``MarkdownIt.parse`` gives them, and the block state
    they were read from, so that directive bodies can be read from the same lines.

    ``parse`` runs the core rules ``normalize`` and ``block`` (and rules for inline
    tokens, which this parser leaves out); this does the same two steps itself to keep
    the state, which ``parse`` throws away.
    """
    from markdown_it.rules_core.normalize import normalize
    from markdown_it.rules_core.state_core import StateCore

    md = _markdown_parser(extensions)
    core = StateCore(text, md, {})
    normalize(core)
    tokens: list[Any] = []
    if not core.src:
        return tokens, None
    from .plain_lines import page_state

    state = page_state(core.src, md, core.env, tokens)
    md.block.tokenize(state, state.line, state.lineMax)
    return tokens, state


#: The block state of a document that has just begun (as ``StateBlock`` starts one).
_NEW_DOCUMENT = {
    "blkIndent": 0,
    "parentType": "root",
    "level": 0,
    "tight": False,
    "ddIndent": -1,
    "listIndent": -1,
}


def _body_tokens(
    text: str, line_offset: int, ctx: Context, extensions: tuple[str, ...]
) -> list[Any]:
    """Block tokens of a directive body, as a parse of ``text`` on its own gives them.

    MyST parses a directive's body as a document of its own; so does this, but without
    building markdown-it's line tables again for text the page's parse already has: when
    the body is exactly the page's lines ``line_offset + 1`` onwards, those lines of the
    page's block state are read again with the state reset as for a new document. Any
    other body (one cut out of an indented or quoted block, or from an include) is parsed
    on its own. A body that starts with ``-`` is parsed on its own too: at a document's
    first line that may be front matter, which only a parse of its own can tell.
    """
    state = ctx.state
    count = body_lines_in_page(text, line_offset, state)
    if count is None:
        return _markdown_parser(extensions).parse(text)
    ends_with_break = text.endswith("\n")
    first = line_offset  # the state's line of the body's first line
    end = first + count
    tokens: list[Any] = []
    fresh = {
        **_NEW_DOCUMENT,
        "tokens": tokens,
        "lineMax": end,
        # The text ends where the body ends, as it does for a parse of the body alone
        # (a block running to the end takes no line break after its last line, unless
        # the body ends with one).
        "src": state.src[: state.eMarks[end - 1] + ends_with_break],
    }
    saved = {name: getattr(state, name) for name in (*fresh, "line")}
    for name, value in fresh.items():
        setattr(state, name, value)
    try:
        state.md.block.tokenize(state, first, end)
    finally:
        for name, value in saved.items():
            setattr(state, name, value)
    for token in tokens:
        if token.map:
            token.map = [token.map[0] - first, token.map[1] - first]
    return tokens


def body_lines_in_page(text: str, line_offset: int, state: Any) -> int | None:
    """How many of the page's lines, from ``line_offset`` (its 0-based line number in
    ``state``), the body ``text`` is made of, when a parse of ``text`` on its own would
    see them as the page's state does; else None (see :func:`_body_tokens`)."""
    if state is None or line_offset <= 0 or text.lstrip().startswith("-"):
        return None
    # A text that ends with a line break has one line fewer than its pieces between
    # breaks, and keeps that break after its last line (the body of another extension's
    # directive, cut out of its fence's content, ends so).
    ends_with_break = text.endswith("\n")
    tail = text[text.rfind("\n") + 1 :]
    if tail and not tail.strip(" \t"):
        # A last line of blanks and tabs with no break after it is no line at all to
        # markdown-it's own parse of the text; the page has it.
        return None
    count = text.count("\n") + 1 - ends_with_break
    last = line_offset + count - 1
    if last >= state.lineMax:
        return None
    # The page's lines are separated by single "\n", so one slice compares them all.
    if state.src[state.bMarks[line_offset] : state.eMarks[last] + ends_with_break] != text:
        return None
    return count


def split_explicit_title(text: str, escape: str = "\x00") -> tuple[str, str] | None:
    """(title, target) of a role's text ``title <target>``, or None when it has no
    explicit title: what Sphinx's ``explicit_title_re`` (``^(.+?)\\s*(?<!\\x00)<(.*?)>$``)
    matches, read in one pass instead of by backtracking, which took minutes on a role
    of a few thousand blanks.

    The title is at least one character; the target runs from the first ``<`` after it
    (not preceded by ``escape``: docutils turns ``\\<`` into ``\\x00<``) to a ``>`` that
    ends the text (or comes just before a final line break, as ``$`` allows).
    """
    body = text[:-1] if text.endswith("\n") else text
    if not body.endswith(">"):
        return None
    last = len(body) - 1
    index = text.find("<", 1)
    while 0 < index < last:
        if text[index - 1] != escape:
            cut = len(text[:index].rstrip())
            return text[: max(cut, 1)], body[index + 1 : last]
        index = text.find("<", index + 1)
    return None


def role_target(text: str, escape: str = "\x00") -> str:
    """The task id in a role's text, which may be ``id`` or ``title <id>``."""
    explicit = split_explicit_title(text, escape)
    return (explicit[1] if explicit else text).strip()


@lru_cache(maxsize=8)
def _inline_parser(extensions: tuple[str, ...]) -> Any:
    """MyST's own parser with inline rules, for the few lines that hold a role."""
    md = _myst_parser(extensions)
    # Note where each role starts: a code span's text has its line breaks turned into
    # spaces, so lines cannot be counted from the tokens' text alone.
    ruler = md.inline.ruler
    role_rule = ruler.__rules__[ruler.__find__("myst_role")].fn

    def located_role(state: Any, silent: bool) -> bool:
        start = state.pos
        found = bool(role_rule(state, silent))
        if found and not silent:
            state.tokens[-1].meta["rri_pos"] = start
        return found

    ruler.at("myst_role", located_role)
    return md


@lru_cache(maxsize=64)
def find_roles(
    content: str, first_line: int, extensions: tuple[str, ...]
) -> tuple[tuple[int, str, str], ...]:
    """(line, name, text) of each role in a paragraph's text, found exactly as MyST
    finds them (code spans, backslashes and backtick runs included), each at the line
    it starts on; ``first_line`` is the line of the text's first line.

    Remembered for the last paragraphs read: the build asks once per role in a
    paragraph, and a paragraph is parsed once however many roles it holds."""
    found = []
    for token in _inline_parser(extensions).parseInline(content):
        for child in token.children or []:
            if child.type == "myst_role":
                line = first_line + content.count("\n", 0, child.meta.get("rri_pos", 0))
                found.append((line, str(child.meta.get("name", "")), child.content))
    return tuple(found)


def myst_paragraph_end(lines: list[str], start: int, extensions: tuple[str, ...]) -> int:
    """The index after the last line of the Markdown paragraph that starts at
    ``lines[start]``: at the first blank line, or earlier where a block that may
    interrupt a paragraph begins (a fence, a heading, a quote), as MyST's block parser
    reads the lines."""
    end = start
    while 0 <= end < len(lines) and lines[end].strip():
        end += 1
    if end - start < 2:
        return end
    block = lines[start:end]
    indent = min(len(x) - len(x.lstrip(" ")) for x in block)
    tokens = _markdown_parser(extensions).parse("\n".join(x[indent:] for x in block))
    first = tokens[0] if tokens else None
    if first is not None and first.type == "paragraph_open" and first.map and first.map[0] == 0:
        return min(end, start + first.map[1])
    return end


def find_task_roles(
    content: str, first_line: int, extensions: tuple[str, ...]
) -> list[tuple[int, str]]:
    """(line, target) of each task role in a paragraph's text (see :func:`find_roles`)."""
    return [
        (line, role_target(text))
        for line, name, text in find_roles(content, first_line, extensions)
        if name.lower() == "rri:task"
    ]


def _myst_roles(content: str, first_line: int, ctx: Context, extensions: tuple[str, ...]) -> None:
    for line, name, text in find_roles(content, first_line, extensions):
        if name.lower() == "rri:task":
            ctx.recorder.add_task_ref(role_target(text), line, ctx.included)
        elif name.lower() not in ctx.local_roles and ctx.names.reports_role(name):
            ctx.unknown("role", name, line, f"{{{name}}}`")


def _myst_fence(
    token: Any, line_offset: int, ctx: Context, depth: int, extensions: tuple[str, ...]
) -> None:
    start = line_offset + token.map[0] + 1  # 1-based line of the opening fence
    end = line_offset + token.map[1]
    match = _DIRECTIVE_INFO.match(token.info.strip())
    if not match and token.type == "colon_fence":
        # MyST renders a colon fence that names no directive as a <div> of Markdown.
        _scan_myst(token.content, start, ctx, depth + 1, extensions)
        return
    if not match:
        ctx.note_code((start, end))
        return
    written, first_line = match.group(1), match.group(2) or ""
    # Names are looked up in lower case, by docutils and Sphinx alike.
    name = written.lower()
    if guarded_name(name, ctx) != name:
        name = written = guarded_name(name, ctx)
    if (
        ctx.sandbox is not None
        and name in SANDBOX_DIRECTIVES
        and _sandbox_myst_directive(name, first_line, token.content, start, ctx)
    ):
        return
    if _refused_code(name, start, ctx):
        ctx.note_code((start, end))
        return
    if name == "role":
        _define_role(first_line, _options_of(token.content)[0], start, ctx)
        ctx.note_code((start, end))
        return
    if name == "eval-rst" and token.type != "colon_fence":
        # MyST reads the body as reStructuredText, its lines those of the page: the
        # contract's directives and roles in it, and the sandbox's rules.
        _scan_rst(token.content.split("\n"), start, ctx, depth + 1)
        ctx.note_code((start, end))
        return
    if name in LITERAL_DIRECTIVES:
        ctx.note_code((start, end))
        return
    if not _DIRECTIVE_NAME.fullmatch(written) or ctx.names.reports_directive(written):
        # A name no extension defines, or none can have (``{task-card}{x}``): the build
        # reports it and reads nothing inside it.
        ctx.unknown("directive", written, start, f"{{{written}}}")
        ctx.note_code((start, end))
        return
    if name == "include":
        include_options, rest = _options_of(token.content)
        if not any(x.strip() for x in rest):  # an include takes no content
            _follow_include(
                first_line, ctx, depth, extensions, start, rst=False, options=include_options
            )
        return
    if name not in DIRECTIVES:
        # Someone else's directive (a note, a dropdown): its content may hold ours.
        from ..contract.directive_specs import directive_specs

        spec = directive_specs().get(name)
        if spec is not None and not spec[4]:
            # No options: MyST looks for no option block, and all of it is content.
            body_lines, body_offset = token.content.split("\n"), 0
        else:
            body_lines, body_offset = split_generic_options(token.content)
        if spec is not None and not (spec[0] or spec[1]) and first_line.strip():
            # A directive that takes no argument (a note, a tab): MyST reads the text
            # after the name as the first line of content, and counts the lines from
            # one before where the content would start.
            body_lines, body_offset = [first_line, *body_lines], body_offset - 1
        with ctx.tab_scope(name, start):
            _scan_myst("\n".join(body_lines), start + body_offset, ctx, depth + 1, extensions)
        return
    argument, options, body_lines, body_start = directive_parts(
        name, first_line, token.content, start
    )
    body = "\n".join(body_lines)
    record = ctx.recorder.open(name, start, argument, options, body.strip(), ctx.included)
    stray = _scan_children(body, body_start - 1, ctx, depth, extensions, name)
    ctx.recorder.close(record, end, stray_content=stray)


def directive_parts(
    name: str, first_line: str, content: str, start: int
) -> tuple[str, dict[str, str], list[str], int]:
    """A contract directive's argument, options, body lines and the line of its first
    body line, as MyST's ``parse_directive_text`` splits them; ``start`` is the line of
    the opening fence. Plain ``:key: value`` options are read here (see
    :func:`simple_directive_parts`); anything else is left to MyST's own parser."""
    simple = simple_directive_parts(TAKES_ARGUMENT[name], first_line, content)
    if simple is not None:
        arguments, options, body_lines, offset = simple
        return " ".join(arguments), options, body_lines, start + 1 + offset
    from myst_parser.parsers.directives import MarkupError, parse_directive_text

    try:
        parsed = parse_directive_text(_spec_class(name), first_line, content, line=start)
    except MarkupError:
        return first_line, {}, content.split("\n"), start + 1
    options = {str(k): ("" if v is None else str(v)) for k, v in parsed.options.items()}
    return " ".join(parsed.arguments), options, parsed.body, start + 1 + parsed.body_offset


#: One line of a ``:key: value`` option block, once MyST has taken its ``:`` off, that
#: MyST's option tokenizer reads as one key and a plain value on that line alone: a key
#: of letters, digits, ``_`` and ``-`` right at the start, ``:``, then nothing, or blanks
#: and a value that does not begin with what opens a quoted or block value or a comment.
_SIMPLE_OPTION = re.compile(r"([A-Za-z0-9_-]+):(?: +([^ #|>'\"].*?))? *")


def simple_directive_parts(
    takes_argument: bool, first_line: str, content: str
) -> tuple[list[str], dict[str, str], list[str], int] | None:
    """What ``myst_parser.parsers.directives.parse_directive_text`` gives for one of the
    contract's directives (its option spec takes any option and keeps each value
    stripped, an argument may hold blanks), as (arguments, options, body lines, body
    offset), computed the same way step by step, or None when the option block holds
    anything but simple lines (``---`` YAML, quoted, block or continued values,
    comments, tabs, characters that are not printable), which MyST's tokenizer is left
    to read. ``tests/test_option_parts.py`` compares both over every directive in the
    case files, ``content/`` and ``docs/``, and over generated option blocks."""
    if content.startswith("---"):
        return None
    options: dict[str, str] = {}
    option_line_count = 0
    if content.lstrip().startswith(":"):
        content_lines = content.splitlines()
        count = 0
        while count < len(content_lines) and _is_option_line(content_lines[count]):
            line = content_lines[count].lstrip()[1:]
            match = _SIMPLE_OPTION.fullmatch(line)
            if match is None:
                return None
            value = match.group(2)
            if value is not None and (" #" in value or not value.isprintable()):
                return None
            # As MyST: an empty value is None to the converter, which gives "".
            options[match.group(1)] = value.strip() if value else ""
            count += 1
        option_line_count = count
        content = "\n".join(content_lines[count:])
    body_lines = content.splitlines()
    offset = option_line_count
    if not takes_argument:
        if first_line.strip():
            body_lines.insert(0, first_line)
            offset -= 1
        arguments: list[str] = []
    else:
        arguments = first_line.split()
        if len(arguments) > 1:
            arguments = first_line.split(None, 0)
    if body_lines and not body_lines[0].strip():
        body_lines = body_lines[1:]
        offset += 1
    return arguments, options, body_lines, offset


def _scan_children(
    body: str, line_offset: int, ctx: Context, depth: int, extensions: tuple[str, ...], name: str
) -> bool:
    """Read a contract directive's body; return True if it holds stray content."""
    if name != "illustrative-example":
        _scan_myst(body, line_offset, ctx, depth + 1, extensions)
        return False
    tokens = _body_tokens(body, line_offset, ctx, extensions)
    stray = False
    level = 0
    for token in tokens:
        if level == 0 and token.type not in ("fence", "colon_fence", "html_block"):
            stray = True
        if level == 0 and token.type == "html_block" and not is_html_comment(token.content):
            stray = True
        if level == 0 and token.type in ("fence", "colon_fence"):
            info = _DIRECTIVE_INFO.match(token.info.strip())
            if not info or info.group(1).lower() != "example":
                stray = True
        level += token.nesting
    _scan_myst(body, line_offset, ctx, depth + 1, extensions, tokens)
    return stray


def _is_option_line(line: str) -> bool:
    # As MyST reads it: ":key: value", but not a nested colon fence (":::").
    stripped = line.lstrip()
    return stripped.startswith(":") and not stripped.startswith(":::")


def split_generic_options(content: str) -> tuple[list[str], int]:
    """Skip the option block of a directive that is not ours, as MyST would."""
    lines = content.split("\n")
    if lines and lines[0].startswith("---"):
        for index in range(1, len(lines)):
            if lines[index].startswith("---"):
                return lines[index + 1 :], index + 1
        return [], len(lines)
    count = 0
    while count < len(lines) and _is_option_line(lines[count]):
        count += 1
    return lines[count:], count


# -- reStructuredText ---------------------------------------------------------------------

#: A directive as docutils finds one (a space before ``::`` is allowed).
_RST_DIRECTIVE = re.compile(rf"^(\s*)\.\.\s+({_DIRECTIVE_NAME.pattern}) ?::(?:\s+(.*))?$")
_RST_OPTION = re.compile(r"^:([\w-]+):(?:\s+(.*))?$")
#: A role with its name first (``:name:`text```), where docutils' inline markup may
#: start: at the start of the text or after a space or opening punctuation.
RST_ANY_ROLE = re.compile(
    r"(?:^|(?<=[\s'\"(\[{<\-/]))"
    r":((?:(?!_)\w)+(?:[-.+:](?:(?!_)\w)+)*):`(?=\S)"
)


def _scan_rst(lines: list[str], line_offset: int, ctx: Context, depth: int) -> None:
    """Read reStructuredText ``lines``; ``line_offset`` is the file line of ``lines[0]`` - 1."""
    if depth > ctx.max_nesting:
        _nested_too_deep(ctx, line_offset + 1)
        return
    if depth == 0 or any("\t" in line for line in lines):
        # As docutils reads its input: tabs to the next multiple of eight columns, and
        # no blanks at the ends of lines.
        lines = [line.expandtabs(8).rstrip() for line in lines]
    index = 0
    literal_next = False
    literal_indent = 0
    run: list[str] = []  # the lines of the text block being read, for the sandbox
    run_start = 0
    paragraph_start = paragraph_end = 0  # the text block whose roles are read
    paragraph_roles: list[tuple[int, str, str]] = []
    while index < len(lines):
        line = lines[index]
        if (
            ctx.sandbox is not None
            and run
            and (
                not line.strip()  # a blank line ends every text block
                or (not _continues_block(run[-1], line) and not _continues_paragraph(lines, index))
            )
        ):
            _sandbox_rst_block(run, line_offset + run_start + 1, ctx)
            run = []
        if (
            literal_next
            and line[literal_indent : literal_indent + 1] in _RST_QUOTES
            and _indent(line) == literal_indent
            and index > 0
            and not lines[index - 1].strip()
        ):
            # A quoted literal block: after "::", lines that start with the same
            # punctuation at the paragraph's indent (".. task-card::" among them).
            quote = line[literal_indent]
            block_end = index
            while block_end < len(lines) and lines[block_end][literal_indent:].startswith(quote):
                block_end += 1
            ctx.note_code((line_offset + index + 1, line_offset + block_end))
            index = block_end
            literal_next = False
            continue
        # An indented block after "::" is literal, directives and comments too.
        if literal_next and line.strip() and _indent(line) > literal_indent:
            block_end = _block_end(lines, index, literal_indent)
            ctx.note_code((line_offset + index + 1, line_offset + block_end))
            index = block_end
            literal_next = False
            continue
        match = _RST_DIRECTIVE.match(line)
        if (match or _RST_COMMENT.match(line)) and _continues_paragraph(lines, index):
            match = None  # docutils reads it as more text of the paragraph above
        elif match:
            index = _rst_directive(lines, index, match, line_offset, ctx, depth)
            literal_next = False
            continue
        elif _RST_COMMENT.match(line):
            # A comment, and the lines indented below it: no reader sees them (a lone
            # ".." before a blank line is an empty comment and holds nothing).
            empty = not line.strip()[2:].strip() and (
                index + 1 >= len(lines) or not lines[index + 1].strip()
            )
            block_end = index + 1 if empty else _block_end(lines, index + 1, _indent(line))
            ctx.note_code((line_offset + index + 1, line_offset + block_end))
            index = block_end
            literal_next = False
            continue
        if line.strip():
            literal_next = line.rstrip().endswith("::") and not _starts_a_definition(lines, index)
            literal_indent = _body_indent(line)
            if ctx.sandbox is not None:
                if not run:
                    run_start = index
                run.append(line)
            if ":`" in line or "`:" in line:
                if index >= paragraph_end:
                    paragraph_start, paragraph_end = rst_paragraph(lines, index)
                    paragraph_roles = rst_paragraph_roles(lines[paragraph_start:paragraph_end])
                for offset, name, text in paragraph_roles:
                    if offset != index - paragraph_start:
                        continue
                    if name.lower() == "rri:task":
                        target = role_target(text, "\\")
                        ctx.recorder.add_task_ref(target, line_offset + index + 1, ctx.included)
                    elif name.lower() not in ctx.local_roles and ctx.names.reports_role(name):
                        ctx.unknown("role", name, line_offset + index + 1, f":{name}:`")
        index += 1
    if run:
        _sandbox_rst_block(run, line_offset + run_start + 1, ctx)


def _body_indent(line: str) -> int:
    """The column where the text of ``line`` starts: after a bullet, an enumerator or a
    field's name when the line starts a list item or a field (a literal block that its
    ``::`` opens belongs in that item, further right), else its indentation."""
    indent = _indent(line)
    marker = _RST_ITEM_MARKER.match(line, indent)
    return marker.end() if marker and marker.end() < len(line) else indent


def _starts_a_definition(lines: list[str], index: int) -> bool:
    """Whether ``lines[index]`` is the term of a definition list item for docutils: the
    first line of a text block with a line indented further right below it. A line
    that ends in ``::`` there opens no literal block; the indented lines are the
    definition, read as any text."""
    following = lines[index + 1] if index + 1 < len(lines) else ""
    if not following.strip() or _indent(following) <= _indent(lines[index]):
        return False
    if index == 0:
        return True
    previous = lines[index - 1]
    return not previous.strip() or _indent(previous) != _indent(lines[index])


def _continues_paragraph(lines: list[str], index: int) -> bool:
    """Whether ``lines[index]`` goes on the paragraph of the line before it, as docutils
    reads it: explicit markup (``.. name::``, a comment) starts a block only at the start
    of the text or after a blank line or another block, so right after a line of a
    paragraph at the same indentation it is more text of that paragraph."""
    if index == 0:
        return False
    previous = lines[index - 1]
    text = previous.strip()
    if not text or _indent(previous) != _indent(lines[index]):
        return False
    if _RST_BLOCK_START.match(previous) or text == "|":
        return False  # a list item, explicit markup, an empty line of a line block
    if _RST_RULE.fullmatch(text):
        return _rule_is_text(lines, index - 1)
    if text[0] in ":|" or text.startswith(">>>"):
        return False  # a field, a line block, a doctest
    # Other lines of punctuation are a table's border.
    return any(c.isalnum() for c in text)


#: A line of one punctuation character repeated: a section title's underline or
#: overline, or a transition, when docutils does not read it as text.
_RST_RULE = re.compile(r"([!-/:-@\[-`{-~])\1*")


def _rule_is_text(lines: list[str], index: int) -> bool:
    """Whether the line of punctuation ``lines[index]`` is text of a paragraph for
    docutils: a line shorter than four characters that would start a transition or a
    title above its text, or underline a longer title (docutils says it treats it "as
    ordinary text because it's so short"), or any such line after the second line of
    a paragraph, which docutils reads as one block of text."""
    indent = _indent(lines[index])
    start = index
    while start > 0 and lines[start - 1].strip() and _indent(lines[start - 1]) == indent:
        start -= 1
    marker = lines[index].strip()
    if start == index:
        return len(marker) < 4
    first = lines[start].strip()
    if _RST_RULE.fullmatch(first):
        return len(first) < 4  # a short overline: the block is text
    if index - start == 1:
        return len(marker) < 4 and _column_width(first) > len(marker)
    return True


def _column_width(text: str) -> int:
    """The width docutils gives a title: East Asian wide characters count twice."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


#: A line that starts a new body element: a list item, an explicit markup block.
_RST_BLOCK_START = re.compile(r"\s*(?:[-*+\u2022\u2023\u2043]|\d+[.)]|#[.)]|\(\w+\)|\.\.)(?:\s|$)")


def _continues_block(previous: str, line: str) -> bool:
    """Whether ``line`` goes on the text block (a paragraph, a target) that ``previous``
    ends, as docutils reads them: the same indentation, or further in after the start
    of a list item or an explicit markup block, and not the start of another one."""
    if not line.strip() or (_RST_BLOCK_START.match(line) and _indent(line) <= _indent(previous)):
        return False
    if _indent(line) == _indent(previous):
        return True
    return _indent(line) > _indent(previous) and bool(_RST_BLOCK_START.match(previous))


#: What may quote a literal block in docutils (non-alphanumeric printable ASCII).
_RST_QUOTES = frozenset(chr(c) for c in range(33, 127) if not chr(c).isalnum())

#: An explicit markup block that is none of docutils' constructs: a comment.
_RST_COMMENT = re.compile(
    rf"^\s*\.\.(?:\s|$)(?!\s*(?:_|\||\[|{_DIRECTIVE_NAME.pattern} ?::(?:\s|$)))"
)

#: An inline literal (````text````), whose roles are text.
_RST_LITERAL = re.compile(r"``(?=\S).*?(?<=\S)``")


def rst_paragraph(lines: list[str], index: int) -> tuple[int, int]:
    """The lines ``lines[start:end]`` of the text block that holds ``lines[index]``: what
    docutils gives its inline parser as one paragraph (inline markup never crosses it)."""
    start = index
    while start > 0 and _goes_on(lines, start):
        start -= 1
    end = index + 1
    while end < len(lines) and _goes_on(lines, end):
        end += 1
    return start, end


def _goes_on(lines: list[str], index: int) -> bool:
    """Whether ``lines[index]`` is more text of the block the line above it is in: a
    field's text goes on over lines indented further than its name, as a list item's."""
    previous, line = lines[index - 1], lines[index]
    if _continues_block(previous, line) or _continues_paragraph(lines, index):
        return True
    return (
        bool(line.strip())
        and _indent(previous) < _indent(line)
        and bool(_FIELD_MARKER.match(previous, _indent(previous)))
    )


#: What may follow the backtick that ends a role for docutils, among ASCII characters
#: (its end-string rule; other characters send a paragraph to docutils' own parser).
_RST_ROLE_END = frozenset(" \t\n-./:;,!?)]}>'\"")


def rst_paragraph_roles(block: list[str]) -> list[tuple[int, str, str]]:
    """(offset, name, text) of each role docutils reads in the paragraph ``block``
    (the lines of one text block), ``offset`` being the index of the line it starts on.

    A paragraph whose only inline markup is plain roles and inline literals is read
    line by line; one that also holds emphasis, a substitution, other backticks or an
    escape, which may hide a role or end one elsewhere, goes through docutils' own
    inline parser, so that a role inside ``*emphasis*`` is text, as the build sees it.
    """
    found = [
        (offset, name, text)
        for offset in range(len(block))
        if ":`" in block[offset]
        for name, text in rst_roles(block, offset)
    ]
    if not found and not any(":`" in line or "`:" in line for line in block):
        return found
    joined = "\n".join(line.strip() for line in block)
    if "*" in joined or "|" in joined or "\\" in joined:
        return _docutils_roles(joined)
    plain = _RST_LITERAL.sub("", joined) if "``" in joined else joined
    if plain.count("`") != 2 * len(found):
        return _docutils_roles(joined)
    for match in RST_ANY_ROLE.finditer(plain):
        close = plain.find("`", match.end())
        after = plain[close + 1 : close + 2]
        if close < 0 or plain[close - 1].isspace() or (after and after not in _RST_ROLE_END):
            return _docutils_roles(joined)
    return found


def _docutils_roles(text: str) -> list[tuple[int, str, str]]:
    """The roles docutils' inline parser reads in a paragraph's ``text`` (lines joined by
    line breaks): (line offset, name, text as written)."""
    recorder = _role_recorder()
    recorder.found = []
    recorder.length = len(text)
    inliner, memo = recorder, recorder.memo
    try:
        from docutils import nodes

        inliner.parse(text, 1, memo, nodes.paragraph())
    except Exception:  # docutils' own parser failing on a page's text: no role read
        return []
    return [(text.count("\n", 0, at), name, written) for at, name, written in recorder.found]


@cache
def _role_recorder() -> Any:
    """docutils' inline parser, made to note each role it reads (where it starts, its
    name and its text) instead of running it."""
    from types import MethodType

    from docutils.parsers.rst.states import Inliner

    recorder = Inliner()  # docutils builds its patterns from the class's own names
    _, recorder.memo = _docutils_inliner()
    recorder.init_customizations(recorder.memo.document.settings)
    recorder.found, recorder.length, recorder.at = [], 0, 0

    def interpreted_or_phrase_ref(self: Any, match: re.Match[str], lineno: int) -> Any:
        self.at = self.length - len(match.string) + match.start()
        return Inliner.interpreted_or_phrase_ref(self, match, lineno)

    def interpreted(self: Any, rawsource: str, text: str, role: str, lineno: int) -> Any:
        if role:
            self.found.append((self.at, role, text.replace("\x00", "\\")))
        return [], []

    recorder.dispatch = {**Inliner.dispatch, "`": interpreted_or_phrase_ref}
    recorder.interpreted = MethodType(interpreted, recorder)
    return recorder


def rst_roles(lines: list[str], index: int) -> list[tuple[str, str]]:
    """(name, text) of each role that starts on ``lines[index]``, where docutils'
    inline markup may start, outside inline literals; a role's text may go on over the
    next lines of its paragraph, to the closing backtick."""
    line = lines[index]
    if ":`" not in line:
        return []
    if "``" in line:
        line = _RST_LITERAL.sub(lambda m: " " * len(m.group()), line)
    found = []
    for role in RST_ANY_ROLE.finditer(line):
        rest = line[role.end() :]
        close = rest.find("`")
        following = index + 1
        while close < 0 and following < len(lines) and lines[following].strip():
            rest += "\n" + lines[following].strip()
            close = rest.find("`")
            following += 1
        if close > 0:
            found.append((role.group(1), rest[:close]))
    return found


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _block_end(lines: list[str], start: int, parent_indent: int) -> int:
    """First index after the block of lines indented more than ``parent_indent``: as
    for docutils, a line is indented only if it starts with a space (a no-break space
    is text)."""
    index = start
    last = start - 1
    while index < len(lines):
        line = lines[index]
        if line.strip():
            if _indent(line) <= parent_indent or line[0] != " ":
                break
            last = index
        index += 1
    return last + 1


def _rst_directive(
    lines: list[str], index: int, match: re.Match[str], line_offset: int, ctx: Context, depth: int
) -> int:
    indent = len(match.group(1))
    written = match.group(2)
    name = written.lower()  # docutils looks names up in lower case
    if guarded_name(name, ctx) != name:
        name = written = guarded_name(name, ctx)
    first = (match.group(3) or "").strip()
    end = _block_end(lines, index + 1, indent)
    start_line = line_offset + index + 1
    block = lines[index + 1 : end]
    inner_indent = min((_indent(x) for x in block if x.strip()), default=indent + 3)
    block = [x[inner_indent:] if x.strip() else "" for x in block]
    # The argument may continue on the lines after the directive, up to an option or blank.
    position = 0
    while (
        position < len(block) and block[position].strip() and not _RST_OPTION.match(block[position])
    ):
        if TAKES_ARGUMENT.get(name, True):
            first = f"{first}\n{block[position]}".strip()
            position += 1
        else:
            break
    options: dict[str, str] = {}
    options_from = position
    while position < len(block) and _RST_OPTION.match(block[position]):
        option = _RST_OPTION.match(block[position])
        assert option is not None
        options[option.group(1).lower()] = (option.group(2) or "").strip()
        position += 1
    while position < len(block) and not block[position].strip():
        position += 1
    body_lines = block[position:]
    body_offset = line_offset + index + 1 + position  # file line of body_lines[0] - 1
    if _refused_code(name, start_line, ctx):
        ctx.note_code((start_line, line_offset + end))
        return end
    if ctx.sandbox is not None and name in SANDBOX_DIRECTIVES:
        # A meta directive's fields look like options: judge all its lines.
        judged = [x for x in block if x.strip()] if name == "meta" else body_lines
        if _sandbox_directive(name, first, options, judged, start_line, ctx):
            return end
    if name in LITERAL_DIRECTIVES:
        ctx.note_code((start_line, line_offset + end))
        return end
    if name == "role":
        _define_role(first, options, start_line, ctx)
        return end
    if ctx.names.reports_directive(written):
        ctx.unknown("directive", written, start_line, f"{written}::")
        ctx.note_code((start_line, line_offset + end))
        return end
    if name == "include":
        # An include takes no content, and docutils refuses an option block it cannot
        # read (an option given twice, say): then nothing is included.
        refused = isinstance(_rst_options(name, block[options_from:position]), str)
        if not body_lines and not refused:
            _follow_include(first, ctx, depth, (), start_line, rst=True, options=options)
        return end
    if name not in DIRECTIVES:
        from ..contract.directive_specs import directive_specs

        spec = directive_specs().get(name)
        if spec is not None:
            # docutils', Sphinx's or sphinx-tabs': split as docutils splits it.
            split = other_directive_content((match.group(3) or "").strip(), block, spec)
            if split is None:  # docutils refuses it, and the build reads nothing in it
                ctx.note_code((start_line, line_offset + end))
                return end
            body_lines, content_index = split
            body_offset = line_offset + index + content_index
        with ctx.tab_scope(name, start_line):
            _scan_rst(body_lines, body_offset, ctx, depth + 1)
        return end
    parts = rst_directive_parts(name, (match.group(3) or "").strip(), block)
    if isinstance(parts, str):
        # docutils refuses the directive with its own error and reads nothing of it.
        page = ctx.recorder.page
        source = ctx.included or page.source
        page.reader_problems.append(
            Diagnostic(page.docname, start_line, Subtype.OPTION, parts, source)
        )
        ctx.note_code((start_line, line_offset + end))
        return end
    argument, options, body_lines, body_index = parts
    body_offset = line_offset + index + body_index  # file line of body_lines[0] - 1
    body = "\n".join(body_lines).strip()
    record = ctx.recorder.open(name, start_line, argument, options, body, ctx.included)
    stray = False
    if name == "illustrative-example":
        stray = _rst_stray(body_lines)
    _scan_rst(body_lines, body_offset, ctx, depth + 1)
    ctx.recorder.close(record, line_offset + end, stray_content=stray)
    return end


#: docutils' field marker (``Body.patterns["field_marker"]``): how an option line starts.
_FIELD_MARKER = re.compile(r":(?![: ])([^:\\]|\\.|:(?!([ `]|$)))*(?<! ):( +|$)")
#: What starts a list item or a field before its text: the body's column is after it.
_RST_ITEM_MARKER = re.compile(
    r"(?:[-*+\u2022\u2023\u2043]|\d+[.)]|#[.)]|\(\w+\)|"
    + _FIELD_MARKER.pattern.removesuffix("( +|$)")
    + r")(?: +|$)"
)


def _dedent(lines: list[str]) -> list[str]:
    indent = min((_indent(x) for x in lines if x.strip()), default=0)
    return [x[indent:] for x in lines]


def _rst_options(name: str, block: list[str]) -> dict[str, str] | str:
    """The options of a contract directive's option block, read as docutils reads
    extension options, or the message for a block docutils refuses."""
    options: dict[str, str] = {}
    index = 0
    while index < len(block):
        marker = _FIELD_MARKER.match(block[index])
        if marker is None:
            return (
                f"{name}: invalid option block: a line that is not an option follows the "
                "options; leave a blank line before the content (the directive is not read)"
            )
        field = marker.group()[1:]
        field = re.sub(r"\\(.)", r"\1", field[: field.rfind(":")])
        rest = [block[index][marker.end() :]]
        index += 1
        more = []
        while index < len(block) and block[index].startswith(" "):
            more.append(block[index])
            index += 1
        if len(field.split()) != 1:
            return (
                f"{name}: option name ':{field}:' has more than one word "
                "(the directive is not read)"
            )
        key = field.lower()
        if key in options:
            return f"{name}: option ':{key}:' is given twice (the directive is not read)"
        value = "\n".join(x for x in [*rest, *_dedent(more)] if x.strip())
        options[key] = value.strip()
    return options


def rst_directive_parts(
    name: str, first: str, block: list[str]
) -> tuple[str, dict[str, str], list[str], int] | str:
    """(argument, options, content lines, index of the content's first line) of a
    contract directive, split as docutils' ``parse_directive_block`` splits it; or the
    message for an option block docutils refuses. ``first`` is the text after ``::``,
    ``block`` the directive's lines below it without their common indent; index 0 is
    the directive's own line."""
    lines = [first, *block]
    start = 1 if not lines[0].strip() else 0
    stop = len(lines)
    while stop > start and not lines[stop - 1].strip():
        stop -= 1
    blank = next((i for i in range(start, stop) if not lines[i].strip()), stop)
    arg_block = list(range(start, blank))
    found = next((i for i in arg_block if _FIELD_MARKER.match(lines[i])), None)
    options: dict[str, str] = {}
    if found is not None:
        read = _rst_options(name, [lines[i] for i in range(found, blank)])
        if isinstance(read, str):
            return read
        options = read
        arg_block = list(range(start, found))
    content_start = blank + 1
    argument = ""
    if TAKES_ARGUMENT[name]:
        argument = "\n".join(lines[i] for i in arg_block).strip()
    elif arg_block:
        # No argument: what stands before the options is content (the options' lines
        # are left out, kept here as blank lines so that lines keep their numbers).
        content_start = start
    if found is not None and content_start == start:
        content = ["" if found <= i < blank else lines[i] for i in range(content_start, stop)]
    else:
        content = lines[content_start:stop]
    while content and not content[0].strip():
        content = content[1:]
        content_start += 1
    return argument, options, content, content_start


def _refused_value(kind: str, value: str) -> bool:
    """Whether docutils' converter of this kind (``contract.directive_specs``) refuses
    the value of an option (an option written without one is ``""``)."""
    if kind == "flag":
        return bool(value.strip())
    if kind == "required":
        return not value
    if kind == "class":
        if not value:
            return True
        from docutils.nodes import make_id

        return any(not make_id(word) for word in value.split())
    if kind.startswith("int"):
        try:
            number = int(value)
        except ValueError:
            return True
        return (kind == "int>=0" and number < 0) or (kind == "int>0" and number < 1)
    return False


def other_directive_content(
    first: str, block: list[str], spec: tuple[int, int, bool, bool, dict[str, str]]
) -> tuple[list[str], int] | None:
    """(content lines, index of the first one) of a directive of docutils, Sphinx or
    sphinx-tabs, split as docutils' ``parse_directive_block`` splits it by the
    directive's spec (``index 0`` is the directive's own line); None when docutils
    refuses the directive (an unknown option or a value its converter refuses, too few
    or too many arguments, content where none is allowed)."""
    required, optional, spaces, has_content, option_kinds = spec
    takes_argument = bool(required or optional)
    lines = [first, *block]
    start = 1 if not lines[0].strip() else 0
    stop = len(lines)
    while stop > start and not lines[stop - 1].strip():
        stop -= 1
    blank = stop
    arg_block: list[int] = []
    found = None
    if start < stop and (takes_argument or option_kinds):
        blank = next((i for i in range(start, stop) if not lines[i].strip()), stop)
        arg_block = list(range(start, blank))
        content_start = blank + 1
    else:
        content_start = start
    if option_kinds:
        found = next((i for i in arg_block if _FIELD_MARKER.match(lines[i])), None)
        if found is not None:
            read = _rst_options("", [lines[i] for i in range(found, blank)])
            if isinstance(read, str):
                return None
            for key, value in read.items():
                kind = option_kinds.get(key)
                if kind is None or _refused_value(kind, value):
                    return None
            arg_block = list(range(start, found))
    if arg_block and not takes_argument:
        content_start = start  # what stands before the options is content
    elif takes_argument:
        words = "\n".join(lines[i] for i in arg_block).split()
        if len(words) < required or (len(words) > required + optional and not spaces):
            return None
    if found is not None and content_start == start:
        # The options' lines are left out of the content, and the lines after them
        # keep their own positions (the build looks each line up in the directive's
        # content): blank lines in their place keep every line where it is written.
        content = ["" if found <= i < blank else lines[i] for i in range(content_start, stop)]
    else:
        content = lines[content_start:stop]
    while content and not content[0].strip():
        content = content[1:]
        content_start += 1
    if content and not has_content:
        return None
    return content, content_start


def refused_option_block(name: str, block_text: str) -> str | None:
    """The message for a contract directive's option block that docutils refuses, from
    the directive's text (``.. name:: ...`` and the lines below it), or None."""
    lines = block_text.expandtabs(8).split("\n")
    match = _RST_DIRECTIVE.match(lines[0].rstrip()) if lines else None
    if match is None:
        return None
    block = [x.rstrip() for x in lines[1:]]
    indent = min((_indent(x) for x in block if x.strip()), default=0)
    block = [x[indent:] if x.strip() else "" for x in block]
    parts = rst_directive_parts(name, (match.group(3) or "").strip(), block)
    return parts if isinstance(parts, str) else None


def _rst_stray(body_lines: list[str]) -> bool:
    index = 0
    while index < len(body_lines):
        line = body_lines[index]
        if not line.strip():
            index += 1
            continue
        match = _RST_DIRECTIVE.match(line)
        if match and match.group(2) == "example":
            index = _block_end(body_lines, index + 1, 0)
            continue
        if line.startswith("..") and not match:  # a comment
            index = _block_end(body_lines, index + 1, 0)
            continue
        if line.strip() == "::" and (index + 1 == len(body_lines) or not body_lines[index + 1]):
            index += 1  # a paragraph of only "::" is no text for docutils (it announces
            continue  # a literal block, which is stray content if one follows)
        return True
    return False


# -- depth ----------------------------------------------------------------------------------

#: What opens a nested block at the start of a reStructuredText line, after its indent:
#: a bullet, an enumerator, a directive, a line block or a field marker. "- - x" is a
#: list in a list; ".. note:: .. note:: x" a note in a note.
_RST_NESTING_MARKER = re.compile(
    r"(?:[-*+\u2022\u2023\u2043]|\(?(?:\d+|#|[a-zA-Z]|[ivxlcdmIVXLCDM]+)[.)]"
    r"|\.\.[ \t]+[\w:.+-]+::|\||:[^:\s][^:]*:)(?:[ \t]+|$)"
)


def rst_too_deep(lines: list[str], first_line: int, limit: int) -> int | None:
    """The line where reStructuredText ``lines`` nest deeper than ``limit`` blocks, or
    None. ``first_line`` is the file line of ``lines[0]``.

    Counted in one pass, as docutils would nest them: each deeper indentation is a block
    inside the one before (a block quote, a list item's body, a directive's content),
    and each marker that opens a block at the start of a line adds one more. docutils
    reads nested blocks by recursion, so a page of a few kilobytes nested thousands deep
    exhausted Python's stack; both gates stop at the limit instead."""
    indents: list[int] = []
    for number, line in enumerate(lines, first_line):
        if not line.strip():
            continue
        expanded = line.expandtabs(8) if "\t" in line else line
        text = expanded.lstrip(" ")
        indent = len(expanded) - len(text)
        while indents and indents[-1] > indent:
            indents.pop()
        if not indents or indents[-1] < indent:
            indents.append(indent)
        depth = len(indents) - 1
        position = indent
        while depth <= limit:
            marker = _RST_NESTING_MARKER.match(expanded, position)
            if marker is None or marker.end() == position:
                break
            depth += 1
            position = marker.end()
        if depth > limit:
            return number
    return None


_DELIMITER_RUN = re.compile(r"\*+|_+")


def emphasis_depth(text: str) -> int:
    """How deep emphasis nests in a paragraph of Markdown, counted from its delimiter
    runs in one pass: a run that can only open (``*a``) goes one level in, per two
    characters; one that can only close (``a*``) comes out again. A run that may do
    either (``a*b``) is left alone, so the count is what CommonMark pairs at most."""
    depth = deepest = 0
    for run in _DELIMITER_RUN.finditer(text):
        before = text[run.start() - 1] if run.start() else " "
        after = text[run.end()] if run.end() < len(text) else " "
        opens = not after.isspace() and (
            after.isalnum() or before.isspace() or not before.isalnum()
        )
        closes = not before.isspace() and (
            before.isalnum() or after.isspace() or not after.isalnum()
        )
        levels = (len(run.group()) + 1) // 2
        if opens and not closes:
            depth += levels
            deepest = max(deepest, depth)
        elif closes and not opens:
            depth = max(0, depth - levels)
    return deepest


def myst_too_deep(lines: list[str], first_line: int, limit: int) -> int | None:
    """The first line of a Markdown paragraph whose emphasis nests deeper than
    ``limit``, or None; and reStructuredText in ``eval-rst`` blocks as above. Only
    paragraphs with more than ``limit`` delimiter characters are looked at."""
    text = "\n".join(lines)
    if text.count("*") + text.count("_") <= limit and "```{eval-rst}" not in text:
        return None  # no paragraph can have more, and there is no block of rST
    start = None
    index = 0
    count = len(lines)
    while index <= count:
        line = lines[index] if index < count else ""
        if index < count and line.lstrip().startswith("```{eval-rst}"):
            fence = line.lstrip()[: len(line.lstrip()) - len(line.lstrip().lstrip("`"))]
            end = index + 1
            while end < count and not lines[end].lstrip().startswith(fence):
                end += 1
            found = rst_too_deep(lines[index + 1 : end], first_line + index + 1, limit)
            if found is not None:
                return found
            index, start = end + 1, None
            continue
        if line.strip() and start is None:
            start = index
        elif not line.strip() and start is not None:
            paragraph = "\n".join(lines[start:index])
            if paragraph.count("*") + paragraph.count("_") > limit and (
                emphasis_depth(paragraph) > limit
            ):
                return first_line + start
            start = None
        index += 1
    return None


def markup_too_deep(lines: list[str], first_line: int, is_rst: bool, limit: int) -> int | None:
    """The line where a page's markup nests deeper than ``limit``, or None."""
    if is_rst:
        return rst_too_deep(lines, first_line, limit)
    return myst_too_deep(lines, first_line, limit)


def nesting_limit(page: Page, line: int, limit: int) -> Diagnostic:
    return Diagnostic(
        page.docname,
        line,
        Subtype.LIMIT,
        f"markup is nested deeper than rri_max_nesting ({limit}); the page is not read",
        page.source,
    )


# -- pages --------------------------------------------------------------------------------


def find_placeholders(
    lines: list[str],
    regex: re.Pattern[str] | None,
    skip: Iterable[tuple[int, int]],
    first_line: int = 1,
) -> list[tuple[int, str]]:
    """(line, text) of placeholder matches outside the ``skip`` spans (inclusive, 1-based)."""
    if regex is None:
        return []
    spans = sorted(skip)
    found = []
    numbers = range(first_line, len(lines) + 1)
    # The lines are searched without a step of Python's between them: most match nothing.
    hits: Iterable[int] = (
        compress(numbers, map(regex.search, lines[first_line - 1 :]))
        if first_line >= 1
        else (number for number in numbers if regex.search(lines[number - 1]))
    )
    for number in hits:
        if any(a <= number <= b for a, b in spans):
            continue
        found.append((number, lines[number - 1].strip()))
    return found


_SEPARATOR_CHARACTERS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_LINE_SEPARATORS = re.compile(f"[{_SEPARATOR_CHARACTERS}]")


def normalise_text(text: str) -> str:
    """Line breaks as Sphinx reads them: "\r\n" and "\r" become "\n"; the other
    characters that Python's ``str.splitlines`` breaks at (form feed, U+2028, ...) become
    spaces, so that no parser counts lines the author does not see."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not any(c in text for c in _SEPARATOR_CHARACTERS):
        return text  # a search for each character is quicker than the expression's
    return _LINE_SEPARATORS.sub(" ", text)


def scan_page(
    text: str,
    docname: str,
    source: str,
    settings: Settings,
    myst_extensions: tuple[str, ...] = (),
    srcdir: Path | None = None,
    names: KnownNames = DEFAULT_NAMES,
    *,
    course_page: bool = False,
) -> Page:
    """Read one page's text into a :class:`Page`; ``course_page`` says that it is a
    course page even when its own text does not show it (its directives may all be in
    files it includes, which are not read without ``srcdir``)."""
    is_rst = source.endswith(".rst")
    page = Page(docname=docname, source=source)
    text = normalise_text(text.removeprefix("\ufeff"))
    fm = read_frontmatter(
        text,
        allow_fields=is_rst,
        max_bytes=settings.max_frontmatter_bytes,
        max_aliases=settings.max_yaml_aliases,
        max_values=settings.max_yaml_values,
        max_nesting=settings.max_nesting,
    )
    apply_frontmatter(page, fm)
    if srcdir is not None:
        sandbox_frontmatter(page, settings)
    lines = text.split("\n")
    ctx = Context(
        PageRecorder(page),
        settings.placeholder_regex,
        settings.max_nesting,
        srcdir=srcdir,
        current=source,
        names=names,
        sandbox=None if srcdir is None or settings.trust_pages else settings,
    )
    start = fm.end_line if fm.present and (fm.kind == "yaml" or not is_rst) else 0
    deep = markup_too_deep(lines[start:], start + 1, is_rst, settings.max_nesting)
    if deep is not None:
        # Both gates read nothing of such a page but its front matter.
        page.reader_problems.append(nesting_limit(page, deep, settings.max_nesting))
    elif is_rst:
        _scan_rst(lines[start:], start, ctx, 0)
    else:
        start = fm.end_line if fm.present else 0
        # The front matter's lines are kept, blank, so that the page's first line is
        # still line 0: a "---" right after the front matter is a rule, not a second
        # front matter block, for MyST as here.
        body = "\n".join([""] * start + lines[start:])
        if ctx.sandbox is not None:
            myst_extensions = (*myst_extensions, PERMIT_LINKS)
        tokens, ctx.state = parse_page(body, myst_extensions)
        if ctx.state is not None:
            ctx.references = dict(ctx.state.env.get("references", {}))
        _scan_myst(body, 0, ctx, 0, myst_extensions, tokens)
        note_fence_slips(page, lines, start)
    if ctx.limit_hit:
        # The build reads nothing of a page nested too deep but its front matter (see
        # sphinxext/events.py): keep only that, and what the reading found.
        problems = page.reader_problems
        page = Page(docname=docname, source=source)
        apply_frontmatter(page, fm)
        page.reader_problems = problems
    if page.is_course_page or course_page:
        skip = [*ctx.code_spans, *page.gap_spans()]
        page.placeholders = find_placeholders(
            lines, ctx.regex, skip, first_line=(fm.end_line + 1) if fm.present else 1
        )
    return page


#: A line that can open a directive (or close one): a fence marker or rST's "::".
_NESTING_HINT = ("```", "~~~", "::")


@dataclass
class Prescan:
    """What a build learns from a page before its directives run."""

    page: Page
    """The page with its front matter, reader problems and (if known) placeholders."""
    candidates: list[int] = field(default_factory=list)
    """Lines that match a placeholder pattern, still to be judged once the directives
    have said where the examples and steps are (see :func:`placeholders_after_read`)."""
    safe_load_accepts: bool | None = None
    """See :attr:`sphinx_rri.contract.frontmatter.FrontMatter.safe_load_accepts`."""


def prescan_page(
    text: str,
    docname: str,
    source: str,
    settings: Settings,
    myst_extensions: tuple[str, ...] = (),
) -> Prescan:
    """Read the front matter and the input limits with the functions ``validate`` uses.

    The directives are scanned here only when the page has more lines that could open
    one than ``rri_max_nesting`` (it might be nested too deep to parse). Otherwise they
    are left to the build's directives, which record the same things, and lines that
    match a placeholder pattern are kept as candidates to judge after reading.
    """
    text = normalise_text(text.removeprefix("\ufeff"))
    lines = text.split("\n")
    fm = read_frontmatter(
        text,
        allow_fields=source.endswith(".rst"),
        max_bytes=settings.max_frontmatter_bytes,
        max_aliases=settings.max_yaml_aliases,
        max_values=settings.max_yaml_values,
        max_nesting=settings.max_nesting,
    )
    start = fm.end_line if fm.present and (fm.kind == "yaml" or not source.endswith(".rst")) else 0
    maybe_deep = (
        sum(1 for line in lines if any(hint in line for hint in _NESTING_HINT))
        > settings.max_nesting
        or markup_too_deep(lines[start:], start + 1, source.endswith(".rst"), settings.max_nesting)
        is not None
    )
    page = Page(docname=docname, source=source)
    apply_frontmatter(page, fm)
    candidates: list[int] = []
    if maybe_deep:
        scanned = scan_page(text, docname, source, settings, myst_extensions, srcdir=None)
        # Keep what the directives will not record: the nesting limit (after the front
        # matter's problems, as read here) and the placeholder text. Not the unknown
        # names: read here without the build's extensions, sphinx-design's ``grid`` would
        # be one; the build's own lookup reports the names nothing defines.
        page.reader_problems = [
            p for p in scanned.reader_problems if p.subtype is not Subtype.UNKNOWN
        ]
        page.placeholders = scanned.placeholders
        page.fence_slips = scanned.fence_slips
    else:
        if not source.endswith(".rst"):
            note_fence_slips(page, lines, fm.end_line if fm.present else 0)
        first = (fm.end_line + 1) if fm.present else 1
        candidates = [
            line for line, _ in find_placeholders(lines, settings.placeholder_regex, [], first)
        ]
    return Prescan(page, candidates, fm.safe_load_accepts)


def placeholders_after_read(
    prescan: Prescan,
    page: Page,
    text: str,
    settings: Settings,
    myst_extensions: tuple[str, ...] = (),
) -> list[tuple[int, str]]:
    """The page's placeholder text, once its directives are recorded on ``page``.

    A candidate inside an example or a step is judged there, not here; only when some
    candidate lies outside all of them is the page scanned, to leave out code blocks and
    comments exactly as ``validate`` does.
    """
    if not prescan.candidates or not page.is_course_page:
        return page.placeholders
    spans = page.gap_spans()
    if all(any(a <= line <= b for a, b in spans) for line in prescan.candidates):
        return []
    scanned = scan_page(
        text, page.docname, page.source, settings, myst_extensions, course_page=True
    )
    return scanned.placeholders


def note_fence_slips(page: Page, lines: list[str], first: int) -> None:
    """One error at each colon fence that MyST ends early (``reader/fences.py``)."""
    from .fences import fence_slips

    for slip in fence_slips(lines, first):
        page.fence_slips.append((slip.line, slip.end_line))
        page.reader_problems.append(
            Diagnostic(page.docname, slip.line, Subtype.NESTING, slip.message, page.source)
        )


def apply_frontmatter(page: Page, fm: Any) -> None:
    page.has_frontmatter = fm.present
    page.meta = dict(fm.values)
    page.meta_lines = dict(fm.lines)
    page.meta_line = fm.start_line
    page.meta_end_line = fm.end_line if fm.present else 0
    page.meta_kind = fm.kind if fm.present else ""
    for line, subtype, message in fm.problems:
        page.reader_problems.append(Diagnostic(page.docname, line, subtype, message, page.source))


# -- the page sandbox (rri_trust_pages = False) -------------------------------------------

#: Directives the sandbox judges before anything else reads them.
SANDBOX_DIRECTIVES = frozenset(
    {
        "include",
        "literalinclude",
        "raw",
        "csv-table",
        "image",
        "figure",
        "meta",
        "math",
        "tabularcolumns",
        "toctree",
    }
)

#: The directives the build's sandbox guards by name (see sphinxext/sandbox.py).
SANDBOX_GUARDED = SANDBOX_DIRECTIVES | {"role"}

_RST_EMBEDDED_URI = re.compile(r"`[^`]*<([^<>`]+)>`__?")
_RST_TARGET = re.compile(r"^\s*\.\.\s+(?:_[^:]*|__):(?:\s+(\S.*))?$|^\s*__\s+(\S.*)$")
_RST_MATH_ROLE = re.compile(r":math:`([^`]*)`")
_RST_DOWNLOAD_ROLE = re.compile(r":download:`([^`]*)`")


@lru_cache(maxsize=8)
def _localised_guarded(language: str) -> dict[str, str]:
    """The names of the project's language under which docutils finds a directive the
    sandbox judges (``roh`` for ``raw`` in German), to the directive's own name."""
    names = _docutils_directive_names(language or "en")
    return {k.lower(): v for k, v in names.items() if v in SANDBOX_GUARDED and k.lower() != v}


#: A word followed by a colon and a character that is not a space: what may start a
#: URI that docutils links without any markup (``javascript:alert(1)``).
_SCHEME_CANDIDATE = re.compile(r"(?<![A-Za-z0-9.+-])([A-Za-z][A-Za-z0-9.+-]*):(?=\S)")


def rst_standalone_uris(text: str, allowed: tuple[str, ...] | list[str]) -> list[str]:
    """The targets docutils makes links of in a paragraph of reStructuredText without
    any markup (a "standalone" URI), among those whose scheme is not ``allowed``.

    Only a scheme docutils knows starts one (its ``urischemes`` table), and not inside
    inline markup; the paragraph is parsed by docutils' own inline parser, without a
    page or an extension, only when such a scheme is written in it, which course text
    almost never does.
    """
    known = _docutils_uri_schemes()
    permitted = {s.lower() for s in allowed}
    written = {m.group(1).lower() for m in _SCHEME_CANDIDATE.finditer(text)}
    if not any(s in known and s not in permitted for s in written):
        return []
    return [uri for uri in _docutils_inline_references(text) if url_scheme(uri) not in permitted]


def _docutils_inline_references(text: str) -> list[str]:
    """The ``refuri`` of each link docutils' inline parser makes of ``text`` by itself
    (not a named hyperlink reference: the embedded URIs are judged on their own)."""
    from docutils import nodes

    inliner, memo = _docutils_inliner()
    try:
        found, _messages = inliner.parse(text, 1, memo, nodes.paragraph())
    except Exception:  # docutils' own parser failing on a page's text: nothing linked
        return []
    uris: list[str] = []
    for node in found:
        if isinstance(node, nodes.Element):
            for ref in node.findall(nodes.reference):
                if "refuri" in ref and not ref.get("name"):
                    uris.append(str(ref["refuri"]))
    return uris


@cache
def _docutils_inliner() -> tuple[Any, Any]:
    """docutils' reStructuredText inline parser, with default settings and English,
    reporting nothing (``validate`` reports what it finds itself)."""
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser, languages
    from docutils.parsers.rst.states import Inliner, Struct
    from docutils.utils import new_document

    settings = get_default_settings(Parser)
    settings.report_level = settings.halt_level = 5
    document = new_document("<validate>", settings)
    inliner = Inliner()
    inliner.init_customizations(document.settings)
    language = languages.get_language("en", document.reporter)
    memo = Struct(document=document, reporter=document.reporter, language=language, inliner=inliner)
    return inliner, memo


@cache
def _docutils_uri_schemes() -> frozenset[str]:
    """The schemes docutils links in text by themselves, read from its ``urischemes``
    table without importing it (importing ``docutils.utils`` imports much more)."""
    found = _docutils_literal(("utils", "urischemes.py"), "schemes")
    return frozenset(str(k).lower() for k in found) if isinstance(found, dict) else frozenset()


def _docutils_literal(path: tuple[str, ...], name: str) -> object:
    """The value of the literal assigned to ``name`` in a module of docutils (a path
    inside the package), read without importing it; None when it cannot be read."""
    import ast
    from importlib.util import find_spec

    spec = find_spec("docutils")
    if spec is None or not spec.origin:
        return None
    try:
        tree = ast.parse(Path(spec.origin).parent.joinpath(*path).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return None
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            # ``schemes: dict[str, str] = {...}`` (docutils 0.22)
            targets, value = [node.target], node.value
        else:
            continue
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            try:
                return ast.literal_eval(value)
            except ValueError:
                return None
    return None


def _docutils_directive_names(language: str) -> dict[str, str]:
    """docutils' directive names in ``language`` (``de-AT`` falls back to ``de``), read
    from its language module's ``directives = {...}`` literal without importing it.

    Importing it would import docutils' whole rST parser (and Pygments) into every
    ``validate`` run, and docutils' own lookup also tries a top-level module of the
    language's name, which could be a file of the repository being checked.
    """
    tag = language.lower().replace("-", "_")
    for candidate in dict.fromkeys([tag, tag.split("_")[0]]):
        if not re.fullmatch(r"[a-z0-9_]+", candidate):
            continue
        path = ("parsers", "rst", "languages", f"{candidate}.py")
        found = _docutils_literal(path, "directives")
        if found is not None:
            return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}
    return {}


def guarded_name(name: str, ctx: Context) -> str:
    """``name`` (in lower case) as the sandbox judges it: a language's own name for a
    directive it judges becomes that directive's name."""
    if ctx.sandbox is None or name in SANDBOX_DIRECTIVES:
        return name
    return _localised_guarded(ctx.sandbox.language).get(name, name)


def _options_of(content: str) -> tuple[dict[str, str], list[str]]:
    """A MyST directive's options (``:key: value`` lines or a ``---`` YAML block) and
    its body lines."""
    lines = content.split("\n")
    options: dict[str, str] = {}
    if lines and lines[0].startswith("---"):
        import yaml

        for index in range(1, len(lines)):
            if lines[index].startswith("---"):
                try:
                    loaded = yaml.safe_load("\n".join(lines[1:index]))
                except yaml.YAMLError:
                    loaded = None
                if isinstance(loaded, dict):
                    options = {str(k): "" if v is None else str(v) for k, v in loaded.items()}
                return options, lines[index + 1 :]
        return options, []
    count = 0
    while count < len(lines) and _is_option_line(lines[count]):
        option = _RST_OPTION.match(lines[count].strip())
        if option:
            options[option.group(1)] = (option.group(2) or "").strip()
        count += 1
    return options, lines[count:]


def _sandbox_myst_directive(
    name: str, argument: str, content: str, line: int, ctx: Context
) -> bool:
    if name == "meta":
        return _sandbox_directive(name, argument, {}, content.split("\n"), line, ctx)
    options, body = _options_of(content)
    return _sandbox_directive(name, argument, options, body, line, ctx)


def _refused_code(name: str, line: int, ctx: Context) -> bool:
    """A directive that runs code on the page's text, which the build refuses when one
    of the project's extensions defines it; True when it is refused."""
    if ctx.sandbox is None or name not in CODE_DIRECTIVES or not ctx.names.has_directive(name):
        return False
    ctx.unsafe(line, code_directive_problem(name) or "")
    return True


def _sandbox_directive(
    name: str, argument: str, options: dict[str, str], body: list[str], line: int, ctx: Context
) -> bool:
    """Judge a directive as the build's sandbox does; True when it is refused."""
    assert ctx.sandbox is not None and ctx.srcdir is not None
    if name == "meta":
        problem = meta_problem(meta_fields(body))
    elif name == "math":
        # The directive's argument is math too (Sphinx puts it before the body).
        problem = tex_problem("\n".join([argument, *body])) or (
            math_label_problem(options["label"]) if options.get("label") else None
        )
        if problem:
            ctx.unsafe(line, problem)
        return False
    elif name == "toctree":
        for entry in body:
            problem = toctree_problem(entry.strip(), ctx.sandbox.url_schemes)
            if problem:
                ctx.unsafe(line, problem)
        return False
    else:
        base = (ctx.srcdir / ctx.current).parent
        problem = directive_problem(
            name,
            argument.strip(),
            options,
            base,
            ctx.srcdir,
            ctx.sandbox.url_schemes,
            ctx.sandbox.language,
        )
        if (
            problem is None
            and name == "raw"
            and not (ctx.sandbox.allow_raw_html and argument.split() == ["html"])
        ):
            text = "\n".join(body) if "file" not in options else "(file)"
            raw = raw_problem(argument.strip(), text)
            if raw:
                ctx.unsafe(line, raw)
            return False
    if problem:
        ctx.unsafe(line, problem)
        return True
    return False


def _sandbox_block(
    token: Any, line_offset: int, ctx: Context, extensions: tuple[str, ...], depth: int = 0
) -> None:
    """Judge one block token of a MyST page: raw HTML, math and the inline content."""
    assert ctx.sandbox is not None
    line = line_offset + token.map[0] + 1
    problem: str | None
    if token.type == "html_block":
        for problem in _html_problems(token.content, ctx, extensions, line, depth):
            ctx.unsafe(line, problem)
    elif token.type == "substitution_block":
        problem = substitution_problem(token.content)
        if problem:
            ctx.unsafe(line, problem)
    elif token.type in ("math_block", "math_block_label", "amsmath"):
        problem = tex_problem(token.content)
        if problem is None and token.type == "math_block_label":
            problem = math_label_problem(token.info)
        if problem:
            ctx.unsafe(line, problem)
    elif token.type == "inline" and has_word(token.content, _INLINE_HINT_WORDS):
        # Reference definitions: a top-level paragraph sees the page's own; a directive
        # body's also those read so far (MyST parses bodies with the page's environment).
        live = ctx.state.env.get("references", {}) if ctx.state is not None else {}
        references = ctx.references if depth == 0 else {**live, **ctx.references}
        for problem in _inline_problems(token.content, ctx, extensions, references):
            ctx.unsafe(line, problem)


#: Inline text that may hold a link, an image, HTML, math or a substitution.
_INLINE_HINT = re.compile(r"<|\]\(|\]\[|\]:|\$|\{\{|\{math\}|\{download\}|://|@")
#: Its words, for :func:`has_word`.
_INLINE_HINT_WORDS = ("<", "](", "][", "]:", "$", "{{", "{math}", "{download}", "://", "@")


#: What a directive body needs for a parse to find anything the sandbox judges in it: what
#: the scanner reads anyway, inline text with a hint, raw HTML (``<``), a substitution
#: (``{{``), or math (``$``, ``\\begin{``). Each token a parse gives holds a substring of
#: a line of the text, so a body without any of these gives no token the sandbox reads.
_SANDBOX_HINT = re.compile(
    "|".join((_BLOCK_HINT.pattern, _INLINE_HINT.pattern, r"\\begin\{")), re.M
)
#: The words of :data:`_SANDBOX_HINT` (``<!--`` is found by ``<``), for :func:`has_hint`.
_SANDBOX_HINT_WORDS = (
    *(w for w in _BLOCK_HINT_WORDS if w != "<!--"),
    *_INLINE_HINT_WORDS,
    "\\begin{",
)


def _inline_problems(
    content: str, ctx: Context, extensions: tuple[str, ...], references: dict[str, Any]
) -> list[str]:
    assert ctx.sandbox is not None and ctx.srcdir is not None
    schemes = ctx.sandbox.url_schemes
    found: list[str] = []
    tokens = _inline_parser(extensions).parseInline(content, {"references": references})
    for token in tokens:
        for child in token.children or []:
            problem: str | None = None
            if child.type == "link_open":
                href = str(child.attrGet("href") or "")
                if markdown_refuses(href):
                    # markdown-it would have dropped it: the build shows its text.
                    problem = url_problem(href, schemes)
                else:
                    problem = _markdown_link_problem(child, href, ctx, extensions)
            elif child.type == "image":
                src = str(child.attrGet("src") or "")
                if url_scheme(src) is not None:
                    problem = url_problem(src, schemes)
                else:
                    base = (ctx.srcdir / ctx.current).parent
                    path = image_path_problem(src, base, ctx.srcdir, ctx.sandbox.language)
                    path = path or image_name_problem(src)
                    problem = f"image: {path}" if path else None
            elif child.type == "html_inline":
                found.extend(_html_problems(child.content, ctx, extensions))
            elif child.type in ("math_inline", "math_inline_double", "math_single") or (
                child.type == "myst_role" and child.meta.get("name") == "math"
            ):
                problem = tex_problem(child.content)
            elif child.type == "myst_role" and child.meta.get("name") == "download":
                problem = _download_problem(child.content, ctx)
            elif child.type == "substitution_inline":
                problem = substitution_problem(child.content)
            if problem:
                found.append(problem)
    return found


def _markdown_link_problem(
    token: Any, href: str, ctx: Context, extensions: tuple[str, ...]
) -> str | None:
    """A Markdown link as MyST's Sphinx renderer makes it: a URL is judged by its
    scheme; a ``path:`` link, or one to a file that is not a document, is a download."""
    assert ctx.sandbox is not None and ctx.srcdir is not None
    classes = str(token.attrGet("class") or "").split()
    kind = myst_link_kind(
        href,
        auto=token.info == "auto",
        external="external" in classes,
        url_schemes=ctx.sandbox.myst_url_schemes,
    )
    if kind == "url":
        return url_problem(href, ctx.sandbox.url_schemes)
    if kind not in ("path", "project", "unknown"):
        return None
    # MyST reads the target without markdown-it's percent-encoding.
    target = _inline_parser(extensions).normalizeLinkText(href)
    target = target.removeprefix(f"{kind}:").split("#", 1)[0]
    if kind == "path":
        return _download_problem(target, ctx)
    base = (ctx.srcdir / ctx.current).parent
    path = ctx.srcdir / target.lstrip("/") if target.startswith("/") else base / target
    try:
        is_file = bool(target) and path.is_file()
    except (OSError, ValueError):
        is_file = False
    is_document = is_file and path.suffix in ctx.sandbox.source_suffixes
    if kind == "project":
        # A link to a document, or else a URL with the scheme "project".
        if href.removeprefix("project:").startswith("#") or is_document:
            return None
        return url_problem(href, ctx.sandbox.url_schemes)
    return _download_problem(target, ctx) if is_file and not is_document else None


def _html_problems(
    html: str, ctx: Context, extensions: tuple[str, ...], line: int = 0, depth: int = 0
) -> list[str]:
    """Raw HTML as the build reads it: with MyST's ``html_image`` (or
    ``html_admonition``) on, HTML that is nothing but ``<img>`` tags (or admonition
    ``<div>``s) becomes image directives (or admonitions, whose Markdown is read at
    ``line``); any other HTML is raw output."""
    assert ctx.sandbox is not None and ctx.srcdir is not None
    elements = _html_elements(html, extensions)
    if elements is None:
        if ctx.sandbox.allow_raw_html:
            return []
        problem = raw_problem("html", html)
        return [problem] if problem else []
    found = []
    for element in elements:
        if element.name == "img":
            src = element.attrs.get("src")
            if not isinstance(src, str):
                continue
            base = (ctx.srcdir / ctx.current).parent
            problem = directive_problem(
                "image",
                src.strip(),
                {},
                base,
                ctx.srcdir,
                ctx.sandbox.url_schemes,
                ctx.sandbox.language,
            )
            if problem:
                found.append(problem)
        elif line:
            _html_admonition(element, ctx, extensions, line, depth)
    return found


def _html_admonition(
    element: Any, ctx: Context, extensions: tuple[str, ...], line: int, depth: int
) -> None:
    """An admonition ``<div>`` read as MyST reads it: its title as inline text, its
    other children, rendered back to HTML, as the body of an ``admonition`` directive."""
    from myst_parser.parsers.directives import MarkupError, parse_directive_text
    from myst_parser.parsers.parse_html import Data

    children = element.strip().children
    title = "Note"
    if children and children[0].name in ("div", "p"):
        classes = children[0].attrs.classes
        if "title" in classes or "admonition-title" in classes:
            title = "".join(c.render() for c in children.pop(0))
    options = "\n".join(
        f":{k}: {v}" for k, v in sorted(element.attrs.items()) if k in ("class", "name")
    ).rstrip()
    parts: list[Any] = []
    for child in children:
        if child.name == "p":
            parts.extend(child.children)
            parts.append(Data("\n\n"))
        else:
            parts.append(child)
    content = options + ("\n\n" if options else "") + "".join(c.render() for c in parts).lstrip()
    try:
        parsed = parse_directive_text(_ADMONITION, title, content, line=line)
    except MarkupError:
        return
    if title != "Note" and _INLINE_HINT.search(title):
        for problem in _inline_problems(title, ctx, extensions, ctx.references):
            ctx.unsafe(line + 1, problem)
    # MyST numbers the title's line and the body's lines from the line after the
    # HTML's first (its 0-based line taken as 1-based), the body's past the options.
    _scan_myst("\n".join(parsed.body), line + parsed.body_offset, ctx, depth + 1, extensions)


#: What MyST's option parser needs to know of docutils' ``admonition`` directive.
_ADMONITION = type(
    "Spec_admonition",
    (),
    {
        "required_arguments": 1,
        "optional_arguments": 0,
        "final_argument_whitespace": True,
        "has_content": True,
        "option_spec": PermissiveOptions(),
    },
)


def _html_elements(html: str, extensions: tuple[str, ...]) -> list[Any] | None:
    """The ``<img>`` and admonition elements MyST makes directives of, or None when it
    keeps the HTML as raw output (as ``myst_parser``'s ``html_to_nodes`` decides)."""
    images = "html_image" in extensions
    admonitions = "html_admonition" in extensions
    if not (images or admonitions):
        return None
    from myst_parser.parsers.parse_html import tokenize_html

    try:
        root = tokenize_html(html).strip(inplace=True, recurse=False)
    except Exception:
        return None
    if len(root) < 1:
        return None
    for child in root:
        if not (
            (images and child.name == "img")
            or (admonitions and child.name == "div" and "admonition" in child.attrs.classes)
        ):
            return None
    return list(root)


#: The names docutils' ``role`` directive accepts (its "simple names"), and a base role.
_ROLE_ARGUMENT = re.compile(
    r"((?:(?!_)\w)+(?:[-._+:](?:(?!_)\w)+)*)\s*"
    r"(\(\s*((?:(?!_)\w)+(?:[-._+:](?:(?!_)\w)+)*)\s*\)\s*)?$"
)


def _define_role(first: str, options: dict[str, str], line: int, ctx: Context) -> None:
    """A ``role`` directive: the page's role is known from here on; one based on
    ``raw`` (directly or through another role of the page) is judged as the build does,
    which defines it as a role that shows its text as text."""
    match = _ROLE_ARGUMENT.match(first.strip())
    if not match:
        return
    name, base = match.group(1), (match.group(3) or "").lower()
    formats: str | None = None
    if base in ctx.local_roles:
        inherited = ctx.local_roles[base]
        formats = None if inherited is None else options.get("format", inherited)
    elif base == "raw":
        formats = options.get("format", "")
    if formats is not None and ctx.sandbox is not None:
        problem = raw_role_problem(name, formats, ctx.sandbox.allow_raw_html)
        if problem:
            ctx.unsafe(line, problem)
            formats = None
    ctx.local_roles[name.lower()] = formats


def _sandbox_rst_block(lines: list[str], number: int, ctx: Context) -> None:
    """Judge one text block of reStructuredText (a paragraph, a target with its
    continuation lines) starting at line ``number``: link targets, links, inline math and
    downloads. docutils gives inline nodes the line their paragraph starts on."""
    assert ctx.sandbox is not None
    schemes = ctx.sandbox.url_schemes
    target = _RST_TARGET.match(lines[0])
    if target:
        written = [target.group(1) or target.group(2) or "", *lines[1:]]
        joined = " ".join(written)
        uri = as_uri(joined)
        if uri and not _rst_reference_name(joined):  # an indirect target names another target
            problem = url_problem(uri, schemes)
            if problem:
                ctx.unsafe(number, problem)
        return
    line = "\n".join(lines)
    # Each expression below needs a character or a word most prose lacks: looking for
    # it first spares the expressions' walk over the text (a scheme's, from each word).
    if "`" not in line and ":" not in line:
        return
    for match in _RST_EMBEDDED_URI.finditer(line) if "<" in line else ():
        uri = as_uri(match.group(1))
        if not _rst_reference_name(match.group(1)):
            problem = url_problem(uri, schemes)
            if problem:
                ctx.unsafe(number, problem)
    for uri in rst_standalone_uris(line, schemes) if ":" in line else ():
        problem = url_problem(uri, schemes)
        if problem:
            ctx.unsafe(number, problem)
    for match in _RST_MATH_ROLE.finditer(line) if ":math:`" in line else ():
        problem = tex_problem(match.group(1))
        if problem:
            ctx.unsafe(number, problem)
    for match in _RST_DOWNLOAD_ROLE.finditer(line) if ":download:`" in line else ():
        problem = _download_problem(match.group(1), ctx)
        if problem:
            ctx.unsafe(number, problem)


def _rst_reference_name(written: str) -> bool:
    """Whether a target's or an embedded alias's text names another target (it ends in
    an underscore that is not escaped), as docutils tells them from URIs."""
    text = written.strip()
    return text.endswith("_") and not text.endswith("\\_")


def _download_problem(text: str, ctx: Context) -> str | None:
    """A download role's file (``name`` or ``title <name>``), as the build judges it."""
    assert ctx.srcdir is not None
    target = role_target(text.strip())
    if url_scheme(target) is not None:
        assert ctx.sandbox is not None
        return url_problem(target, ctx.sandbox.url_schemes)
    problem = path_problem(target, (ctx.srcdir / ctx.current).parent, ctx.srcdir)
    problem = problem or active_download_problem(target)
    return f"download: {problem}" if problem else None


def sandbox_frontmatter(page: Page, settings: Settings) -> None:
    """Front matter that would change how the page is parsed (both gates call this)."""
    if settings.trust_pages or page.meta_kind != "yaml":
        return
    for key, message in frontmatter_problems(list(page.meta)):
        line = page.meta_lines.get(key, page.meta_line or 1)
        diag = Diagnostic(page.docname, line, Subtype.UNSAFE, message, page.source)
        if diag not in page.reader_problems:
            page.reader_problems.append(diag)
