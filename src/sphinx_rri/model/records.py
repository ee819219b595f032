"""The course model: plain records of what course pages contain.

Two readers fill it: the directives during a Sphinx build (:mod:`sphinx_rri.sphinxext.events`) and
the fast scanner behind ``sphinx-rri validate`` (:mod:`sphinx_rri.reader.scanner`). Both go
through :class:`PageRecorder`, so a page read either way gives the same records, and
one set of checks (:mod:`sphinx_rri.contract.checks`) judges them. Nothing here imports Sphinx.
"""

from __future__ import annotations

import datetime
import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .diagnostics import Diagnostic

#: Front matter keys of the authoring contract, in the order they are written out.
CONTRACT_KEYS = (
    "title",
    "track",
    "module",
    "stage",
    "status",
    "learning_objectives",
    "authors",
    "last_reviewed",
    "tags",
    "domains",
)

#: Front matter keys that make a page a course page.
COURSE_KEYS = frozenset(CONTRACT_KEYS)

#: Every directive of the contract, by name.
DIRECTIVES = (
    "task-card",
    "task-description",
    "task-importance",
    "illustrative-example",
    "example",
    "next-steps",
    "step",
    "human-factors",
    "key-concept",
)

#: Options each directive accepts (``class`` and ``name`` are docutils' common options).
ALLOWED_OPTIONS: dict[str, tuple[str, ...]] = {
    "task-card": ("id", "stage", "domains", "class"),
    "task-description": ("class",),
    "task-importance": ("class",),
    "illustrative-example": ("class",),
    "example": ("status", "class"),
    "next-steps": ("choose", "class"),
    "step": ("doc", "status", "class"),
    "human-factors": ("class",),
    "key-concept": ("open", "class"),
}

#: Which directive must directly contain each nested directive.
REQUIRED_PARENT = {
    "task-description": "task-card",
    "task-importance": "task-card",
    "example": "illustrative-example",
    "step": "next-steps",
}

PART_KINDS = {
    "task-description": "description",
    "task-importance": "importance",
    "illustrative-example": "examples",
}

COMING_SOON = "coming-soon"
NOT_APPLICABLE = "not-applicable"


def split_domains(value: str) -> list[str]:
    """A card's ``:domains:`` value as names: comma-separated, blanks around them dropped."""
    return [name.strip() for name in value.split(",") if name.strip()]


def plain_value(value: Any) -> Any:
    """A front matter value as JSON data: dates become "YYYY-MM-DD", other objects text."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, dict):
        return {str(k): plain_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_value(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


@lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """The default id of a task: its title in lower case, words joined by hyphens."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def resolve_docname(current: str, target: str) -> str:
    """Resolve a ``:doc:`` target as Sphinx's ``doc`` role does."""
    target = target.strip()
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    base = posixpath.dirname(current)
    if target and "/" not in target and target not in (".", ".."):
        # A plain name next to the current page (most links): normpath would only
        # normalise the folder, which it leaves as it is in a normal docname.
        if not base:
            return target
        if _is_normal_folder(base):
            return f"{base}/{target}"
    return posixpath.normpath(posixpath.join(base, target))


@lru_cache(maxsize=4096)
def _is_normal_folder(folder: str) -> bool:
    return not folder.endswith("/") and folder != "." and posixpath.normpath(folder) == folder


@dataclass
class Directive:
    """What every recorded directive has: where it is, its argument and options."""

    name: str
    line: int
    argument: str = ""
    options: dict[str, str] = field(default_factory=dict)
    end_line: int = 0
    body: str = ""
    """The directive's own text after its options, stripped, where a check reads it (an
    example's, for placeholder text); empty on other records, which keep only
    :attr:`has_body`, so that a card does not carry the text of everything inside it."""
    stray_content: bool = False
    """True when a container directive holds something besides its allowed children."""
    source: str = ""
    """The file the directive is written in, when it is not the page itself (an include)."""
    has_body: bool = False
    """Whether the directive has any text after its options."""


@dataclass
class Example(Directive):
    @property
    def domain(self) -> str:
        return self.argument.strip()

    @property
    def status(self) -> str | None:
        return self.options.get("status")


@dataclass
class Part(Directive):
    """A ``task-description`` or ``task-importance``; see :class:`ExampleSet` too."""

    @property
    def kind(self) -> str:
        return PART_KINDS[self.name]

    @property
    def has_content(self) -> bool:
        return self.has_body


@dataclass
class ExampleSet(Part):
    """An ``illustrative-example``: a task's third part, or a block on its own."""

    examples: list[Example] = field(default_factory=list)

    @property
    def has_content(self) -> bool:
        return bool(self.examples)


@dataclass
class Task(Directive):
    parts: list[Part] = field(default_factory=list)

    @property
    def example_sets(self) -> list[ExampleSet]:
        return [part for part in self.parts if isinstance(part, ExampleSet)]

    @property
    def title(self) -> str:
        return self.argument.strip()

    @property
    def id(self) -> str:
        explicit = self.options.get("id")
        return explicit.strip() if explicit else slugify(self.title)

    @property
    def domains(self) -> list[str] | None:
        """The names in ``:domains:``, or None when the card does not narrow them."""
        value = self.options.get("domains")
        return None if value is None else split_domains(value)

    def parts_of(self, kind: str) -> list[Part]:
        return [part for part in self.parts if part.kind == kind]


@dataclass
class Step(Directive):
    @property
    def title(self) -> str:
        return self.argument.strip()

    @property
    def doc(self) -> str | None:
        value = self.options.get("doc")
        return value.strip() if value is not None else None

    @property
    def status(self) -> str | None:
        return self.options.get("status")


@dataclass
class NextSteps(Directive):
    steps: list[Step] = field(default_factory=list)


@dataclass
class Callout(Directive):
    """A ``human-factors`` or ``key-concept`` box."""


@dataclass
class TaskRef:
    target: str
    line: int
    source: str = ""


@dataclass
class Misplaced:
    """A directive that appeared outside the directive that must contain it."""

    name: str
    line: int
    parent: str | None
    """The enclosing contract directive, or None at the top level."""
    source: str = ""


@dataclass
class Page:
    """Everything one source file says about the course."""

    docname: str
    source: str
    """Path relative to the source folder, with its suffix."""
    meta: dict[str, Any] = field(default_factory=dict)
    """Front matter, typed as YAML gives it (lists stay lists, dates stay dates)."""
    meta_lines: dict[str, int] = field(default_factory=dict)
    meta_line: int = 1
    meta_end_line: int = 0
    """Last line of the front matter block; 0 when there is none."""
    meta_kind: str = ""
    """``yaml`` for a ``---`` block, ``fields`` for an rST field list."""
    has_frontmatter: bool = False
    included_from: dict[str, str] = field(default_factory=dict)
    """Each file the page includes -> ``file:line`` of its first include (a finding in
    the included file names it)."""
    reader_problems: list[Diagnostic] = field(default_factory=list)
    """Problems found while reading: malformed YAML, limits hit."""
    tasks: list[Task] = field(default_factory=list)
    example_sets: list[ExampleSet] = field(default_factory=list)
    """Illustrative examples that stand on their own, outside a task card."""
    next_steps: list[NextSteps] = field(default_factory=list)
    callouts: list[Callout] = field(default_factory=list)
    task_refs: list[TaskRef] = field(default_factory=list)
    misplaced: list[Misplaced] = field(default_factory=list)
    orphans: list[Directive] = field(default_factory=list)
    """Parts, examples and steps recorded outside their parent (see ``misplaced``)."""
    placeholders: list[tuple[int, str]] = field(default_factory=list)
    """(line, matched text) of placeholder text outside examples and steps."""
    directive_count: int = 0
    has_gap_report: bool = False
    """The page shows the gap report, so it must be rebuilt when any page changes."""
    fence_slips: list[tuple[int, int]] = field(default_factory=list)
    """Line spans of colon fences that MyST ends early, because a fence inside holds as
    many colons (``reader/fences.py``): the structural findings inside are symptoms."""
    findings: list[Diagnostic] | None = field(default=None, compare=False, repr=False)
    """What the rules that need only this page found, once a reader has judged it
    (``validate``'s workers and the build do, so that the checks run where the page
    was read); None until then. The configuration they were judged with is the
    project's: a Sphinx build reads every page again when an ``rri_*`` value changes."""

    @property
    def is_course_page(self) -> bool:
        return self.directive_count > 0 or any(key in COURSE_KEYS for key in self.meta)

    def all_example_sets(self) -> list[ExampleSet]:
        sets = [s for task in self.tasks for s in task.example_sets]
        return sets + self.example_sets

    def gap_spans(self) -> list[tuple[int, int]]:
        """Line spans of examples and steps, whose placeholder text is judged there."""
        spans = [
            (e.line, e.end_line)
            for s in self.all_example_sets()
            for e in s.examples
            if not e.source
        ]
        spans += [
            (s.line, s.end_line) for block in self.next_steps for s in block.steps if not s.source
        ]
        spans += [
            (d.line, d.end_line)
            for d in self.orphans
            if d.name in ("example", "step") and not d.source
        ]
        return spans


class PageRecorder:
    """Builds a :class:`Page` from the directives a reader meets, in document order.

    A reader calls :meth:`open` when a contract directive starts (before its content is
    read) and :meth:`close` when its content has been read, so nesting is tracked the same
    way by the build and by the scanner.
    """

    def __init__(self, page: Page) -> None:
        self.page = page
        self._stack: list[Directive] = []

    def open(
        self,
        name: str,
        line: int,
        argument: str,
        options: dict[str, str],
        body: str,
        source: str = "",
    ) -> Directive:
        page = self.page
        page.directive_count += 1
        parent = self._stack[-1] if self._stack else None
        has_body = bool(body.strip())
        kept = body if name == "example" else ""
        common: dict[str, Any] = {"body": kept, "source": source, "has_body": has_body}
        record: Directive
        if name == "task-card":
            record = Task(name, line, argument, options, **common)
            page.tasks.append(record)
        elif name in ("task-description", "task-importance"):
            record = Part(name, line, argument, options, **common)
            if isinstance(parent, Task):
                parent.parts.append(record)
            else:
                self._misplace(record, parent)
        elif name == "illustrative-example":
            record = ExampleSet(name, line, argument, options, **common)
            if isinstance(parent, Task):
                parent.parts.append(record)
            else:
                page.example_sets.append(record)
        elif name == "example":
            record = Example(name, line, argument, options, **common)
            if isinstance(parent, ExampleSet):
                parent.examples.append(record)
            else:
                self._misplace(record, parent)
        elif name == "next-steps":
            record = NextSteps(name, line, argument, options, **common)
            page.next_steps.append(record)
        elif name == "step":
            record = Step(name, line, argument, options, **common)
            if isinstance(parent, NextSteps):
                parent.steps.append(record)
            else:
                self._misplace(record, parent)
        elif name in ("human-factors", "key-concept"):
            record = Callout(name, line, argument, options, **common)
            page.callouts.append(record)
        else:  # pragma: no cover - readers only pass contract directives
            raise ValueError(f"not a contract directive: {name}")
        self._stack.append(record)
        return record

    def close(self, record: Directive, end_line: int, stray_content: bool = False) -> None:
        record.end_line = max(end_line, record.line)
        record.stray_content = stray_content
        if self._stack and self._stack[-1] is record:
            self._stack.pop()

    def open_task(self) -> Task | None:
        """The task card being read, if the reader is inside one."""
        return next((r for r in reversed(self._stack) if isinstance(r, Task)), None)

    def add_task_ref(self, target: str, line: int, source: str = "") -> None:
        self.page.task_refs.append(TaskRef(target.strip(), line, source))

    def _misplace(self, record: Directive, parent: Directive | None) -> None:
        self.page.misplaced.append(
            Misplaced(record.name, record.line, parent.name if parent else None, record.source)
        )
        self.page.orphans.append(record)


@dataclass
class Course:
    """All pages of one Sphinx project, and the documents that exist in it."""

    pages: dict[str, Page] = field(default_factory=dict)
    docnames: frozenset[str] = frozenset()
    """Every document of the project, course page or not (for ``:doc:`` checks)."""

    def course_pages(self) -> list[Page]:
        return [self.pages[name] for name in sorted(self.pages) if self.pages[name].is_course_page]

    def tasks(self) -> list[tuple[Page, Task]]:
        return [(page, task) for page in self.course_pages() for task in page.tasks]
