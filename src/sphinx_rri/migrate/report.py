"""What a migration did, per page and for the site, and how that is shown to a person.

The same :class:`MigrationReport` is written to ``migration-report.md`` in DEST and
summarised on stdout. Its text holds no timestamps and no absolute paths, so two runs of
the same site write the same bytes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

#: Report order and wording of each counted construct.
CONSTRUCT_LABELS: dict[str, str] = {
    "front-matter": "front matter completed",
    "admonition": "admonitions",
    "collapsible": "collapsible blocks (dropdown)",
    "key-concept": "key-concept boxes",
    "human-factors": "human-factors callouts",
    "tabs": "content tab sets",
    "task-card": "task cards",
    "example": "illustrative examples",
    "example-gap": "placeholder examples (coming soon)",
    "next-steps": "next-steps blocks",
    "step": "steps",
    "footnote": "footnote definitions",
    "strikethrough": "struck-through spans",
    "attr-list": "attribute lists",
    "grid-cards": "grids of cards",
    "card": "cards",
    "figure": "figures",
    "container": "HTML containers",
    "snippet": "snippets inlined",
    "abbreviation": "abbreviations applied",
    "emoji": "emoji",
    "icon": "icons",
    "definition-list": "definition lists",
    "task-list": "task-list items",
    "math": "math",
    "media": "videos and embeds",
    "blog-post": "blog posts",
    "inline-html": "inline HTML tags",
    "raw-html": "raw HTML blocks",
    "html-comment": "HTML comments",
    "code": "code blocks",
    "inline-markup": "caret/mark/tilde/keys markup",
    "rubric": "headings inside blocks (rubric)",
    "role-lookalike": "braces before code kept as text",
    "myst-lookalike": "lines MyST reads as syntax kept as text",
}


@dataclass(frozen=True, order=True)
class Finding:
    """One thing the migration noticed, at a line of the source page (0: the whole page)."""

    line: int
    message: str
    review: bool = False
    """True when a person has to look (kept verbatim, moved, or probably wrong)."""


@dataclass
class PageReport:
    path: str
    converted: Counter[str] = field(default_factory=Counter)
    findings: list[Finding] = field(default_factory=list)
    failed: str | None = None
    """Why the page could not be migrated; None when it was."""

    def note(self, line: int, message: str) -> None:
        self.findings.append(Finding(line, message, False))

    def review(self, line: int, message: str) -> None:
        self.findings.append(Finding(line, message, True))

    def count(self, construct: str, n: int = 1) -> None:
        if n:
            self.converted[construct] += n

    @property
    def needs_person(self) -> bool:
        return self.failed is not None or any(f.review for f in self.findings)

    @property
    def status(self) -> str:
        if self.failed is not None:
            return "failed"
        return "review" if self.needs_person else "ok"


@dataclass
class MigrationReport:
    site_name: str = ""
    pages: list[PageReport] = field(default_factory=list)
    site: list[Finding] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    """Every file written into DEST, relative to it, sorted."""

    def note(self, message: str) -> None:
        self.site.append(Finding(0, message, False))

    def review(self, message: str) -> None:
        self.site.append(Finding(0, message, True))

    @property
    def failed(self) -> list[PageReport]:
        return [page for page in self.pages if page.failed is not None]

    @property
    def needs_person(self) -> bool:
        return any(page.needs_person for page in self.pages) or any(f.review for f in self.site)

    @property
    def exit_code(self) -> int:
        return 1 if self.needs_person else 0

    def totals(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for page in self.pages:
            total.update(page.converted)
        return total

    # -- rendering ---------------------------------------------------------------------

    def to_markdown(self) -> str:
        """The text of ``migration-report.md``."""
        ok = sum(1 for p in self.pages if p.status == "ok")
        review = sum(1 for p in self.pages if p.status == "review")
        failed = len(self.failed)
        out = [
            "# Migration report",
            "",
            f"Site: {self.site_name or '(unnamed)'}. Pages: {len(self.pages)} "
            f"({ok} ready, {review} to review, {failed} failed).",
            "",
            "Each page lists what was converted and, under *To review*, what a person",
            "should look at: constructs kept verbatim, content that moved, and links or",
            "files that do not exist in the migrated site.",
            "",
        ]
        if self.site:
            out += ["## Site", ""]
            for finding in sorted(self.site, key=lambda f: (not f.review, f.message)):
                mark = "**review**: " if finding.review else ""
                out.append(f"- {mark}{finding.message}")
            out.append("")
        totals = self.totals()
        if totals:
            out += ["## Converted constructs", "", "| construct | count |", "| --- | ---: |"]
            for key in _ordered(totals):
                out.append(f"| {CONSTRUCT_LABELS.get(key, key)} | {totals[key]} |")
            out.append("")
        out += ["## Pages", ""]
        for page in self.pages:
            out += [f"### `{page.path}`: {page.status}", ""]
            if page.failed is not None:
                out += [f"Not migrated: {page.failed}", ""]
                continue
            if page.converted:
                parts = [
                    f"{CONSTRUCT_LABELS.get(key, key)} {page.converted[key]}"
                    for key in _ordered(page.converted)
                ]
                out += ["Converted: " + ", ".join(parts) + ".", ""]
            reviews = sorted(f for f in page.findings if f.review)
            notes = sorted(f for f in page.findings if not f.review)
            if reviews:
                out += ["To review:", ""]
                out += [f"- {_where(f)}{f.message}" for f in reviews]
                out.append("")
            if notes:
                out += ["Notes:", ""]
                out += [f"- {_where(f)}{f.message}" for f in notes]
                out.append("")
        return "\n".join(out).rstrip("\n") + "\n"

    def summary(self) -> str:
        """A few lines for stdout: one per page, then the totals."""
        lines = []
        for page in self.pages:
            reviews = sum(1 for f in page.findings if f.review)
            converted = sum(page.converted.values())
            if page.failed is not None:
                detail = page.failed
            else:
                detail = f"{converted} converted" + (f", {reviews} to review" if reviews else "")
            lines.append(f"{page.status:<7} {page.path}: {detail}")
        site_reviews = sum(1 for f in self.site if f.review)
        ok = sum(1 for p in self.pages if p.status == "ok")
        lines.append(
            f"{len(self.pages)} pages: {ok} ready, "
            f"{sum(1 for p in self.pages if p.status == 'review')} to review, "
            f"{len(self.failed)} failed; {site_reviews} site-level items to review."
        )
        return "\n".join(lines)


def _ordered(counter: Counter[str]) -> list[str]:
    known = [key for key in CONSTRUCT_LABELS if counter.get(key)]
    return known + sorted(key for key in counter if key not in CONSTRUCT_LABELS and counter[key])


def _where(finding: Finding) -> str:
    return f"line {finding.line}: " if finding.line else ""
