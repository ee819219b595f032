"""A line-based parser for the block syntax Python-Markdown adds to Markdown.

Admonitions (``!!!``), collapsible blocks (``???``, ``???+``) and content tabs (``===``)
take their body from the lines indented four spaces below the marker, and md_in_html
elements (``<div markdown>``) from the lines up to the matching closing tag. CommonMark
parsers read such bodies as indented code, so markdown-it cannot find them; this module
does, level by level: each body is dedented and parsed again, so nesting in any order
(tabs in admonitions, admonitions in tabs, cards in grids) comes out as a tree.

Code fences, HTML comments, raw HTML and math blocks are cut out first at every level, so
that nothing inside them is ever taken for a marker.
"""

from __future__ import annotations

import re

from .context import Context
from .meta import PageError
from .tree import Admonition, HtmlContainer, Node, Tab, TabSet, Text, Verbatim

ADMONITION = re.compile(
    r"^(?P<indent> *)(?P<marker>!!!|\?\?\?\+?) ?(?P<words>[\w-]+(?: +[\w-]+)*)?"
    r'(?: +"(?P<title>.*)")? *$'
)
TAB = re.compile(r'^(?P<indent> *)===(?P<flags>[!+]{0,2}) +"(?P<title>.*)" *$')
FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")
COMMENT_START = re.compile(r"^ *<!--")
MATH_START = re.compile(r"^ *(\$\$|\\\[|\\begin\{(?P<env>[a-zA-Z*]+)\})")
HTML_OPEN = re.compile(r"^(?P<indent> *)<(?P<tag>[a-zA-Z][\w-]*)(?P<attrs>(?:\s[^<>]*)?)>\s*$")
RAW_HTML_START = re.compile(
    r"^ {0,3}<(?P<tag>iframe|video|audio|table|div|section|article|aside|object|embed|"
    r"script|style|form|center|details|p|ul|ol|dl|blockquote|pre|figure|canvas|svg|nav|"
    r"header|footer|h[1-6])(?=[\s>/]|$)",
    re.IGNORECASE,
)
#: Whitespace other than a space or a tab: Python's ``str.strip`` and ``\s`` (which
#: Python-Markdown uses) take it for a space, CommonMark does not.
_ODD_SPACE = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\ufeff"
_ODD_HEADING = re.compile(
    rf"^(?P<lead> {{0,3}})(?P<hashes>#{{1,6}})(?P<gap>[ \t{_ODD_SPACE}]*)(?=[^\s#])"
)
LIST_ITEM = re.compile(r"^ *(?:[-*+]|\d+[.)]) +\S")
ATTRIBUTE = re.compile(r"""([\w:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")


def indentation(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def dedent(line: str, amount: int) -> str:
    """Remove up to ``amount`` leading spaces (blank lines become empty)."""
    if not line.strip():
        return ""
    return line[min(amount, indentation(line)) :]


def parse_attributes(text: str) -> dict[str, str]:
    """The attributes of an HTML start tag, in source order; a bare name maps to ``""``."""
    attrs: dict[str, str] = {}
    for match in ATTRIBUTE.finditer(text):
        name = match.group(1).lower()
        value = next((g for g in match.groups()[1:] if g is not None), "")
        attrs[name] = value
    return attrs


#: How deeply blocks (admonitions, tabs, ``<div markdown>``) may nest in a page that is
#: migrated. Each level reads the lines of the levels inside it again, so the time grows
#: with the depth times the page's length; no real site comes near it.
MAX_NESTING = 100


class BlockParser:
    """Parses the lines of one level; bodies recurse through :meth:`parse`."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.level = 0

    def parse(self, lines: list[str], start: int) -> list[Node]:
        self.level += 1
        try:
            if self.level > MAX_NESTING:
                start += next((k for k, line in enumerate(lines) if line.strip()), 0)
                raise PageError(
                    f"markup is nested more deeply than {MAX_NESTING} levels at line "
                    f"{self.ctx.line(start)}; the migration does not follow it"
                )
            return self._parse(lines, start)
        finally:
            self.level -= 1

    def _parse(self, lines: list[str], start: int) -> list[Node]:
        nodes: list[Node] = []
        text: list[str] = []
        text_start = start
        i = 0
        n = len(lines)

        def flush() -> None:
            nonlocal text
            if any(line.strip() for line in text):
                first = next(j for j, line in enumerate(text) if line.strip())
                offset = text_start - start + first
                continues = indentation(text[first]) > 0 and self._in_list(
                    lines, offset, indentation(text[first])
                )
                nodes.append(Text(text, text_start, continues))
            text = []

        while i < n:
            taken = self._special(lines, i, start)
            if taken is None:
                if not text:
                    text_start = start + i
                text.append(lines[i])  # _special may have rewritten it
                i += 1
                continue
            node, end = taken
            flush()
            nodes.append(node)
            i = end
        flush()
        return nodes

    # -- one construct at line i: (node, index after it) or None ---------------------

    def _special(self, lines: list[str], i: int, start: int) -> tuple[Node, int] | None:
        line = lines[i]
        if not line.strip():
            return None
        indent = indentation(line)
        in_list = indent > 0 and self._in_list(lines, i, indent)
        if indent >= 4 and not in_list:
            # An indented code block: literal text, even where it looks like syntax.
            return None
        fence = FENCE.match(line)
        if fence:
            return self._fence(lines, i, start, fence)
        if COMMENT_START.match(line):
            return self._comment(lines, i, start)
        math = MATH_START.match(line)
        if math and self.ctx.enabled("arithmatex"):
            return self._math(lines, i, start, math.group("env"))
        if indent and not in_list:
            # Python-Markdown only sees block markers at the start of a line (or nested in
            # a list item).
            return None
        admonition = ADMONITION.match(line)
        if (
            admonition
            and admonition.group("words")
            and self._admonition_enabled(admonition.group("marker"))
        ):
            return self._admonition(lines, i, start, admonition)
        tab = TAB.match(line)
        if tab and self.ctx.enabled("tabbed"):
            return self._tabs(lines, i, start)
        html = HTML_OPEN.match(line)
        if html:
            attrs = parse_attributes(html.group("attrs"))
            if "markdown" in attrs and self.ctx.enabled("md_in_html"):
                found = self._md_in_html(lines, i, start, html, attrs)
                if found is not None:
                    return found
        if RAW_HTML_START.match(line):
            return self._raw_html(lines, i, start)
        return None

    def _headings(self, body: list[str], start: int) -> list[str]:
        """A block's body with its headings spaced as Python-Markdown reads them.

        The page's own lines were given their spaces before the blocks were cut out;
        a body is read again once dedented, and ``###<no-break space>Title`` (or
        ``###Title``) at its margin is a heading for Python-Markdown there too. Code
        fences are left as they are.
        """
        out = []
        fence: str | None = None
        fixed = 0
        for line in body:
            opening = FENCE.match(line)
            if fence is None and opening:
                fence = opening.group("fence")[0] * len(opening.group("fence"))
            elif fence is not None and line.strip().startswith(fence):
                fence = None
            elif fence is None and line.lstrip(" ").startswith("#"):
                spaced = _ODD_HEADING.sub(r"\g<lead>\g<hashes> ", line, count=1)
                fixed += spaced != line
                line = spaced
            out.append(line)
        if fixed:
            self.ctx.report.note(
                self.ctx.line(start),
                f"{fixed} heading(s) in a block written with a no-break space or no space "
                "after `#`: normalised to a space (mkdocs read them as headings too)",
            )
        return out

    def _admonition_enabled(self, marker: str) -> bool:
        if marker == "!!!":
            return self.ctx.enabled("admonition")
        return self.ctx.enabled("details")

    def _in_list(self, lines: list[str], i: int, indent: int) -> bool:
        """Whether an indented line continues a list item (so markers still count)."""
        for j in range(i - 1, -1, -1):
            previous = lines[j]
            if not previous.strip():
                continue
            if indentation(previous) < indent:
                return bool(LIST_ITEM.match(previous))
        return False

    def _body(self, lines: list[str], i: int, indent: int) -> tuple[list[str], int]:
        """The lines indented ``indent + 4`` after line ``i - 1``, dedented, and the end."""
        body_indent = indent + 4
        last = i - 1
        j = i
        while j < len(lines):
            if not lines[j].strip():
                j += 1
                continue
            if indentation(lines[j]) >= body_indent:
                last = j
                j += 1
                continue
            break
        return [dedent(line, body_indent) for line in lines[i : last + 1]], last + 1

    def _under_indented(
        self, lines: list[str], end: int, indent: int, start: int, body: list[str]
    ) -> tuple[list[str], int]:
        """A box with no body, followed by a paragraph indented 1 to 3 spaces past it.

        Python-Markdown shows the box empty and the paragraph after it; the author meant
        the paragraph as the box's body (the indentation is one or two spaces short), so
        it becomes the body, with a note. Only the paragraph: the next blank line ends it.
        """
        j = end
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j == end or j >= len(lines):
            return body, end
        first = indentation(lines[j])
        if not indent < first < indent + 4:
            return body, end
        k = j
        while k < len(lines) and lines[k].strip() and indentation(lines[k]) > indent:
            k += 1
        self.ctx.report.note(
            self.ctx.line(start),
            f"box body indented {first - indent} spaces instead of 4: mkdocs showed an empty "
            "box and the text after it; the text is the box's body now",
        )
        return [dedent(line, first) for line in lines[j:k]], k

    def _over_indented(self, body: list[str], start: int) -> list[str]:
        """Handle a body indented eight spaces instead of four.

        Python-Markdown shows such a body as a code block, which is rarely what the author
        meant when it holds prose or a list: that is dedented and flagged for review;
        anything that looks like code stays a code block, as mkdocs showed it.
        """
        content = [line for line in body if line.strip()]
        if not content or min(indentation(line) for line in content) < 4:
            return body
        joined = "\n".join(content)
        looks_like_prose = bool(
            re.search(r"^ *(?:[-*+]|\d+\.) \S", joined, re.M)
            or re.search(r"\*\*\S|__\S|\[[^\]]+\]\(", joined)
            or (re.search(r"[.:!?]$", joined, re.M) and not re.search(r"[;{}=]$", joined, re.M))
        )
        if not looks_like_prose:
            return body
        self.ctx.report.review(
            self.ctx.line(start),
            "block body was indented 8 spaces, so mkdocs showed it as a code block; "
            "it reads as prose and was migrated as normal text",
        )
        common = min(indentation(line) for line in content)
        return [dedent(line, common) for line in body]

    def _fence(
        self, lines: list[str], i: int, start: int, match: re.Match[str]
    ) -> tuple[Node, int]:
        char = match.group("fence")[0]
        size = len(match.group("fence"))
        closing = re.compile(r"^ *" + re.escape(char) + "{" + str(size) + r",} *$")
        j = i + 1
        while j < len(lines) and not closing.match(lines[j]):
            j += 1
        end = min(j + 1, len(lines))
        return Verbatim(lines[i:end], start + i, "fence"), end

    def _comment(self, lines: list[str], i: int, start: int) -> tuple[Node, int] | None:
        first = lines[i]
        after_open = first.index("<!--") + 4
        j = i
        if "-->" not in first[after_open:]:
            j = i + 1
            while j < len(lines) and "-->" not in lines[j]:
                j += 1
            if j >= len(lines):
                return Verbatim(lines[i:], start + i, "comment"), len(lines)
        last = lines[j]
        close = last.index("-->", after_open if j == i else 0) + 3
        rest = last[close:]
        if not rest.strip():
            return Verbatim(lines[i : j + 1], start + i, "comment"), j + 1
        # Text after the comment on its closing line: CommonMark would make the whole line
        # part of an HTML block (shown as text by the sandbox), Python-Markdown a paragraph.
        if j == i and i > 0 and lines[i - 1].strip():
            # The line goes on a paragraph: the comment moves to its end, inline, so that
            # the paragraph stays one.
            lines[i] = (
                " " * indentation(first)
                + rest.lstrip()
                + " "
                + first[first.index("<!--") : close].strip()
            )
            return None
        # The comment gets its lines, and the text goes back to be read as a paragraph.
        comment = [*lines[i:j], last[:close]]
        lines[j] = " " * indentation(lines[i]) + rest.lstrip()
        return Verbatim(comment, start + i, "comment"), j

    def _math(
        self, lines: list[str], i: int, start: int, env: str | None
    ) -> tuple[Node, int] | None:
        first = lines[i].strip()
        if env:
            closing = "\\end{" + env + "}"
        elif first.startswith("$$"):
            closing = "$$"
            if len(first) > 4 and first.endswith("$$"):
                return Verbatim([lines[i]], start + i, "math"), i + 1
        else:
            closing = "\\]"
            if len(first) > 2 and first.endswith("\\]"):
                return Verbatim([lines[i]], start + i, "math"), i + 1
        j = i + 1
        while j < len(lines) and not lines[j].rstrip().endswith(closing):
            if not lines[j].strip() and not env:
                return None  # an unclosed $$ is text, as arithmatex leaves it
            j += 1
        if j >= len(lines):
            return None
        return Verbatim(lines[i : j + 1], start + i, "math"), j + 1

    def _admonition(
        self, lines: list[str], i: int, start: int, match: re.Match[str]
    ) -> tuple[Node, int]:
        indent = len(match.group("indent"))
        words = match.group("words").split()
        marker = match.group("marker")
        body, end = self._body(lines, i + 1, indent)
        if not any(line.strip() for line in body):
            body, end = self._under_indented(lines, end, indent, start + i, body)
        body = self._headings(self._over_indented(body, start + i), start + i)
        node = Admonition(
            kind=words[0].lower(),
            classes=[word.lower() for word in words[1:]],
            title=match.group("title"),
            collapsible=marker.startswith("???"),
            open=marker == "???+",
            children=self.parse(body, start + i + 1),
            start=start + i,
            indent=indent,
        )
        return node, end

    def _tabs(self, lines: list[str], i: int, start: int) -> tuple[Node, int]:
        first = TAB.match(lines[i])
        assert first is not None
        indent = len(first.group("indent"))
        tabs: list[Tab] = []
        j = i
        while j < len(lines):
            match = TAB.match(lines[j])
            if not match or len(match.group("indent")) != indent:
                break
            if tabs and "!" in match.group("flags"):
                break  # ===! starts a new tab set
            body, end = self._body(lines, j + 1, indent)
            body = self._headings(self._over_indented(body, start + j), start + j)
            tabs.append(
                Tab(
                    title=match.group("title"),
                    children=self.parse(body, start + j + 1),
                    start=start + j,
                    selected="+" in match.group("flags"),
                )
            )
            # Tabs separated only by blank lines belong to one set.
            k = end
            while k < len(lines) and not lines[k].strip():
                k += 1
            if k < len(lines) and TAB.match(lines[k]):
                j = k
                continue
            j = end
            break
        return TabSet(tabs, start + i, indent), j

    def _md_in_html(
        self,
        lines: list[str],
        i: int,
        start: int,
        match: re.Match[str],
        attrs: dict[str, str],
    ) -> tuple[Node, int] | None:
        tag = match.group("tag").lower()
        indent = len(match.group("indent"))
        close = self._closing(lines, i, tag)
        if close is None:
            if self._opened_on(lines[i], tag) <= 0:
                return None  # opened and closed on one line: nothing inside to parse
            # Python-Markdown's md_in_html closes an element that is never closed at the
            # end of the file: so does this, and the report says where it was missed.
            self.ctx.report.note(
                self.ctx.line(start + i),
                f"<{tag} markdown> is never closed: it ends at the end of the page, as "
                "mkdocs ended it",
            )
            close = len(lines)
        inner = lines[i + 1 : close]
        content = [line for line in inner if line.strip()]
        common = min((indentation(line) for line in content), default=0)
        inner = self._headings([dedent(line, common) for line in inner], start + i)
        del attrs["markdown"]
        node = HtmlContainer(
            tag=tag,
            attrs=attrs,
            children=self.parse(inner, start + i + 1),
            start=start + i,
            indent=indent,
            inner=inner,
            inner_start=start + i + 1,
        )
        return node, close + 1

    @staticmethod
    def _opened_on(line: str, tag: str) -> int:
        """How many ``<tag`` elements ``line`` leaves open."""
        opening = re.compile(r"<" + tag + r"(?=[\s>]|$)", re.IGNORECASE)
        closing = re.compile(r"</" + tag + r"\s*>", re.IGNORECASE)
        return len(opening.findall(line)) - len(closing.findall(line))

    @staticmethod
    def _closing(lines: list[str], i: int, tag: str) -> int | None:
        """The line that holds the ``</tag>`` matching the element opened on line ``i``."""
        opening = re.compile(r"<" + tag + r"(?=[\s>]|$)", re.IGNORECASE)
        closing = re.compile(r"</" + tag + r"\s*>", re.IGNORECASE)
        depth = 0
        for j in range(i, len(lines)):
            depth += len(opening.findall(lines[j]))
            depth -= len(closing.findall(lines[j]))
            if depth <= 0:
                return j if j > i else None
        return None

    def _raw_html(self, lines: list[str], i: int, start: int) -> tuple[Node, int]:
        match = RAW_HTML_START.match(lines[i])
        assert match is not None
        tag = match.group("tag").lower()
        opening = re.compile(r"<" + tag + r"(?=[\s>/]|$)", re.IGNORECASE)
        closing = re.compile(r"</" + tag + r"\s*>", re.IGNORECASE)
        depth = 0
        for j in range(i, len(lines)):
            depth += len(opening.findall(lines[j])) - len(closing.findall(lines[j]))
            if depth <= 0:
                return Verbatim(lines[i : j + 1], start + i, "html"), j + 1
        # Never closed: as CommonMark does, the block ends at the first blank line.
        j = i
        while j < len(lines) and lines[j].strip():
            j += 1
        return Verbatim(lines[i:j], start + i, "html"), j
