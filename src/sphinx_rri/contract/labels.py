"""Every fixed text the extension writes, by key, with its English text.

The English text is also the gettext message id in the ``sphinx_rri`` catalog, so a
translation ships as ``locale/<lang>/LC_MESSAGES/sphinx_rri.po``. ``rri_labels`` replaces
a text by key, for every language. The keys of the authoring contract are
``description``, ``importance``, ``examples``, ``example-gap``, ``not-applicable``,
``human-factors``, ``next-steps`` and ``choose``; the others are the extension's own.
A ``%s`` in a text is filled in by the extension (a number, a domain, a date, names).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

LABELS: dict[str, str] = {
    # task cards (contract keys first)
    "description": "Task Description",
    "importance": "Importance of Task",
    "examples": "Illustrative Example",
    "example-gap": "Illustrative examples coming soon",
    "not-applicable": "Not applicable",
    "human-factors": "Human Factors",
    "next-steps": "Next steps",
    "choose": "Complete at least %s of these:",
    "key-concept": "Key concept",
    "step-coming-soon": "coming soon",
    "example-tab-gap": "%s (coming soon)",
    "example-tab-not-applicable": "%s (not applicable)",
    "examples-by-domain": "Illustrative examples by domain",
    "example": "Example",
    # page metadata
    "learning-objectives": "Learning objectives",
    "status-draft": "Draft: this page is still being written.",
    "status-review": "In review: this page may still change.",
    "status-deprecated": "Deprecated: this page is no longer maintained.",
    "status-deprecated-by": "Deprecated: this page is replaced by %s.",
    "status-retired": "Retired: this page is kept for the record only.",
    "stage-line": "Stage: %s",
    "authors": "Authors: %s",
    "last-reviewed": "Last reviewed: %s",
    # the gap report and the task index
    "task": "Task",
    "stage": "Stage",
    "tasks": "Tasks",
    "parts-written": "Parts written",
    "examples-written": "Examples written",
    "coming-soon": "Coming soon",
    "missing": "Missing",
    "written": "Written",
    "not-expected": "Not expected",
    "course": "Course",
    "task-object": "task",
    "task-index": "Task index",
}

#: The keys the authoring contract names for ``rri_labels``.
CONTRACT_LABEL_KEYS = (
    "description",
    "importance",
    "examples",
    "example-gap",
    "not-applicable",
    "human-factors",
    "next-steps",
    "choose",
)


def label(key: str, overrides: Mapping[str, str], translate: Callable[[str], str] = str) -> str:
    """The text for ``key``: the project's replacement, else the translated English."""
    if key in overrides:
        return overrides[key]
    return translate(LABELS[key])
