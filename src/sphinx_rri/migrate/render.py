"""Write the node tree out as MyST Markdown.

Colon fences nest by length: a directive's fence is two colons longer than the depth of
directives below it, so the innermost has three, its parent four, and so on (a task card
with parts and examples gets 5/4/3, as the contract shows). Directives whose body is not
Markdown (raw HTML, code, rubric) use backtick fences, which never interfere with colons.
"""

from __future__ import annotations

import re
from collections.abc import Container

from .context import Context
from .inline import InlineConverter, _tag_attributes, escape_myst_line, parse_attr_list
from .mapping import DOCUTILS_ADMONITIONS
from .media import InText, Media, continuation, convert_media, media_in_text, read_media
from .structure import Structure, analyse
from .tree import Directive, Heading, Node, Text, Verbatim

_BLOCK_ATTRS = re.compile(r"^\s*\{:?\s*[.#][^{}]*\}\s*$")
_FOOTNOTE_DEFINITION = re.compile(r"^ {0,3}\[\^[^\]\s]+\]:")
_TASK_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)]) +\[[ xX]\] ")
_FENCE_OPEN = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*)$")
#: Directives docutils refuses without content.
_NEEDS_BODY = DOCUTILS_ADMONITIONS | {"admonition", "container", "tab-item", "tab-set", "grid"}
_TRAILING_BREAK = re.compile(r"<br\s*/?>\s*$", re.I)
#: A raw HTML block that may be prose: it opens with a tag that wraps paragraphs.
_PROSE_BLOCK = re.compile(r"\s*<(?:p|div|center)(?=[\s>])", re.I)
_OPENING_TAG = re.compile(r"<(?P<name>[a-zA-Z][\w-]*)(?P<attrs>\s[^<>]*)?/?>")
#: A line that Markdown would read as the start of a block, not a paragraph's text.
_MARKDOWN_BLOCK_START = re.compile(
    r"^(?:#{1,6}(?:\s|$)|>|[-*+](?:\s|$)|=+\s*$|-+\s*$|`{3,}|~{3,}|\|)"
)
_ORDERED_MARKER = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
_HEADING_ATTRS = re.compile(r"\s*\{:?\s*([^{}]*)\}\s*$")
#: A list item or quote whose text starts with a comment closed on the same line.
_COMMENT_FIRST = re.compile(
    r"^(?P<lead>[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+|>[ \t]?)+)"
    r"(?P<comment>(?:<!--.*?-->[ \t]*)+)(?P<rest>\S.*)$"
)


def depth(node: Node) -> int:
    """How many colon-fenced directives nest at and below ``node``."""
    if not isinstance(node, Directive):
        return 0
    below = max((depth(child) for child in node.children), default=0)
    if node.name == "" or node.fence != ":":
        return below
    return below + 1


def _indent(lines: list[str], amount: int) -> list[str]:
    if not amount:
        return lines
    pad = " " * amount
    return [pad + line if line.strip() else "" for line in lines]


def strip_blank_lines(lines: list[str]) -> list[str]:
    """``lines`` without the blank lines at their start and end."""
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return lines[start:end]


def _trim(lines: list[str]) -> list[str]:
    return [line.rstrip() for line in strip_blank_lines(lines)]


class Renderer:
    def __init__(self, ctx: Context, inline: InlineConverter) -> None:
        self.ctx = ctx
        self.inline = inline

    def render(
        self, nodes: list[Node], *, in_directive: bool = False, fence: int | None = None
    ) -> list[str]:
        """Render ``nodes``; ``fence`` is the colon count of the directive around them."""
        out: list[str] = []
        for node in nodes:
            lines = self.node(node, in_directive, fence)
            if not lines:
                continue
            if out and out[-1] != "":
                out.append("")
            out.extend(lines)
        return out

    def node(self, node: Node, in_directive: bool, fence: int | None = None) -> list[str]:
        if isinstance(node, Text):
            return self.text(node, in_directive)
        if isinstance(node, Verbatim):
            return self.verbatim(node)
        if isinstance(node, Heading):
            return self.heading(node, in_directive)
        if isinstance(node, Directive):
            return _indent(self.directive(node, fence), node.indent)
        raise TypeError(f"node {type(node).__name__} reached the renderer unmapped")

    # -- directives ---------------------------------------------------------------------

    def directive(self, node: Directive, outer: int | None = None) -> list[str]:
        if node.name == "":
            return self.render(node.children, in_directive=True, fence=outer)
        if node.fence == ":":
            self.ctx.myst_extensions.add("colon_fence")
            # One colon shorter than the parent keeps siblings alike (parts 4, examples 3),
            # and never shorter than what the directives inside need.
            size = 2 + depth(node) if outer is None else max(outer - 1, 2 + depth(node))
            fence = ":" * size
            body = self.render(node.children, in_directive=True, fence=size)
        else:
            body = self.render(node.children, in_directive=True)
            longest = max(
                (len(m) for line in body for m in re.findall(r"^\s*(`{3,})", line)), default=2
            )
            fence = "`" * max(3, longest + 1)
        if not any(line.strip() for line in body) and node.name in _NEEDS_BODY:
            # docutils refuses these without content (an ERROR, and the box and its title
            # are gone); mkdocs showed the box with its title alone, and so does a comment.
            body = ["% the mkdocs page gave this box no body"]
        head = f"{fence}{{{node.name}}}"
        if node.argument:
            head += " " + node.argument
        out = [head]
        for key, value in node.options:
            out.append(f":{key}: {value}".rstrip())
        if body and (
            re.match(r"^:[\w-]+:( |$)", body[0])
            or body[0].startswith("---")
            or (node.options and re.match(r"^(:{3,}|`{3,})", body[0]))
        ):
            # Keep the body's first line from being read as an option, and set nested
            # directives apart from the options above them.
            out.append("")
        out.extend(body)
        out.append(fence)
        return out

    # -- headings -----------------------------------------------------------------------

    def heading(self, node: Heading, in_directive: bool) -> list[str]:
        title = self.inline.convert(node.title, line_index=node.start).strip()
        ident = None
        if node.attrs:
            self.ctx.report.count("attr-list")
            ident, classes, values = parse_attr_list(node.attrs)
            if classes or values:
                self.ctx.report.note(
                    self.ctx.line(node.start), "heading classes and attributes dropped"
                )
        if in_directive:
            return self.rubric(title, node.start, ident)
        out = [f"({ident})="] if ident else []
        out.append("#" * node.level + " " + title)
        return out

    def rubric(self, title: str, start: int, ident: str | None = None) -> list[str]:
        self.ctx.report.count("rubric")
        self.ctx.report.note(
            self.ctx.line(start),
            "a heading inside a block became a rubric (docutils allows no section there)",
        )
        out = ["```{rubric} " + title]
        if ident:
            out.append(f":name: {ident}")
        out.append("```")
        return out

    # -- verbatim blocks ----------------------------------------------------------------

    def verbatim(self, node: Verbatim) -> list[str]:
        lines = _trim_right(node.lines)
        if node.kind == "comment":
            self.ctx.report.count("html-comment")
            return lines
        if node.kind == "math":
            return self.math(lines)
        if node.kind == "html":
            return self.raw_html(node, lines)
        return self.fence(node, lines)

    def math(self, lines: list[str]) -> list[str]:
        self.ctx.report.count("math")
        self.ctx.myst_extensions.add("dollarmath")
        first = lines[0].strip()
        if first.startswith("\\["):
            text = "\n".join(lines).strip()
            inner = text[2:]
            inner = inner[: inner.rfind("\\]")]
            return ["$$", *_trim(inner.splitlines()), "$$"]
        if first.startswith("\\begin"):
            # MyST's amsmath extension reads a top-level environment as display math.
            self.ctx.myst_extensions.add("amsmath")
            return lines
        return lines

    def raw_html(self, node: Verbatim, lines: list[str]) -> list[str]:
        media = read_media("\n".join(lines))
        if media is not None:
            return self.media(node, media)
        paragraphs = self.html_paragraphs(node, lines)
        if paragraphs is not None:
            return paragraphs
        self.ctx.report.count("raw-html")
        tag = re.match(r"\s*<([a-zA-Z][\w-]*)", lines[0])
        name = tag.group(1).lower() if tag else "html"
        self.ctx.report.review(
            self.ctx.line(node.start),
            f"raw HTML <{name}> kept as an html code block, shown as text: pages are only "
            f"text; to render it, make the block {{raw}} html in a project that sets "
            f"rri_trust_pages = True",
        )
        common = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
        body = [line[common:] for line in lines]
        fence = "```"
        while any(line.lstrip().startswith(fence) for line in body):
            fence += "`"
        return [fence + "html", *body, fence]

    def html_paragraphs(self, node: Verbatim, lines: list[str]) -> list[str] | None:
        """A block of HTML that holds only prose, as Markdown paragraphs.

        ``<p align="center">Words</p>`` or ``<center>...</center>`` showed paragraphs;
        kept as HTML, the sandbox would show their markup. The block is read as the
        media reader reads the words beside a video: ``<p>``, ``<div>``, ``<center>`` and
        ``<br>`` end a paragraph, emphasis and links become Markdown, and the rest of
        the text is escaped, so that characters Markdown would read (``*``, backticks)
        show as they did (Python-Markdown does not read Markdown inside raw HTML).
        Styling (``align``, ``style``, ``class``) has no Markdown form and is noted.
        ``None`` when anything else is in the block (an image, a table, a tag with no
        Markdown form): then it stays HTML, for review.
        """
        text = "\n".join(lines)
        if not _PROSE_BLOCK.match(text):
            return None
        from .media_reader import MediaReader

        reader = MediaReader()
        reader.feed(text)
        reader.close()
        reader._paragraph()
        paragraphs = [item for item in reader.items if isinstance(item, str)]
        if reader.other or not paragraphs or len(paragraphs) != len(reader.items):
            return None
        out: list[str] = []
        for paragraph in paragraphs:
            escaped, kind = escape_myst_line(paragraph)
            if kind is not None and escaped == paragraph:
                return None  # MyST would read syntax there, and no escape keeps it text
            if kind is None and _MARKDOWN_BLOCK_START.match(paragraph):
                escaped = "\\" + paragraph  # a list, heading or rule marker: text here
            elif kind is None and _ORDERED_MARKER.match(paragraph):
                escaped = _ORDERED_MARKER.sub(r"\1\\\2", paragraph, count=1)
            out += [escaped, ""]
        styling: set[str] = set()
        idents: list[str] = []
        for tag in _OPENING_TAG.finditer(text):
            attrs = _tag_attributes(tag.group("attrs") or "")
            if tag.group("name").lower() == "a":
                attrs.pop("href", None)
            ident = attrs.pop("id", "")
            if ident and re.fullmatch(r"[A-Za-z0-9_-]{1,200}", ident):
                idents.append(ident)
            styling |= set(attrs)
        if idents:
            self.ctx.myst_extensions.add("attrs_inline")
            out[0] = "".join("[]{#" + ident + "}" for ident in idents) + out[0]
        self.ctx.report.count("inline-html", len(paragraphs))
        if styling:
            self.ctx.report.note(
                self.ctx.line(node.start),
                "HTML prose became paragraphs, its words kept; styling dropped: "
                + ", ".join(sorted(styling)),
            )
        indent = " " * (len(node.lines[0]) - len(node.lines[0].lstrip(" ")))
        body = _trim_right(out)
        return [indent + line if line else line for line in body] if indent else body

    def media(self, node: Verbatim, media: list[Media | str]) -> list[str]:
        """Videos and embeds as directives; other embeds as links, for review."""
        lines = self.media_lines(node.start, media)
        indent = " " * (len(node.lines[0]) - len(node.lines[0].lstrip(" ")))
        return [indent + line if line else line for line in lines] if indent else lines

    def media_lines(self, start: int, media: list[Media | str]) -> list[str]:
        out: list[str] = []
        line = self.ctx.line(start)
        for element in media:
            if isinstance(element, str):
                out += [element, ""]  # words beside the media: a caption, say
                continue
            converted = convert_media(element)
            self.ctx.report.count("media")
            if converted.extension:
                self.ctx.sphinx_extensions.add(converted.extension)
            if converted.review:
                self.ctx.report.review(line, converted.review)
            for target in converted.local:
                self.inline._check_local(target, start, "media")
            if converted.lines:
                out += [*converted.lines, ""]
        return _trim_right(out)

    def fence(self, node: Verbatim, lines: list[str]) -> list[str]:
        self.ctx.report.count("code")
        match = _FENCE_OPEN.match(lines[0])
        if not match:
            return lines
        info = match.group("info").strip()
        lang, options = _fence_info(info)
        if lang == "mermaid":
            # Pygments has no mermaid lexer, and Sphinx would warn about the fence.
            self.ctx.report.review(
                self.ctx.line(node.start),
                "mermaid diagram kept as a text block: sphinxcontrib-mermaid's {mermaid} "
                "directive draws it",
            )
            lang = "text"
            info = "mermaid"
        if not options:
            if info.startswith("{") or info != lang:
                # Only the language survives; an attribute-list info string would not parse.
                indent = match.group("indent")
                return [indent + match.group("fence") + lang, *lines[1:]]
            return lines
        indent = len(match.group("indent"))
        body = [
            line[indent:] if line[:indent].strip() == "" else line.lstrip() for line in lines[1:]
        ]
        closing = body[-1].strip() if body else ""
        if closing and set(closing) == {match.group("fence")[0]}:
            body = body[:-1]
        longest = max(
            (len(m) for line in body for m in re.findall(r"^\s*(`{3,})", line)), default=2
        )
        fence = "`" * max(3, longest + 1)
        out = [f"{fence}{{code-block}} {lang or 'text'}".rstrip()]
        out += [f":{key}: {value}".rstrip() for key, value in options]
        out += ["", *body, fence] if body and body[0].startswith(":") else [*body, fence]
        return [(" " * indent + line) if line else line for line in out]

    # -- prose --------------------------------------------------------------------------

    def text(self, node: Text, in_directive: bool) -> list[str]:
        structure = analyse(node.lines, continues_list=node.continues_list)
        lines = list(node.lines)  # media in the text may leave the rest of a line to read
        headings = {info.start: info for info in structure.headings}
        out: list[str] = []
        i = 0
        while i < len(lines):
            line = lines[i]
            first = _COMMENT_FIRST.match(line) if "<!--" in line else None
            if first and i not in structure.literal:
                # CommonMark makes the item's whole line an HTML block (shown as text),
                # Python-Markdown the item's text: the comment goes to the line's end.
                comment = first.group("comment").rstrip()
                line = lines[i] = first.group("lead") + first.group("rest") + " " + comment
                self.ctx.report.count("html-comment")
            found = self._media_at(lines, i, structure, headings)
            if found is not None:
                if out and out[-1].strip() and found.lead == continuation(found.lead):
                    out.append(found.lead.strip())  # the words before end their paragraph
                out += self.media_in_text(found, node.start + i)
                if found.rest.strip():
                    lines[found.last] = continuation(found.lead) + found.rest.lstrip()
                    i = found.last
                else:
                    i = found.last + 1
                continue
            if i in structure.literal or (i in structure.html and not first):
                if i in structure.html and "<img" in line.lower():
                    # MyST turns <img> tags into image nodes, which every builder writes.
                    self.ctx.myst_extensions.add("html_image")
                out.append(line)
                i += 1
                continue
            info = headings.get(i)
            if info is not None:
                content = info.content
                ident = None
                attrs = _HEADING_ATTRS.search(content)
                if attrs and self.ctx.enabled("attr_list"):
                    ident = parse_attr_list("{" + attrs.group(1) + "}")[0]
                    content = content[: attrs.start()]
                title = self.inline.convert(content, line_index=node.start + i).strip()
                if in_directive:
                    out += self.rubric(title, node.start + i, ident)
                else:
                    out += ([f"({ident})="] if ident else []) + ["#" * info.level + " " + title]
                i = info.end
                continue
            if _BLOCK_ATTRS.match(line) and self.ctx.enabled("attr_list"):
                self.ctx.report.note(
                    self.ctx.line(node.start + i),
                    f"block attribute list `{line.strip()}` dropped (mkdocs-material styling)",
                )
                i += 1
                continue
            if _FOOTNOTE_DEFINITION.match(line):
                self.ctx.report.count("footnote")
            if _TASK_ITEM.match(line) and self.ctx.enabled("tasklist"):
                self.ctx.report.count("task-list")
                self.ctx.myst_extensions.add("tasklist")
            converted = self.prose_line(line, node.start + i)
            following = lines[i + 1] if i + 1 < len(lines) else ""
            if _TRAILING_BREAK.search(line) and following.strip() and i + 1 not in headings:
                converted += "\\"  # a hard line break before the next line
            out.append(converted)
            i += 1
        if structure.definition_lists and self.ctx.enabled("def_list"):
            self.ctx.report.count("definition-list", structure.definition_lists)
            self.ctx.myst_extensions.add("deflist")
        return _trim(out) if not node.continues_list else _trim_right(_drop_leading_blank(out))

    def prose_line(self, line: str, index: int) -> str:
        converted = self.inline.convert(line, line_index=index).rstrip()
        escaped, myst_syntax = escape_myst_line(converted)
        if myst_syntax and escaped != converted:
            # Text to mkdocs, syntax to MyST: escaped, the page shows what mkdocs did.
            self.ctx.report.count("myst-lookalike")
        elif myst_syntax:
            self.ctx.report.review(
                self.ctx.line(index),
                f"`{converted.strip()}` is nested lists to mkdocs and a MyST "
                f"{myst_syntax}, which shows nothing: write the list as one item a line",
            )
        return escaped

    @staticmethod
    def _media_at(
        lines: list[str], i: int, structure: Structure, headings: Container[int]
    ) -> InText | None:
        """A video or embed that Python-Markdown passed through as inline HTML on line i."""
        if i in structure.literal or i in structure.tables or i in headings:
            return None
        if "<" not in lines[i]:
            return None
        if i in structure.html:
            end = structure.html_blocks.get(i)
            return None if end is None else media_in_text(lines, i, block_end=end)
        return media_in_text(lines, i)

    def media_in_text(self, found: InText, index: int) -> list[str]:
        """The words before the element, then its directives, set apart by blank lines
        and carrying the line's list or quote context."""
        follow = continuation(found.lead)
        blank = follow.strip()
        out: list[str] = []
        if found.prefix.strip():
            out += [self.prose_line(found.lead + found.prefix, index), blank]
            first = follow
        else:
            first = found.lead
        directives = self.media_lines(index, found.media)
        for k, line in enumerate(directives):
            if not line:
                out.append(blank)
            else:
                out.append((first if k == 0 else follow) + line)
        if found.rest.strip():
            out.append(blank)
        return out


def _trim_right(lines: list[str]) -> list[str]:
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    return [line.rstrip() for line in lines[:end]]


def _drop_leading_blank(lines: list[str]) -> list[str]:
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    return lines[start:]


_FENCE_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")


def _fence_info(info: str) -> tuple[str, list[tuple[str, str]]]:
    """Language and ``code-block`` options from a superfences info string."""
    text = info.strip()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1].strip()
    lang = ""
    first = re.match(r"^\.?([\w+#-]+)(?=\s|$)", text)
    if first and "=" not in first.group(0):
        lang = first.group(1)
        text = text[first.end() :]
    options: list[tuple[str, str]] = []
    for match in _FENCE_ATTR.finditer(text):
        key = match.group(1)
        value = next(g for g in match.groups()[1:] if g is not None)
        if key == "title":
            options.append(("caption", value))
        elif key == "linenums":
            options.append(("linenos", ""))
            if value.strip() not in ("", "1"):
                options.append(("lineno-start", value.strip().split()[0]))
        elif key == "hl_lines":
            options.append(("emphasize-lines", ",".join(value.split())))
    return lang, options
