"""The ``rri`` domain: task objects, the ``{rri:task}`` role and a task index."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.domains import Domain, Index, IndexEntry, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from ..contract.labels import LABELS
from ..reader.scanner import (
    find_task_roles,
    myst_paragraph_end,
    role_target,
    rst_paragraph,
    rst_paragraph_roles,
    split_explicit_title,
)
from .directives.base import (
    _,
    included_source,
    recorder_of,
    rst_role_position,
    source_lines,
    temp_dict,
)

if TYPE_CHECKING:
    from markupsafe import Markup
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


class _Explicit:
    """The match of Sphinx's explicit-title pattern, as ``re`` would give it."""

    def __init__(self, parts: tuple[str, str]) -> None:
        self.parts = parts

    def group(self, index: int) -> str:
        return self.parts[index - 1]


class _ExplicitTitle:
    """Sphinx's ``explicit_title_re``, matched in one pass (its backtracking took
    minutes on a role holding a few thousand blanks)."""

    def match(self, text: str) -> _Explicit | None:
        found = split_explicit_title(text)
        return None if found is None else _Explicit(found)


class TaskRole(XRefRole):
    """``{rri:task}`id``: a link to a task card, with the task's title as its text."""

    explicit_title_re = _ExplicitTitle()  # type: ignore[assignment]

    def result_nodes(
        self, document: nodes.document, env: BuildEnvironment, node: nodes.Element, is_ref: bool
    ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        recorder = recorder_of(env)
        if recorder is not None:
            if type(self.inliner).__module__.startswith("myst_parser"):
                included = included_source(env, self.get_source_info()[0])
            else:
                included, self.lineno = rst_role_position(env, self.inliner, self.lineno)
            line = self._author_line(env, included)
            recorder.add_task_ref(self.target, line, included)
        return [node], []

    def _author_line(self, env: BuildEnvironment, included: str = "") -> int:
        """The line the role is written on.

        Parsers give a role the first line of its paragraph; the source text kept at
        ``source-read`` tells the real line, so that the build reports what ``validate``
        reports. The n-th use of the same text in a paragraph maps to its n-th line.
        """
        lines = source_lines(env, included)
        used = env.temp_data.get("rri_role_uses")
        if not isinstance(used, dict):
            used = env.temp_data["rri_role_uses"] = {}
        # MyST hands the role over in rST spelling, so look for either spelling, up to
        # the end of the role's first line (its text may run over a line break).
        first = self.text.split("\n")[0]
        needles = [f"{{rri:task}}`{first}", f":rri:task:`{first}"]
        if "\n" not in self.text:
            needles = [f"{n}`" for n in needles]
        key = (included, self.lineno, needles[0])
        skip = used.get(key, 0)
        used[key] = skip + 1
        exact = self._line_as_validate_reads_it(env, lines, included)
        if exact is not None:
            return exact
        window = range(max(self.lineno - 1, 0), min(len(lines), self.lineno + 500))
        # Parsers strip the text, so a role of blanks only is found by its opening.
        for candidates in (needles, ["{rri:task}`", ":rri:task:`"]):
            remaining = skip
            for index in window:
                count = sum(lines[index].count(n) for n in candidates)
                if remaining < count:
                    return index + 1
                remaining -= count
        return self.lineno

    def _line_as_validate_reads_it(
        self, env: BuildEnvironment, lines: list[str], included: str = ""
    ) -> int | None:
        """Read the paragraph's lines for task roles as ``validate`` does (MyST's
        parser, or reStructuredText line by line), and take the line of the one this
        call is (the n-th call for the paragraph is its n-th role). None when the
        lines do not tell, for instance when the paragraph is not where the parser says
        it starts."""
        myst = type(self.inliner).__module__.startswith("myst_parser")
        calls = env.temp_data.get("rri_role_calls")
        if not isinstance(calls, dict):
            calls = env.temp_data["rri_role_calls"] = {}
        here = (included, self.lineno)
        nth = calls.get(here, 0)
        calls[here] = nth + 1
        # The paragraph is read once, however many roles it holds.
        read: dict[tuple[str, int], list[tuple[int, str]]] = temp_dict(
            env, "rri_paragraph_task_roles"
        )
        if here not in read:
            start = self.lineno - 1
            end = start
            while 0 <= end < len(lines) and lines[end].strip():
                end += 1
            try:
                extensions = tuple(sorted(env.config.myst_enable_extensions))
            except AttributeError:
                extensions = ()
            if myst:
                end = myst_paragraph_end(lines, start, extensions)
                paragraph = "\n".join(lines[start:end])
                read[here] = find_task_roles(paragraph, self.lineno, extensions)
            else:
                # As validate reads reStructuredText: tabs at eight columns.
                block = [line.expandtabs(8).rstrip() for line in lines[start:end]]
                block = block[: rst_paragraph(block, 0)[1]] if block else block
                read[here] = [
                    (self.lineno + offset, role_target(text, "\\"))
                    for offset, name, text in rst_paragraph_roles(block)
                    if name.lower() == "rri:task"
                ]
        roles = read[here]
        if nth < len(roles) and roles[nth][1] == self.target.strip():
            return roles[nth][0]
        return None


class TaskIndex(Index):
    name = "index"
    localname = _(LABELS["task-index"])
    shortname = "tasks"

    def generate(
        self, docnames: Iterable[str] | None = None
    ) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        domain = self.domain
        assert isinstance(domain, RRIDomain)
        groups: dict[str, list[IndexEntry]] = {}
        stages = self._stage_titles()
        for task_id, (docname, anchor, title) in sorted(
            domain.tasks.items(), key=lambda i: (i[1][2].lower(), i[1][0], i[0])
        ):
            if docnames is not None and docname not in docnames:
                continue
            # The theme writes the letter into the page and an id unescaped: only a
            # letter or digit is used as one.
            letter = title[:1].upper()
            if not letter.isalnum():
                letter = "?"
            # Beside each task: its stage as readers know it (rri_stages' title), else
            # the page it is on.
            extra = stages.get(task_id) or docname
            groups.setdefault(letter, []).append(
                IndexEntry(title, 0, docname, anchor, extra, "", task_id)
            )
        return sorted(groups.items()), False

    def _stage_titles(self) -> dict[str, str]:
        from ..outputs.gap_matrix import task_stage
        from .config import settings_from_sphinx
        from .events import RRIEnvData

        env = self.domain.env
        settings = settings_from_sphinx(env.config)
        titles = {}
        pages = RRIEnvData(env).pages
        # In the order that elects a duplicate id's card (RRIDomain.tasks), not in the
        # order this environment happened to read the pages.
        for page in sorted(pages.values(), key=lambda p: p.docname):
            for task in page.tasks:
                stage = task_stage(task, page.meta.get("stage"))
                if stage and task.id not in titles:
                    titles[task.id] = settings.stage_title(stage)
        return titles


class RRIDomain(Domain):
    name = "rri"
    label = "Responsible Research and Innovation"
    object_types = {"task": ObjType(_(LABELS["task-object"]), "task")}
    roles = {"task": TaskRole(innernodeclass=nodes.inline, warn_dangling=False)}
    indices = [TaskIndex]
    initial_data = {"tasks": {}, "cards": {}}
    data_version = 2

    @property
    def tasks(self) -> dict[str, tuple[str, str, str]]:
        """Task id to (docname, anchor, title) of the card its links lead to.

        For an id on several pages the card on the page whose name sorts first wins (the
        first of them on that page), as in a fresh build, whatever the build's history:
        which pages an incremental build read again, or in which order."""
        tasks: dict[str, tuple[str, str, str]] = self.data.setdefault("tasks", {})
        return tasks

    @property
    def cards(self) -> dict[str, dict[str, tuple[str, str]]]:
        """Task id to {docname: (anchor, title)}: every page's first card with that id."""
        cards: dict[str, dict[str, tuple[str, str]]] = self.data.setdefault("cards", {})
        return cards

    def _elect(self, task_id: str) -> None:
        on_pages = self.cards.get(task_id)
        if not on_pages:
            self.cards.pop(task_id, None)
            self.tasks.pop(task_id, None)
            return
        docname = min(on_pages)
        self.tasks[task_id] = (docname, *on_pages[docname])

    def note_task(self, task_id: str, title: str, docname: str, anchor: str) -> None:
        self.cards.setdefault(task_id, {}).setdefault(docname, (anchor, title))
        self._elect(task_id)

    def clear_doc(self, docname: str) -> None:
        for task_id, on_pages in list(self.cards.items()):
            if on_pages.pop(docname, None) is not None:
                self._elect(task_id)

    def merge_domaindata(self, docnames: Any, otherdata: dict[str, Any]) -> None:
        for task_id, on_pages in otherdata.get("cards", {}).items():
            mine = self.cards.setdefault(task_id, {})
            for docname, entry in on_pages.items():
                if docname in docnames:
                    mine.setdefault(docname, entry)
            self._elect(task_id)

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        entry = self.tasks.get(target.strip())
        if entry is None:
            return None
        docname, anchor, title = entry
        if not node.get("refexplicit"):
            contnode = nodes.inline(title, title, classes=["xref", "rri", "rri-task"])
        return make_refnode(builder, fromdocname, docname, anchor, contnode, title)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        ref = self.resolve_xref(env, fromdocname, builder, "task", target, node, contnode)
        return [("rri:task", ref)] if ref is not None else []

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        from .directives.task_card import object_anchor

        for task_id, (docname, _anchor, title) in sorted(self.tasks.items()):
            yield task_id, title, "task", docname, object_anchor(task_id), 1


# -- the task index as prose ---------------------------------------------------------------
#
# Sphinx's own page for a domain index (the theme's ``domainindex.html``) and its LaTeX
# writer set every entry as code, which suits module names and not a task's title. In
# HTML the theme's page is rendered as it is and only the entries' code elements become
# spans; in LaTeX a small package sets the entries of this one index as text.

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
TASK_INDEX_TEMPLATE = "rri-taskindex.html"
TASK_INDEX_PAGE = f"{RRIDomain.name}-{TaskIndex.name}"
LATEX_PACKAGE = "sphinxrri"
#: The element every domain index template puts around an entry's name.
ENTRY_CODE_CLASS = "xref"
PROSE_CLASS = "rri-index-title"


class _EntryCode(HTMLParser):
    """Finds where each ``<code class="xref">`` element of a page starts and ends."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.spans: list[tuple[tuple[int, int], str, tuple[int, int] | None]] = []
        self._open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "code" and dict(attrs).get("class") == ENTRY_CODE_CLASS and not self._open:
            self.spans.append((self.getpos(), self.get_starttag_text() or "", None))
            self._open = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "code" and self._open:
            start, text, _end = self.spans[-1]
            self.spans[-1] = (start, text, self.getpos())
            self._open = False


def titles_as_prose(page: str) -> Markup:
    """The rendered index page with each entry's code element made a span.

    The page is only tokenized to find the elements; everything else, the escaped
    titles included, is kept byte for byte."""
    from markupsafe import Markup

    parser = _EntryCode()
    parser.feed(page)
    parser.close()
    starts = [0]
    for line in page.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))

    def offset(position: tuple[int, int]) -> int:
        return starts[position[0] - 1] + position[1]

    edits: list[tuple[int, int, str]] = []
    for start, text, end in parser.spans:
        if end is None:
            continue
        at = offset(start)
        edits.append((at, at + len(text), f'<span class="{PROSE_CLASS}">'))
        close = offset(end)
        if page.startswith("</code>", close):
            edits.append((close, close + len("</code>"), "</span>"))
        else:  # an end tag spelt otherwise: leave this element as the theme wrote it
            edits.pop()
    for begin, stop, replacement in reversed(edits):
        page = page[:begin] + replacement + page[stop:]
    return Markup(page)


def _add_templates(app: Sphinx) -> None:
    """Let the HTML builders find the task index template, after every other folder."""
    templates = getattr(app.builder, "templates", None)
    loaders = getattr(templates, "loaders", None)
    if app.builder.format != "html" or not isinstance(loaders, list):
        return
    from sphinx.jinja2glue import SphinxFileSystemLoader

    loaders.append(SphinxFileSystemLoader(str(TEMPLATES)))
    app.builder._rri_task_index_template = True  # type: ignore[attr-defined]


def _task_index_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> str | None:
    if pagename != TASK_INDEX_PAGE or templatename != "domainindex.html":
        return None
    if not getattr(app.builder, "_rri_task_index_template", False):
        return None
    context["rri_titles_as_prose"] = titles_as_prose
    return TASK_INDEX_TEMPLATE


def _write_latex_package(app: Sphinx) -> None:
    if app.builder.format != "latex":
        return
    from .builder import write_atomic

    # The same text Sphinx writes into \indexname before this index (not escaped there
    # either), so that the package can tell the index by it.
    name = "\\newcommand{\\sphinxrriTaskIndexName}{" + str(TaskIndex.localname) + "}\n"
    text = (STATIC / f"{LATEX_PACKAGE}.sty").read_text(encoding="utf-8") + name
    outdir = Path(app.outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    write_atomic(outdir / f"{LATEX_PACKAGE}.sty", text.encode("utf-8"))


def setup_domain(app: Sphinx) -> None:
    app.add_domain(RRIDomain)
    app.add_latex_package(LATEX_PACKAGE)
    app.connect("builder-inited", _add_templates)
    app.connect("builder-inited", _write_latex_package)
    app.connect("html-page-context", _task_index_page)
