"""What the checks find: one record per problem, shared by the build and the CLI.

This module imports nothing of Sphinx. The build turns each :class:`Diagnostic` into a
Sphinx warning with type ``rri`` and the subtype below; ``sphinx-rri validate`` prints it.
The docs render the table of subtypes from the docstrings of :class:`Subtype`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(str, enum.Enum):
    """How much a diagnostic matters."""

    ERROR = "error"
    """Breaks the authoring contract: a Sphinx warning (``-W`` fails) and exit status 1."""

    GAP = "gap"
    """Content that is still missing; reported, not failed, unless configured so."""


class Subtype(str, enum.Enum):
    """Warning subtypes; suppress one with ``suppress_warnings = ["rri.<subtype>"]``."""

    FRONTMATTER = "frontmatter"
    """Front matter that is malformed YAML, misses a required key, has an unknown key or
    a value of the wrong type."""

    TASK = "task"
    """A ``task-card`` without a title, or with a part missing, empty or repeated."""

    EXAMPLE = "example"
    """An ``example`` without a domain or with a domain that is not configured, or an
    ``illustrative-example`` that holds something other than examples."""

    NEXT_STEPS = "next_steps"
    """A ``step`` with neither ``:doc:`` nor ``:status: coming-soon`` (or both), or a
    ``:choose:`` larger than the number of available steps."""

    CALLOUT = "callout"
    """A ``human-factors`` or ``key-concept`` box without the title or body it needs."""

    NESTING = "nesting"
    """A directive used outside the directive that must contain it (an ``example``
    outside ``illustrative-example``, a ``step`` outside ``next-steps``, ...)."""

    OPTION = "option"
    """An option that the directive does not know, or a value it does not accept."""

    DUPLICATE = "duplicate"
    """The same task id twice in the project, two examples for one domain, or two steps
    pointing to the same document."""

    UNKNOWN = "unknown"
    """A directive or role that no extension of the project defines; when its name is
    close to a known one (``task-crad``, ``{rri:tsk}``) the message says which."""

    REF = "ref"
    """A ``{rri:task}`` role with an unknown task id, or a step whose ``:doc:`` names a
    document that does not exist."""

    LIMIT = "limit"
    """Input beyond a configured safety limit (front matter size, YAML aliases,
    nesting depth, file size)."""

    UNSAFE = "unsafe"
    """Something a page may not do while ``rri_trust_pages`` is False: raw output, a
    link scheme outside ``rri_url_schemes``, a file from outside the source folder, a
    network fetch, an imported parser, front matter that changes the parser, a
    ``http-equiv`` meta tag or TeX's file and shell primitives. The build shows it as
    text or leaves it out, whatever the warning settings."""

    REVIEW = "review"
    """A page whose ``last_reviewed`` date is older than ``rri_review_interval_days``."""

    LIFECYCLE = "lifecycle"
    """A ``deprecated`` or ``retired`` page that a next step still links to."""

    CONFIG = "config"
    """A ``rri_*`` configuration value of the wrong type or shape; its default is used."""

    GAP = "gap"
    """Content still to be written: an example marked coming soon, empty or a
    placeholder, a configured domain with no example, a step marked coming soon, or
    placeholder text anywhere on a course page."""


#: Subtypes whose diagnostics are gaps rather than errors.
GAP_SUBTYPES = frozenset({Subtype.GAP, Subtype.REVIEW, Subtype.LIFECYCLE})


@dataclass(frozen=True)
class Fix:
    """A repair a check knows: on ``line`` of the diagnostic's file, replace the first
    ``old`` with ``new``. ``title`` says it in words ("Change 'task-crad' to 'task-card'").

    ``sphinx-rri fix`` and the language server's quick fixes apply it; the gates only
    carry it. It never takes part in comparing or printing a diagnostic.
    """

    line: int
    old: str
    new: str
    title: str


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem, at the author's file and line."""

    docname: str
    line: int
    subtype: Subtype
    message: str
    source: str = ""
    """The page's path relative to the source folder, with its suffix."""
    fix: Fix | None = field(default=None, compare=False, repr=False)
    """The repair, when the check knows one (a did-you-mean name, for example)."""

    def __post_init__(self) -> None:
        # Author text quoted in a message must not break it over lines (the second
        # line would have no location) or carry control characters into a terminal.
        object.__setattr__(self, "message", one_line(self.message))

    @property
    def severity(self) -> Severity:
        return Severity.GAP if self.subtype in GAP_SUBTYPES else Severity.ERROR

    @property
    def code(self) -> str:
        return f"rri.{self.subtype.value}"

    def as_json(self) -> dict[str, object]:
        return {
            "docname": self.docname,
            "line": self.line,
            "code": self.code,
            "message": self.message,
        }


def one_line(text: str) -> str:
    """``text`` with line breaks and other control characters written as escapes."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)


def sort_key(diag: Diagnostic) -> tuple[str, int, str, str]:
    return (diag.docname, diag.line, diag.subtype.value, diag.message)


def summary_line(tasks: int, gaps: int, errors: int) -> str:
    """The one line both gates end with: ``sphinx-rri: 12 tasks, 10 gaps, 0 errors``."""

    def plural(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else 's'}"

    return f"sphinx-rri: {plural(tasks, 'task')}, {plural(gaps, 'gap')}, {plural(errors, 'error')}"
