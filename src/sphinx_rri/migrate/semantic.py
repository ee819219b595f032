"""The semantic upgrade: sections that *are* a task or a list of next steps.

mkdocs pages spell a task as a heading with three subsections ("Task Description",
"Importance of Task", "Illustrative Example(s)") whose examples are content tabs, one per
domain; and the way on as a "Next Steps" list of links and struck-through
"~~Module~~ Coming soon." entries. Both become the contract's directives, so that the build
and ``sphinx-rri validate`` know about them. A section that looks like a task but lacks a
part is left as it is and listed for review: guessing the missing part would invent text.
"""

from __future__ import annotations

import posixpath
import re

from .context import Context
from .inline import InlineConverter, strip_markup
from .structure import analyse
from .tree import Directive, Heading, Node, TabSet, Text, Verbatim

PART_TITLES: dict[str, re.Pattern[str]] = {
    "task-description": re.compile(r"^(?:the\s+)?task\s+descriptions?$", re.I),
    "task-importance": re.compile(
        r"^(?:the\s+)?importance\s+of\s+(?:the\s+|this\s+)?tasks?$", re.I
    ),
    "illustrative-example": re.compile(r"^illustrative\s+examples?$", re.I),
}
PART_ORDER = ("task-description", "task-importance", "illustrative-example")
NEXT_STEPS = re.compile(r"^next\s+steps?$", re.I)
PLACEHOLDER = re.compile(r"coming\s+soon", re.I)
_LINK_ITEM = re.compile(
    r"^\[(?P<title>[^\]]+)\]\((?P<href>[^()\s]+)\)\s*(?:[:\u2013\u2014-]\s*)?(?P<rest>.*)$", re.S
)
_STRUCK_ITEM = re.compile(r"^~~(?P<title>.+?)~~\s*(?P<rest>.*)$", re.S)
_PLAIN_GAP_ITEM = re.compile(
    r"^(?P<title>[^\[\]~]+?)\s*[(:\u2013\u2014-]?\s*coming\s+soon[.!]?\)?\s*$", re.I | re.S
)
_ITEM_MARKER = re.compile(r"^ *[-*+] +")


def slugify(text: str) -> str:
    """A task id from its title, the same rule as the extension's default id."""
    import unicodedata

    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def heading_words(heading: Heading) -> str:
    return strip_markup(heading.title).rstrip(":").strip()


def section_end(nodes: list[Node], index: int) -> int:
    level = nodes[index].level  # type: ignore[union-attr]
    for j in range(index + 1, len(nodes)):
        node = nodes[j]
        if isinstance(node, Heading) and node.level <= level:
            return j
    return len(nodes)


def is_placeholder(nodes: list[Node]) -> bool:
    """Whether a tab holds only a short "coming soon" line (and maybe comments)."""
    words: list[str] = []
    for node in nodes:
        if isinstance(node, Verbatim) and node.kind == "comment":
            continue
        if not isinstance(node, Text):
            return False
        words += strip_markup(" ".join(node.lines)).split()
    text = " ".join(words)
    return bool(PLACEHOLDER.search(text)) and len(words) <= 12


class SemanticUpgrade:
    def __init__(self, ctx: Context, inline: InlineConverter) -> None:
        self.ctx = ctx
        self.inline = inline

    def apply(self, nodes: list[Node]) -> list[Node]:
        out: list[Node] = []
        i = 0
        while i < len(nodes):
            node = nodes[i]
            if isinstance(node, Heading):
                end = section_end(nodes, i)
                card = self.task(nodes, i, end)
                if card is not None:
                    out.extend(card)
                    i = end
                    continue
                if NEXT_STEPS.match(heading_words(node)):
                    out.append(node)
                    out.extend(self.next_steps(nodes[i + 1 : end]))
                    i = end
                    continue
            out.append(node)
            i += 1
        return out

    # -- task cards ---------------------------------------------------------------------

    def task(self, nodes: list[Node], index: int, end: int) -> list[Node] | None:
        heading = nodes[index]
        assert isinstance(heading, Heading)
        subheadings = [j for j in range(index + 1, end) if isinstance(nodes[j], Heading)]
        if not subheadings:
            return None
        sublevel = min(nodes[j].level for j in subheadings)  # type: ignore[union-attr]
        direct = [j for j in subheadings if nodes[j].level == sublevel]  # type: ignore[union-attr]
        found: dict[str, list[int]] = {}
        for j in direct:
            words = heading_words(nodes[j])  # type: ignore[arg-type]
            for part, pattern in PART_TITLES.items():
                if pattern.match(words):
                    found.setdefault(part, []).append(j)
        if not found:
            return None
        line = self.ctx.line(heading.start)
        title = heading_words(heading)
        missing = [part for part in PART_ORDER if part not in found]
        repeated = [part for part in PART_ORDER if len(found.get(part, [])) > 1]
        if missing or repeated:
            if len(found) >= 2:
                problem = (
                    f"lacks {', '.join(missing)}" if missing else f"repeats {', '.join(repeated)}"
                )
                self.ctx.report.review(
                    line, f"section '{title}' looks like a task but {problem}: left as it is"
                )
            return None

        def part_nodes(j: int) -> list[Node]:
            following = [k for k in direct if k > j]
            stop = following[0] if following else end
            return nodes[j + 1 : stop]

        examples_nodes = part_nodes(found["illustrative-example"][0])
        examples, moved = self.examples(examples_nodes, line, title)
        if examples is None:
            return None

        card_options: list[tuple[str, str]] = []
        task_id = slugify(title)
        explicit = re.search(r"#([\w-]+)", heading.attrs or "")
        if explicit and re.fullmatch(r"[a-z0-9][a-z0-9-]*", explicit.group(1)):
            task_id = explicit.group(1)
            card_options.append(("id", task_id))
        if self.ctx.reserved_ids is not None:
            if task_id in self.ctx.reserved_ids:
                stem = posixpath.splitext(posixpath.basename(self.ctx.path))[0]
                unique = slugify(f"{stem}-{task_id}")
                suffix = 2
                while unique in self.ctx.reserved_ids:
                    unique = slugify(f"{stem}-{task_id}-{suffix}")
                    suffix += 1
                self.ctx.report.note(
                    line, f"task id '{task_id}' is used by another page: this card gets '{unique}'"
                )
                task_id = unique
                card_options = [("id", task_id)]
            self.ctx.reserved_ids.add(task_id)

        parts: list[Node] = []
        for part in PART_ORDER:
            j = found[part][0]
            if part == "illustrative-example":
                parts.append(Directive(part, children=examples, start=nodes[j].start))
            else:
                parts.append(Directive(part, children=part_nodes(j), start=nodes[j].start))
        self.ctx.report.count("task-card")
        card = Directive("task-card", title, card_options, parts, heading.start)

        intro = nodes[index + 1 : direct[0]]
        others = [j for j in direct if not any(j in js for js in found.values())]
        out: list[Node] = []
        if any(not (isinstance(n, Verbatim) and n.kind == "comment") for n in intro):
            self.ctx.report.review(
                line,
                f"text between heading '{title}' and its first part now stands before the card",
            )
        out.extend(intro)
        out.append(card)
        out.extend(moved)
        for j in others:
            following = [k for k in direct if k > j]
            stop = following[0] if following else end
            other = nodes[j]
            assert isinstance(other, Heading)
            self.ctx.report.review(
                self.ctx.line(other.start),
                f"subsection '{heading_words(other)}' of task '{title}' is not a task part: "
                "kept after the card",
            )
            out.extend(nodes[j:stop])
        return out

    def examples(
        self, nodes: list[Node], line: int, title: str
    ) -> tuple[list[Node] | None, list[Node]]:
        """The ``example`` directives of a task and the nodes that must move after the card."""
        tab_sets = [node for node in nodes if isinstance(node, TabSet)]
        if not tab_sets:
            self.ctx.report.review(
                line,
                f"section '{title}' looks like a task but its examples are not content tabs: "
                "left as it is",
            )
            return None, []
        examples: list[Node] = []
        seen: set[str] = set()
        for tab_set in tab_sets:
            for tab in tab_set.tabs:
                domain = strip_markup(tab.title) or "Example"
                if domain.lower() in seen:
                    self.ctx.report.review(
                        self.ctx.line(tab.start), f"task '{title}' has two examples for {domain}"
                    )
                seen.add(domain.lower())
                if domain not in self.ctx.domains:
                    self.ctx.domains.append(domain)
                self.ctx.report.count("example")
                if is_placeholder(tab.children):
                    self.ctx.report.count("example-gap")
                    examples.append(
                        Directive("example", domain, [("status", "coming-soon")], [], tab.start)
                    )
                else:
                    examples.append(Directive("example", domain, [], list(tab.children), tab.start))
        moved: list[Node] = []
        for node in nodes:
            if isinstance(node, TabSet):
                continue
            if isinstance(node, Verbatim) and node.kind == "comment":
                moved.append(node)
                continue
            self.ctx.report.review(
                self.ctx.line(node.start),
                f"content beside the example tabs of task '{title}' moved after the card",
            )
            moved.append(node)
        return examples, moved

    # -- next steps ---------------------------------------------------------------------

    def next_steps(self, nodes: list[Node]) -> list[Node]:
        out: list[Node] = []
        converted = False
        for node in nodes:
            if converted or not isinstance(node, Text):
                out.append(node)
                continue
            replaced = self._next_steps_in(node)
            if replaced is None:
                out.append(node)
            else:
                out.extend(replaced)
                converted = True
        return out

    def _next_steps_in(self, node: Text) -> list[Node] | None:
        structure = analyse(node.lines)
        for listing in structure.bullet_lists:
            steps = self._steps(node, listing.items)
            if steps is None:
                continue
            before = node.lines[: listing.start]
            after = node.lines[listing.end :]
            out: list[Node] = []
            if any(line.strip() for line in before):
                out.append(Text(before, node.start))
            out.append(Directive("next-steps", children=steps, start=node.start + listing.start))
            if any(line.strip() for line in after):
                out.append(Text(after, node.start + listing.end))
            self.ctx.report.count("next-steps")
            self.ctx.report.count("step", len(steps))
            return out
        return None

    def _steps(self, node: Text, items: list[tuple[int, int]]) -> list[Node] | None:
        steps: list[Node] = []
        targets: dict[str, str] = {}
        findings: list[tuple[int, str]] = []
        for start, end in items:
            raw = [line.strip() for line in node.lines[start:end] if line.strip()]
            if not raw:
                return None
            text = _ITEM_MARKER.sub("", raw[0]) + "".join(" " + line for line in raw[1:])
            line = self.ctx.line(node.start + start)
            link = _LINK_ITEM.match(text)
            if link:
                href = link.group("href")
                found = self._docname(href, line, findings)
                if found is None:
                    return None
                docname, missing = found
                step_title = strip_markup(link.group("title"))
                rest = link.group("rest").strip()
                body: list[Node] = [Text([rest], node.start + start)] if rest else []
                if missing or docname in targets:
                    # A step to a page the site lacks, or a second step to a page an
                    # earlier step already leads to, fails the build (the contract calls
                    # both errors). mkdocs showed a link either way: the step is written
                    # as coming soon, its original target in its body, and reviewed.
                    steps.append(
                        self._carried_step(
                            step_title,
                            href,
                            docname,
                            missing,
                            body,
                            targets,
                            node.start + start,
                            line,
                            findings,
                        )
                    )
                    continue
                targets[docname] = step_title
                steps.append(
                    Directive("step", step_title, [("doc", docname)], body, node.start + start)
                )
                continue
            struck = _STRUCK_ITEM.match(text)
            gap = None
            if struck and (
                not struck.group("rest").strip() or PLACEHOLDER.search(struck.group("rest"))
            ):
                gap = struck.group("title")
            elif _PLAIN_GAP_ITEM.match(text):
                gap = _PLAIN_GAP_ITEM.match(text).group("title")  # type: ignore[union-attr]
            if gap is None:
                return None
            steps.append(
                Directive(
                    "step", strip_markup(gap), [("status", "coming-soon")], [], node.start + start
                )
            )
        if not steps:
            return None
        for line, message in findings:
            self.ctx.report.review(line, message)
        return steps

    def _carried_step(
        self,
        title: str,
        href: str,
        docname: str,
        missing: bool,
        body: list[Node],
        targets: dict[str, str],
        start: int,
        line: int,
        findings: list[tuple[int, str]],
    ) -> Directive:
        """A step whose link cannot be a ``:doc:``: coming soon, with its target as text."""
        if missing:
            address = self._original_address(href)
            where = f"[{href}]({address})" if address else f"`{href}`"
            note = f"On the original site this step led to {where}."
            twice = (
                f" (as step '{targets[docname]}' does: a copy-paste slip?)"
                if docname in targets
                else ""
            )
            targets.setdefault(docname, title)
            findings.append(
                (
                    line,
                    f"step '{title}' leads to {href}{twice}, which is not a page of the site: "
                    "written as "
                    "a coming-soon step that names its original target (readers lose the "
                    "step's link" + (", the note links the original site)" if address else ")"),
                )
            )
        else:
            note = f"This step leads to the same page as '{targets[docname]}': [{title}]({href})."
            findings.append(
                (
                    line,
                    f"steps '{targets[docname]}' and '{title}' both point to {docname}: the second "
                    "is written as a coming-soon step whose text links the page (it no longer "
                    "counts as an available step)",
                )
            )
        return Directive(
            "step", title, [("status", "coming-soon")], [Text([note], start), *body], start
        )

    def _original_address(self, href: str) -> str | None:
        """Where the original site served a relative page link, when its address is known."""
        if not self.ctx.site_url:
            return None
        path = href.partition("#")[0]
        base = posixpath.dirname(self.ctx.path)
        resolved = posixpath.normpath(
            path.lstrip("/") if path.startswith("/") else posixpath.join(base, path)
        )
        if resolved.startswith(".."):
            return None
        stem = resolved[: -len(".md")] if resolved.endswith(".md") else resolved
        if stem == "index" or stem.endswith("/index"):
            stem = stem[: -len("index")]
        else:
            stem += "/"
        return self.ctx.site_url.rstrip("/") + "/" + stem.lstrip("/")

    def _docname(
        self, href: str, line: int, findings: list[tuple[int, str]]
    ) -> tuple[str, bool] | None:
        """The ``:doc:`` target of a local Markdown link (relative like the link was), and
        whether the site lacks that page (unknown when one page is converted alone)."""
        if re.match(r"^[a-zA-Z][\w+.-]*:|^//|^#", href):
            return None
        path, _, anchor = href.partition("#")
        if anchor:
            findings.append((line, f"step link {href} loses its #{anchor} anchor"))
        if path.endswith("/"):
            path += "index.md"
        if not path.endswith(".md"):
            return None
        docname = path[: -len(".md")]
        known = self.ctx.known_pages
        missing = False
        if known is not None:
            base = posixpath.dirname(self.ctx.path)
            resolved = posixpath.normpath(
                path.lstrip("/") if path.startswith("/") else posixpath.join(base, path)
            )
            missing = resolved not in known
        return docname, missing
