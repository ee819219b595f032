"""Convert one mkdocs-material page to a MyST course page.

:func:`convert_page` is a pure function of its arguments (snippets are read through the
``read_snippet`` callback), so a test can feed it a string and compare the result.

The steps, in order:

1. front matter is split off and read (a YAML error makes the page fail, with its line);
2. snippets (``--8<--``) are inlined and abbreviation definitions (``*[HTML]: ...``)
   collected, keeping a map from every line back to its source line for the report;
3. the block parser builds the tree of admonitions, tabs and md_in_html elements;
4. page-level headings are split out, the semantic upgrade makes task cards and next
   steps, and the remaining mkdocs constructs are mapped to directives;
5. the tree is rendered and the completed front matter put in front.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .blocks import _ODD_HEADING, _ODD_SPACE, BlockParser
from .context import DEFAULT_MARKDOWN_EXTENSIONS, Context
from .inline import InlineConverter, strip_markup
from .mapping import Mapper
from .meta import (
    PageError,
    complete_front_matter,
    dump_front_matter,
    infer_track_module,
    split_front_matter,
)
from .render import Renderer
from .report import PageReport
from .semantic import SemanticUpgrade
from .structure import analyse
from .tree import Heading, Node, Text

SnippetReader = Callable[[str], "str | None"]

_SNIPPET_LINE = re.compile(
    r"""^(?P<indent> *)(?P<escape>;?)-{1,}8<-{1,} +(?P<q>["']?)(?P<target>[^"']+?)(?P=q) *$"""
)
_SNIPPET_BLOCK = re.compile(r"^(?P<indent> *)-{1,}8<-{1,} *$")
_ABBREVIATION = re.compile(r"^\*\[(?P<abbr>[^\]]+)\]:\s*(?P<text>.*?)\s*$")
_FENCE = re.compile(r"^ *(`{3,}|~{3,})")


@dataclass
class PageResult:
    """The converted page: its MyST text, what was done, and what the site needs to know."""

    path: str
    text: str
    report: PageReport
    title: str = ""
    track: str = ""
    module: str = ""
    myst_extensions: set[str] = field(default_factory=set)
    sphinx_extensions: set[str] = field(default_factory=set)
    stage: str | None = None
    domains: list[str] = field(default_factory=list)
    """The domains of the page's illustrative examples, in the order they first appear."""


def convert_page(
    text: str,
    *,
    path: str = "page.md",
    track: str | None = None,
    module: str | None = None,
    site_name: str | None = None,
    nav_title: str | None = None,
    markdown_extensions: Iterable[str] | None = None,
    read_snippet: SnippetReader | None = None,
    auto_append: Iterable[str] = (),
    known_pages: Iterable[str] | None = None,
    known_files: Iterable[str] | None = None,
    reserved_ids: set[str] | None = None,
    orphan: bool = False,
    site_url: str | None = None,
    report: PageReport | None = None,
) -> PageResult:
    """Convert the text of one mkdocs page to MyST.

    ``path`` is the page's path below docs_dir (it drives track/module inference and link
    checks). ``track``/``module`` override what the front matter or the path says.
    ``markdown_extensions`` are the names from mkdocs.yml (default: a typical Material
    site). ``known_pages``/``known_files`` let the report flag links out of the site.
    Raises :class:`PageError` when the page cannot be read.
    """
    try:
        return _convert_page(
            text,
            path=path,
            track=track,
            module=module,
            site_name=site_name,
            nav_title=nav_title,
            markdown_extensions=markdown_extensions,
            read_snippet=read_snippet,
            auto_append=auto_append,
            known_pages=known_pages,
            known_files=known_files,
            reserved_ids=reserved_ids,
            orphan=orphan,
            site_url=site_url,
            report=report,
        )
    except RecursionError:
        raise PageError(
            "markup is nested more deeply than the migration can follow (Python's recursion limit)"
        ) from None


def _convert_page(
    text: str,
    *,
    path: str = "page.md",
    track: str | None = None,
    module: str | None = None,
    site_name: str | None = None,
    nav_title: str | None = None,
    markdown_extensions: Iterable[str] | None = None,
    read_snippet: SnippetReader | None = None,
    auto_append: Iterable[str] = (),
    known_pages: Iterable[str] | None = None,
    known_files: Iterable[str] | None = None,
    reserved_ids: set[str] | None = None,
    orphan: bool = False,
    site_url: str | None = None,
    report: PageReport | None = None,
) -> PageResult:
    report = report or PageReport(path)
    ctx = Context(
        path=path,
        report=report,
        markdown_extensions=(
            frozenset(markdown_extensions)
            if markdown_extensions is not None
            else DEFAULT_MARKDOWN_EXTENSIONS
        ),
        known_pages=frozenset(known_pages) if known_pages is not None else None,
        known_files=frozenset(known_files) if known_files is not None else None,
        reserved_ids=reserved_ids,
        site_url=site_url,
    )
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.expandtabs(4) for line in text.split("\n")]
    if lines and lines[-1] == "":
        lines.pop()
    front, skipped = split_front_matter(lines)
    body = lines[skipped:]
    origin = list(range(skipped + 1, skipped + 1 + len(body)))

    if ctx.enabled("snippets"):
        for name in auto_append:
            body.append(f'--8<-- "{name}"')
            origin.append(origin[-1] if origin else 1)
        body, origin = _inline_snippets(body, origin, ctx, read_snippet, budget=[MAX_SNIPPET_LINES])
    body = _normalise_whitespace(body, ctx, origin)
    if ctx.enabled("abbr"):
        body, origin = _collect_abbreviations(body, origin, ctx)
    ctx.origin = origin

    inline = InlineConverter(ctx)
    parser = BlockParser(ctx)
    nodes = _split_headings(parser.parse(body, 0), ctx)
    title = _page_title(nodes, front.get("title"), nav_title, path)
    if not any(isinstance(node, Heading) and node.level == 1 for node in nodes):
        # Material for MkDocs shows the page title as a heading when the page has none;
        # Sphinx needs one too, for the document's title and the heading levels below it.
        nodes.insert(0, Heading(1, title, "", 0))
        report.note(
            0, f"page has no level-1 heading: '# {title}' added, as mkdocs-material shows it"
        )
    nodes = SemanticUpgrade(ctx, inline).apply(nodes)
    nodes = Mapper(ctx, inline, parser.parse).map(nodes)
    rendered = Renderer(ctx, inline).render(nodes)

    inferred_track, inferred_module = infer_track_module(path, site_name)
    final_track = track or _slug_value(front.get("track")) or inferred_track
    final_module = module or _slug_value(front.get("module")) or inferred_module
    inferred = [
        f"{key} '{value}'"
        for key, value, given in (("track", final_track, track), ("module", final_module, module))
        if not given and not front.get(key)
    ]
    if inferred:
        report.note(0, " and ".join(inferred) + " inferred from the path")
    data = complete_front_matter(
        front,
        title=title,
        track=final_track,
        module=final_module,
        report_note=report.note,
        orphan=orphan,
    )
    report.count("front-matter")
    output = dump_front_matter(data) + "\n" + "\n".join(rendered).rstrip("\n") + "\n"
    return PageResult(
        path=path,
        text=output,
        report=report,
        title=str(data["title"]),
        track=final_track,
        module=final_module,
        myst_extensions=set(ctx.myst_extensions),
        sphinx_extensions=set(ctx.sphinx_extensions),
        stage=data["stage"] if isinstance(data.get("stage"), str) else None,
        domains=list(ctx.domains),
    )


def _slug_value(value: object) -> str | None:
    if isinstance(value, str) and re.fullmatch(r"[a-z0-9][a-z0-9-]*", value):
        return value
    return None


#: How many lines snippets may add to one page, all nesting counted: a snippet that
#: names another twice, ten levels deep, would otherwise add a thousand copies per line.
MAX_SNIPPET_LINES = 100_000
#: How deep snippets may include snippets.
MAX_SNIPPET_DEPTH = 8


def _inline_snippets(
    lines: list[str],
    origin: list[int],
    ctx: Context,
    read: SnippetReader | None,
    chain: tuple[str, ...] = (),
    budget: list[int] | None = None,
) -> tuple[list[str], list[int]]:
    """Replace ``--8<-- "file"`` lines (and ``--8<--`` blocks of names) by the files' text.

    ``chain`` is the snippets being inlined, outermost first (a name already in it is a
    cycle); ``budget`` holds how many more lines snippets may add to the page."""
    budget = budget if budget is not None else [MAX_SNIPPET_LINES]
    out: list[str] = []
    out_origin: list[int] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        single = _SNIPPET_LINE.match(line) if "8<" in line else None
        block = _SNIPPET_BLOCK.match(line) if "8<" in line else None
        names: list[str] = []
        indent = ""
        end = i + 1
        if single and single.group("escape"):
            # ";--8<--" is how an author writes the marker itself: drop the escape.
            out.append(line.replace(";", "", 1))
            out_origin.append(origin[i])
            i += 1
            continue
        if single:
            names = [single.group("target").strip()]
            indent = single.group("indent")
        elif block:
            j = i + 1
            while j < len(lines) and not _SNIPPET_BLOCK.match(lines[j]):
                j += 1
            if j < len(lines):
                names = [
                    name.strip()
                    for name in lines[i + 1 : j]
                    if name.strip() and not name.strip().startswith(";")
                ]
                indent = block.group("indent")
                end = j + 1
        if not names:
            out.append(line)
            out_origin.append(origin[i])
            i += 1
            continue
        for name in names:
            content = _read_snippet(name, read, ctx, origin[i], chain, budget)
            if content is None:
                out.append(f"{indent}<!-- snippet not found: {name} -->")
                out_origin.append(origin[i])
                continue
            budget[0] -= len(content)
            snippet_lines = [indent + s if s.strip() else "" for s in content]
            nested, _ = _inline_snippets(
                snippet_lines,
                [origin[i]] * len(snippet_lines),
                ctx,
                read,
                (*chain, _snippet_file(name)),
                budget,
            )
            out.extend(nested)
            out_origin.extend([origin[i]] * len(nested))
            ctx.report.count("snippet")
        i = end
    return out, out_origin


def _snippet_file(name: str) -> str:
    found = re.match(r"^(?P<file>.+?):(?P<start>\d*):(?P<end>\d*)$", name)
    return found.group("file") if found else name


def _read_snippet(
    name: str,
    read: SnippetReader | None,
    ctx: Context,
    line: int,
    chain: tuple[str, ...] = (),
    budget: list[int] | None = None,
) -> list[str] | None:
    target, selection = name, None
    found = re.match(r"^(?P<file>.+?):(?P<start>\d*):(?P<end>\d*)$", name)
    if found:
        target = found.group("file")
        selection = (found.group("start"), found.group("end"))
    if target in chain:
        cycle = " -> ".join((*chain[chain.index(target) :], target))
        ctx.report.review(line, f"snippet {target} includes itself ({cycle}): stopped")
        return None
    if len(chain) >= MAX_SNIPPET_DEPTH:
        ctx.report.review(
            line,
            f"snippet {target} is nested deeper than the migration's limit of "
            f"{MAX_SNIPPET_DEPTH} snippets: not inlined",
        )
        return None
    if budget is not None and budget[0] <= 0:
        if budget[0] == 0 or budget[0] > -(10**12):
            # Said once per page: the snippets left out after it may be very many.
            ctx.report.review(
                line,
                f"snippet {target} and those after it not inlined: snippets already add "
                f"more than the migration's limit of {MAX_SNIPPET_LINES:,} lines to this page",
            )
            budget[0] = -(10**12)
        return None
    if re.match(r"^https?://", target):
        ctx.report.review(line, f"remote snippet {name} not fetched: paste its text in")
        return None
    text = read(target) if read is not None else None
    if text is None:
        ctx.report.review(line, f"snippet {name} not found: a comment marks its place")
        return None
    content = [s.expandtabs(4) for s in text.replace("\r\n", "\n").split("\n")]
    if content and content[-1] == "":
        content.pop()
    if selection is not None:
        first = int(selection[0]) - 1 if selection[0] else 0
        last = int(selection[1]) if selection[1] else len(content)
        content = content[max(first, 0) : last]
    return content


_ODD_ANY = re.compile(f"[{_ODD_SPACE}]")
_ODD_MARKER = re.compile(
    rf"^(?P<lead> *)(?P<marker>[-*+]|\d{{1,9}}[.)]|!!!|\?\?\?\+?|===[!+]{{0,2}})"
    rf"(?P<gap>[ \t]*[{_ODD_SPACE}][ \t{_ODD_SPACE}]*)(?=\S)"
)


def _normalise_whitespace(lines: list[str], ctx: Context, origin: list[int]) -> list[str]:
    """Give markdown-it the spaces Python-Markdown saw.

    ``###<no-break space>Title`` and ``###Title`` are headings for Python-Markdown, and
    text for CommonMark; a list, admonition or tab marker followed by a no-break space
    was meant as one. Code fences are left as they are.
    """
    out: list[str] = []
    fence: str | None = None
    headings: list[int] = []
    markers: list[int] = []
    for index, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)
        elif fence is not None and line.strip().startswith(fence):
            fence = None
        elif fence is None and (line.lstrip(" ").startswith("#") or _ODD_ANY.search(line)):
            fixed = _ODD_HEADING.sub(r"\g<lead>\g<hashes> ", line, count=1)
            if fixed != line:
                headings.append(index)
            marked = _ODD_MARKER.sub(r"\g<lead>\g<marker> ", fixed, count=1)
            if marked.lstrip().startswith(("!!!", "???", "===")):
                marked = re.sub(f"[{_ODD_SPACE}]", " ", marked)
            if marked != fixed:
                markers.append(index)
            line = marked
        out.append(line)
    where = (lambda index: origin[index]) if origin else (lambda index: index + 1)
    if headings:
        ctx.report.note(
            where(headings[0]),
            f"{len(headings)} heading(s) written with a no-break space or no space after `#`: "
            "normalised to a space (mkdocs read them as headings too)",
        )
    for index in markers:
        ctx.report.review(
            where(index),
            "list, box or tab marker followed by a no-break space: mkdocs showed the line as "
            "text, it is read as the marker it looks like now",
        )
    return out


def _collect_abbreviations(
    lines: list[str], origin: list[int], ctx: Context
) -> tuple[list[str], list[int]]:
    out: list[str] = []
    out_origin: list[int] = []
    fence: str | None = None
    for line, source in zip(lines, origin, strict=True):
        opening = _FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)
        elif fence is not None and line.strip().startswith(fence):
            fence = None
        elif fence is None:
            found = _ABBREVIATION.match(line)
            if found:
                ctx.abbreviations[found.group("abbr")] = found.group("text")
                continue
        out.append(line)
        out_origin.append(source)
    return out, out_origin


def _split_headings(nodes: list[Node], ctx: Context) -> list[Node]:
    """Cut page-level Text nodes at their headings, so sections can be found."""
    out: list[Node] = []
    for node in nodes:
        if not isinstance(node, Text):
            out.append(node)
            continue
        structure = analyse(node.lines)
        if not structure.headings:
            out.append(node)
            continue
        position = 0
        for info in structure.headings:
            if info.start > position:
                chunk = node.lines[position : info.start]
                if any(line.strip() for line in chunk):
                    out.append(Text(chunk, node.start + position))
            content = info.content
            attrs = ""
            found = re.search(r"\s*(\{:?\s*[^{}]*\})\s*$", content)
            if found and ctx.enabled("attr_list"):
                attrs = found.group(1)
                content = content[: found.start()]
            raw = node.lines[info.start]
            if not info.setext and raw.startswith(" "):
                ctx.report.note(
                    ctx.line(node.start + info.start),
                    "heading indented by a space: mkdocs showed it as text, it is a heading now",
                )
            out.append(Heading(info.level, content.strip(), attrs, node.start + info.start))
            position = info.end
        rest = node.lines[position:]
        if any(line.strip() for line in rest):
            out.append(Text(rest, node.start + position))
    return out


def _page_title(nodes: list[Node], declared: object, nav_title: str | None, path: str) -> str:
    """The page title: front matter, else the first level-1 heading, nav, file name."""
    if isinstance(declared, str) and declared.strip():
        return declared.strip()
    first_h1 = next((n for n in nodes if isinstance(n, Heading) and n.level == 1), None)
    if first_h1 is not None and strip_markup(first_h1.title):
        return strip_markup(first_h1.title)
    if nav_title:
        return nav_title
    stem = posixpath.splitext(posixpath.basename(path))[0]
    return stem.replace("-", " ").replace("_", " ").strip().capitalize() or "Untitled"
