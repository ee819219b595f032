"""Migrate a whole mkdocs site: configuration, navigation, pages, assets, ``conf.py``.

Everything is computed first, as a map from DEST-relative path to bytes; only then is
anything written, file by file, each through a temporary file and ``os.replace`` so a
reader never sees half a file. Iteration is sorted everywhere and no timestamp or absolute
path is written, so two runs over the same site produce identical trees.
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import urlsplit

from . import anchors
from .anchors import slug_function
from .blog import SETUP as BLOG_SETUP
from .blog import (
    conf_lines,
    find_blog,
    insert_after_title,
    place_post,
    post_directive,
    postlist,
    without_authors,
)
from .context import DEFAULT_MARKDOWN_EXTENSIONS, extension_key
from .convert import PageResult, convert_page
from .fragments import repair_fragments
from .meta import PageError, load_yaml, slug, split_front_matter
from .report import MigrationReport, PageReport
from .templates import beside_body, carry, page_link, siblings_of

if TYPE_CHECKING:
    from ..contract.names import KnownNames

REPORT_NAME = "migration-report.md"
#: The theme a migrated site gets: the Sphinx port of Material for MkDocs.
DEFAULT_THEME = "sphinx_immaterial"
#: Material for MkDocs ``theme.features`` that sphinx-immaterial implements too.
IMMATERIAL_FEATURES = frozenset(
    {
        "announce.dismiss",
        "content.action.edit",
        "content.action.view",
        "content.code.copy",
        "content.tabs.link",
        "content.tooltips",
        "header.autohide",
        "navigation.expand",
        "navigation.footer",
        "navigation.instant",
        "navigation.sections",
        "navigation.tabs",
        "navigation.tabs.sticky",
        "navigation.top",
        "navigation.tracking",
        "search.highlight",
        "search.share",
        "search.suggest",
        "toc.follow",
        "toc.integrate",
        "toc.sticky",
    }
)
SECTIONS_DIR = "_sections"
PAGE_SUFFIXES = (".md",)
OTHER_MARKDOWN = (".markdown", ".mdown", ".mkdn", ".mkd")

#: markdown_extensions -> the MyST syntax extension that reads the same syntax.
MYST_FOR_MARKDOWN = {
    "def_list": "deflist",
    "tasklist": "tasklist",
    "arithmatex": "dollarmath",
    "tilde": "strikethrough",
    "attr_list": "attrs_inline",
    "md_in_html": "colon_fence",
    "admonition": "colon_fence",
    "details": "colon_fence",
    "tabbed": "colon_fence",
}
#: Extensions whose work Sphinx or the conversion itself does; nothing to report.
HANDLED_MARKDOWN = frozenset(DEFAULT_MARKDOWN_EXTENSIONS) | {
    "extra",
    "sane_lists",
    "smarty",
    "nl2br",
    "wikilinks",
    "codehilite",
    "fenced_code",
}
#: Plugins with an equivalent in Sphinx (no action needed) and what to tell the reader.
PLUGIN_NOTES = {
    "search": "Sphinx builds its own search index",
    "tags": "page `tags` are kept in the front matter",
    "offline": "Sphinx HTML works offline",
    "privacy": "Sphinx serves its own assets",
}


class UsageError(Exception):
    """Bad arguments or unreadable input (exit status 2)."""


# -- mkdocs.yml -------------------------------------------------------------------------


def load_config(src: Path) -> tuple[dict[str, Any], list[str]]:
    """mkdocs.yml as a dict (``INHERIT`` merged), and problems found while reading it."""
    config_path = src / "mkdocs.yml"
    if not os.path.lexists(config_path):
        alternative = src / "mkdocs.yaml"
        if not os.path.lexists(alternative):
            raise UsageError(f"{src} holds no mkdocs.yml")
        config_path = alternative
    _refuse_special(config_path, src)
    problems: list[str] = []
    config = _read_yaml(config_path)
    seen = {config_path.resolve()}
    while isinstance(config.get("INHERIT"), str):
        parent_path = (config_path.parent / config.pop("INHERIT")).resolve()
        if (
            parent_path in seen
            or not parent_path.is_file()
            or not _inside(parent_path, src.resolve())
        ):
            problems.append(
                f"INHERIT: {parent_path.name} is not in the site folder: its settings are not used"
            )
            break
        seen.add(parent_path)
        config = _merge(_read_yaml(parent_path), config)
        config_path = parent_path
    return config, problems


#: How many values mkdocs.yml may stand for once its YAML aliases are followed, and how
#: deeply they may nest: a ``nav`` of aliases to aliases (an alias bomb) stands for
#: billions of entries in a few hundred bytes.
MAX_CONFIG_VALUES = 100_000
MAX_CONFIG_DEPTH = 100


def _refuse_special(path: Path, src: Path) -> None:
    """mkdocs.yml is read only if it is a regular file inside SRC, links followed."""
    real = os.path.realpath(path)
    try:
        regular = stat.S_ISREG(os.stat(real).st_mode)
    except OSError:
        regular = False
    if not _inside(Path(real), src.resolve()):
        raise UsageError(f"{path.name} is a link out of {src}: not read")
    if not regular:
        raise UsageError(f"{path.name} is not a regular file (a pipe, a device?): not read")


def _check_size(data: Any, name: str) -> None:
    """Refuse a configuration that stands for too many values or nests too deeply."""
    count = 0
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        item, depth = stack.pop()
        count += 1
        if count > MAX_CONFIG_VALUES:
            raise UsageError(
                f"{name} stands for more than {MAX_CONFIG_VALUES:,} values once its YAML "
                "aliases are followed (the migration's limit; an alias bomb?): not migrated"
            )
        if depth > MAX_CONFIG_DEPTH:
            raise UsageError(
                f"{name} nests deeper than {MAX_CONFIG_DEPTH} levels (the migration's limit): "
                "not migrated"
            )
        if isinstance(item, dict):
            stack.extend((value, depth + 1) for pair in item.items() for value in pair)
        elif isinstance(item, list):
            stack.extend((value, depth + 1) for value in item)


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {path.name}: {exc}") from None
    except RecursionError:
        raise UsageError(
            f"{path.name} nests deeper than the YAML reader can follow: not migrated"
        ) from None
    except Exception as exc:  # a YAML error, with its own line
        raise UsageError(f"{path.name} is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise UsageError(f"{path.name} is not a mapping")
    _check_size(data, path.name)
    return data


def _merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    merged = dict(parent)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def markdown_extensions(config: dict[str, Any]) -> dict[str, Any]:
    """Extension key -> its options, from the ``markdown_extensions`` list."""
    out: dict[str, Any] = {}
    for item in config.get("markdown_extensions") or []:
        if isinstance(item, str):
            out[extension_key(item)] = {}
        elif isinstance(item, dict):
            for name, options in item.items():
                out[extension_key(str(name))] = options if isinstance(options, dict) else {}
    return out


# -- navigation -------------------------------------------------------------------------


@dataclass
class NavItem:
    title: str | None
    target: str | None = None
    """A docs-relative page path or an external URL; None for a section."""
    children: list[NavItem] = field(default_factory=list)

    @property
    def is_section(self) -> bool:
        return self.target is None

    @property
    def is_link(self) -> bool:
        return self.target is not None and bool(re.match(r"^[a-zA-Z][\w+.-]*:", self.target))


def parse_nav(raw: Any) -> list[NavItem]:
    items: list[NavItem] = []
    for entry in raw or []:
        if isinstance(entry, str):
            items.append(NavItem(None, entry))
        elif isinstance(entry, dict):
            for title, value in entry.items():
                if isinstance(value, list):
                    items.append(NavItem(str(title), None, parse_nav(value)))
                elif isinstance(value, str):
                    items.append(NavItem(str(title), value))
    return items


def nav_from_files(pages: list[str]) -> list[NavItem]:
    """What mkdocs shows when mkdocs.yml has no ``nav``: the folder tree, index first."""

    def build(folder: str) -> list[NavItem]:
        here = sorted(p for p in pages if posixpath.dirname(p) == folder)
        here.sort(key=lambda p: (posixpath.basename(p) != "index.md", p))
        items = [NavItem(None, p) for p in here]
        subfolders = sorted(
            {
                p[len(folder) + 1 if folder else 0 :].split("/", 1)[0]
                for p in pages
                if (p.startswith(folder + "/") or not folder)
                and "/" in p[len(folder) + 1 if folder else 0 :]
            }
        )
        for sub in subfolders:
            path = f"{folder}/{sub}" if folder else sub
            items.append(
                NavItem(sub.replace("-", " ").replace("_", " ").capitalize(), None, build(path))
            )
        return items

    return build("")


def docname(path: str) -> str:
    return posixpath.splitext(path)[0]


@dataclass
class NavPlan:
    root_toctrees: list[tuple[str | None, list[str]]] = field(default_factory=list)
    """(caption, entries) for the root document."""
    hosted: dict[str, list[str]] = field(default_factory=dict)
    """Page path -> entries of the hidden toctree appended to it."""
    generated: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    """Generated section page path -> (title, entries)."""
    listed: set[str] = field(default_factory=set)
    missing: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    repaired: list[tuple[str, str]] = field(default_factory=list)
    """Dead nav entries (as written) and the page of the same name they now point at."""


def _moved_page(path: str, pages: set[str]) -> str | None:
    """The one page elsewhere in the site that a dead nav entry most likely means.

    ``dj-102-1.md`` listed at the top of a folder it has moved out of: the page of that
    file name (for an ``index.md``, of that folder and file name) when exactly one exists.
    """
    name = posixpath.basename(path)
    if name == "index.md":
        name = posixpath.join(posixpath.basename(posixpath.dirname(path)), name)
        if name == "index.md":
            return None
    found = [page for page in pages if page == name or page.endswith("/" + name)]
    return found[0] if len(found) == 1 else None


def plan_nav(nav: list[NavItem], pages: set[str], root: str | None) -> NavPlan:
    """Turn mkdocs' nested ``nav`` into Sphinx toctrees.

    Top-level sections become captioned toctrees in the root document. A deeper section
    is represented by its index page (its first child when that is untitled or named
    ``index.md``), which gets a hidden toctree of the section's other children; a section
    without one gets a small generated page under ``_sections/``.
    """
    plan = NavPlan()

    def normalise(target: str) -> str:
        target = target.split("#", 1)[0]
        if target.endswith("/") or not target:
            target += "index.md"
        return posixpath.normpath(target.lstrip("/"))

    def page_entry(item: NavItem) -> str | None:
        assert item.target is not None
        if item.is_link:
            return f"{item.title or item.target} <{item.target}>"
        path = normalise(item.target)
        if path not in pages:
            moved = _moved_page(path, pages)
            if moved is None:
                plan.missing.append(item.target)
                return None
            plan.repaired.append((item.target, moved))
            path = moved
        if path in plan.listed or path == root:
            if path != root:
                plan.duplicates.append(path)
            return None
        plan.listed.add(path)
        name = "/" + docname(path)
        return f"{item.title} <{name}>" if item.title else name

    def section_entry(item: NavItem, trail: list[str]) -> str | None:
        children = item.children
        first = children[0] if children else None
        host: str | None = None
        if first is not None and not first.is_section and not first.is_link:
            path = normalise(first.target or "")
            untitled_or_index = first.title is None or posixpath.basename(path) == "index.md"
            if untitled_or_index and path in pages and path not in plan.listed and path != root:
                host = path
                children = children[1:]
        entries = entries_of(children, trail)
        if host is not None:
            plan.listed.add(host)
            if entries:
                plan.hosted[host] = entries
            return f"{item.title} </{docname(host)}>" if item.title else "/" + docname(host)
        if not entries:
            return None
        generated = f"{SECTIONS_DIR}/{'--'.join(slug(part) for part in trail)}.md"
        plan.generated[generated] = (item.title or "Section", entries)
        return f"{item.title} </{docname(generated)}>" if item.title else "/" + docname(generated)

    def entries_of(items: list[NavItem], trail: list[str]) -> list[str]:
        out: list[str] = []
        for child in items:
            if child.is_section:
                entry = section_entry(child, [*trail, child.title or "section"])
            else:
                entry = page_entry(child)
            if entry is not None:
                out.append(entry)
        return out

    loose: list[str] = []
    for item in nav:
        if item.is_section:
            entries = entries_of(item.children, [item.title or "section"])
            if entries:
                if loose:
                    plan.root_toctrees.append((None, loose))
                    loose = []
                plan.root_toctrees.append((item.title, entries))
        else:
            entry = page_entry(item)
            if entry is not None:
                loose.append(entry)
    if loose:
        plan.root_toctrees.append((None, loose))
    return plan


def toctree(
    entries: list[str], *, caption: str | None = None, hidden: bool = False, maxdepth: int = 2
) -> str:
    lines = ["```{toctree}"]
    if caption:
        lines.append(f":caption: {caption}")
    lines.append(f":maxdepth: {maxdepth}")
    if hidden:
        lines.append(":hidden:")
    lines.append("")
    lines += entries
    lines.append("```")
    return "\n".join(lines) + "\n"


# -- the migration ----------------------------------------------------------------------


class Progress:
    """A one-line progress bar on a terminal; silent otherwise."""

    def __init__(self, total: int, enabled: bool, stream: TextIO) -> None:
        self.total = total
        self.enabled = enabled and total > 0
        self.stream = stream

    def update(self, done: int, label: str) -> None:
        if not self.enabled:
            return
        width = 30
        filled = int(width * done / self.total)
        label = label if len(label) <= 40 else "..." + label[-37:]
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{self.total} {label:<40}"
        )
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def _walk(folder: Path, refused: list[str] | None = None) -> Iterator[str]:
    """Files below ``folder`` as sorted posix paths, skipping hidden files and folders.

    Only regular files whose real path (links followed) is inside ``folder`` are given:
    a link that leaves SRC, or a device or pipe, is never read; its path goes to
    ``refused``. Links to folders are not followed.
    """
    real_root = os.path.join(os.path.realpath(folder), "")
    for current, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        base = Path(current).relative_to(folder).as_posix()
        for name in sorted(files):
            if name.startswith("."):
                continue
            relpath = name if base == "." else f"{base}/{name}"
            real = os.path.realpath(Path(current) / name)
            try:
                regular = stat.S_ISREG(os.stat(real).st_mode)
            except OSError:
                regular = False
            if not real.startswith(real_root) or not regular:
                if refused is not None:
                    refused.append(relpath)
                continue
            yield relpath


def check_paths(src: Path, dest: Path, force: bool) -> None:
    src_r, dest_r = src.resolve(), dest.resolve()
    if not src_r.is_dir():
        raise UsageError(f"{src} is not a folder")
    if _inside(dest_r, src_r) or _inside(src_r, dest_r):
        raise UsageError("DEST must be outside SRC (and must not contain it): SRC is never written")
    if dest_r.exists() and not dest_r.is_dir():
        raise UsageError(f"{dest} exists and is not a folder")
    if dest_r.is_dir() and any(dest_r.iterdir()) and not force:
        raise UsageError(f"{dest} is not empty: use --force to write into it")


def migrate_site(
    src: Path,
    dest: Path,
    *,
    force: bool = False,
    track: str | None = None,
    module: str | None = None,
    progress: bool | None = None,
    theme: str = DEFAULT_THEME,
    stream: TextIO | None = None,
) -> MigrationReport:
    """Migrate the mkdocs site in ``src`` into a Sphinx source folder ``dest``.

    Raises :class:`UsageError` for bad paths or an unreadable mkdocs.yml; a page that
    cannot be read is reported as failed and the others still migrate.
    """
    src, dest = Path(src), Path(dest)
    check_paths(src, dest, force)
    config, problems = load_config(src)
    report = MigrationReport(site_name=str(config.get("site_name") or ""))
    for problem in problems:
        report.review(problem)
    docs_dir = (src / str(config.get("docs_dir") or "docs")).resolve()
    if not docs_dir.is_dir() or not _inside(docs_dir, src.resolve()):
        raise UsageError(
            f"docs_dir {config.get('docs_dir') or 'docs'} is not a folder inside {src}"
        )

    extensions = markdown_extensions(config)
    refused: list[str] = []
    files = list(_walk(docs_dir, refused))
    for path in refused:
        report.review(f"{path}: a link out of the docs folder, or not a regular file; not read")
    pages = [f for f in files if f.endswith(PAGE_SUFFIXES)]
    for other in (f for f in files if f.endswith(OTHER_MARKDOWN)):
        report.review(f"{other}: only .md pages are migrated; rename it to .md")
    assets = [f for f in files if not f.endswith(PAGE_SUFFIXES)]
    root = "index.md" if "index.md" in pages else None

    raw_nav = config.get("nav")
    nav = parse_nav(raw_nav) if raw_nav else nav_from_files(pages)
    plan = plan_nav(nav, set(pages), root)
    _report_site(report, config, extensions, plan, raw_nav is not None)
    blog = find_blog(config, _docs_reader(docs_dir))

    snippet_options = extensions.get("snippets", {}) or {}
    read_snippet = _snippet_reader(src, snippet_options)
    auto_append = [str(a) for a in _as_list(snippet_options.get("auto_append"))]
    reserved: set[str] = set()
    nav_titles = _nav_titles(nav)
    outputs: dict[str, bytes] = {}
    myst: set[str] = set()
    sphinx_ext: set[str] = set()
    results: dict[str, PageResult] = {}
    sources: dict[str, str] = {}
    templated: dict[str, tuple[str, dict[str, Any]]] = {}

    show = progress if progress is not None else (stream or sys.stderr).isatty()
    bar = Progress(len(pages), show, stream or sys.stderr)
    for done, page in enumerate(pages, start=1):
        bar.update(done, page)
        page_report = PageReport(page)
        report.pages.append(page_report)
        try:
            text = (docs_dir / page).read_bytes().decode("utf-8")
            sources[page] = text
            result = convert_page(
                text,
                path=page,
                track=track,
                module=module,
                site_name=report.site_name,
                site_url=str(config.get("site_url") or "") or None,
                nav_title=nav_titles.get(page),
                markdown_extensions=extensions.keys(),
                read_snippet=read_snippet,
                auto_append=auto_append,
                known_pages=pages,
                known_files=files,
                reserved_ids=reserved,
                report=page_report,
            )
        except UnicodeDecodeError as exc:
            page_report.failed = f"not UTF-8 text (byte {exc.start}): left out"
            continue
        except PageError as exc:
            page_report.failed = f"{exc}: left out"
            continue
        except Exception as exc:  # a bug must not stop the other pages
            page_report.failed = f"could not be converted ({type(exc).__name__}: {exc}): left out"
            continue
        drawn_by = _template_of(text)
        if drawn_by is not None and drawn_by[2]:
            # A page with text of its own: the template may draw words around it.
            found = beside_body(drawn_by[0], _template_text(src, config, drawn_by[0]))
            if found:
                page_report.review(0, found)
        elif drawn_by is not None:
            templated[page] = drawn_by[:2]
        if blog is not None and blog.is_post(page):
            post = post_directive(blog, page, text, result.title)
            result.text = place_post(without_authors(result.text), post)
            for message in post.review:
                page_report.review(0, message)
            for message in post.notes:
                page_report.note(0, message)
            page_report.count("blog-post")
            result.sphinx_extensions.add("ablog")
        results[page] = result
        myst |= result.myst_extensions
        sphinx_ext |= result.sphinx_extensions
    bar.close()
    titles = {page: result.title for page, result in results.items()}
    for page, (name, front) in sorted(templated.items()):
        if page not in results:
            continue
        drawn = carry(
            name,
            _template_text(src, config, name),
            front,
            siblings_of(page, titles),
            page_link(page, set(results)),
        )
        result = results[page]
        result.text = insert_after_title(result.text, drawn.lines)
        result.report.review(0, drawn.review)
        if drawn.extension:
            sphinx_ext.add(drawn.extension)
    if blog is not None and not any(
        "ablog" in result.sphinx_extensions for result in results.values()
    ):
        # The blog plugin is on but the site has no post (or none migrated): no ABlog
        # set-up, which would only cost every build an import.
        report.note(
            "plugin `blog`: the site has no blog post after all, so no ABlog set-up is written"
        )
        blog = None
    if blog is not None and blog.index in results:
        index = results[blog.index]
        index.text = index.text.rstrip("\n") + "\n\n" + "\n".join(postlist()) + "\n"
        index.report.note(0, "the blog's index lists every post (ABlog's postlist)")
    elif blog is not None:
        report.review(f"the blog has no {blog.index}: ABlog's archives list the posts")

    # Links to a section of a page land on it, as they did in mkdocs (or are reviewed).
    slug_name = slug_function(extensions.get("toc"))
    repaired = repair_fragments(
        {page: result.text for page, result in results.items()},
        getattr(anchors, slug_name),
        {page: result.report for page, result in results.items()},
        sources,
    )
    for page, text in repaired.items():
        results[page].text = text

    # A page that failed cannot host a toctree or be listed in one: plan again without it.
    if len(results) != len(pages):
        plan = plan_nav(nav, set(results), root if root in results else None)
        root = root if root in results else None
    for page, result in results.items():
        text = result.text
        if raw_nav is not None and page not in plan.listed and page != root:
            text = _add_orphan(text)
            result.report.note(0, "not in mkdocs' nav: marked `orphan` so Sphinx does not warn")
        if page in plan.hosted:
            text = text.rstrip("\n") + "\n\n" + toctree(plan.hosted[page], hidden=True)
        if page == root:
            for caption, entries in plan.root_toctrees:
                text = text.rstrip("\n") + "\n\n" + toctree(entries, caption=caption, hidden=True)
        outputs[page] = text.encode("utf-8")
    for path, (title, entries) in sorted(plan.generated.items()):
        outputs[path] = (f"# {title}\n\n" + toctree(entries, maxdepth=1)).encode("utf-8")
    if root is None:
        outputs["index.md"] = _root_page(config, plan).encode("utf-8")
        report.note("index.md generated: mkdocs' docs folder has no index.md")

    copies: dict[str, Path] = {asset: docs_dir / asset for asset in assets}
    css = _stylesheets(
        _extra_css(config, files, report),
        docs_dir,
        theme,
        [data.decode("utf-8", "replace") for name, data in outputs.items() if name.endswith(".md")],
        outputs,
        report,
    )
    logo = _theme_file(config, "logo", files)
    favicon = _theme_file(config, "favicon", files)
    outputs["conf.py"] = render_conf(
        config,
        extensions,
        myst,
        sphinx_ext,
        theme=theme,
        css=css,
        logo=logo,
        favicon=favicon,
        course=course_model([results[p] for p in _nav_order(nav, list(results))]),
        blog=conf_lines(blog, config) if blog is not None else None,
        slug=slug_name,
    ).encode("utf-8")
    for path in sorted(set(copies) & {*outputs, REPORT_NAME}):
        # A generated file wins over a file of the same name in docs_dir.
        report.review(f"docs folder has a {path} of its own: not copied, the migration writes it")
        del copies[path]
    written = sorted({*outputs, *copies, REPORT_NAME})
    report.written = written

    dest.mkdir(parents=True, exist_ok=True)
    dest_root = dest.resolve()
    src_root = src.resolve()
    for path in sorted(outputs):
        _atomic_write(dest_root, path, outputs[path], src_root)
    for path in sorted(copies):
        _atomic_write(dest_root, path, copies[path].read_bytes(), src_root)
    # "Ready" means the result passes the contract's checks: validate it as written.
    _report_validation(report, dest_root)
    _atomic_write(dest_root, REPORT_NAME, report.to_markdown().encode("utf-8"), src_root)
    return report


def course_model(results: list[PageResult]) -> dict[str, list[str]]:
    """The contract settings the migrated pages use, for ``conf.py``.

    Domains are the labels of the example tabs, stages the pages' ``stage`` values, tracks
    and modules what each page got: written out, they make a course of any track validate
    without the defaults of the RRI course getting in the way. Settings the installed
    contract does not have yet are left out.
    """
    from ..contract.config import OPTIONS

    known = {option.name: option.default for option in OPTIONS}
    domains: list[str] = []
    stages: list[str] = []
    tracks: list[str] = []
    modules: list[str] = []
    for result in results:
        domains += [d for d in result.domains if d not in domains]
        if result.stage and result.stage not in stages:
            stages.append(result.stage)
        if result.track and result.track not in tracks:
            tracks.append(result.track)
        if result.module and result.module not in modules:
            modules.append(result.module)
    default_stages = [str(s) for s in known.get("rri_stages") or []]
    stages = [s for s in default_stages if s in stages] + [
        s for s in stages if s not in default_stages
    ]
    model = {
        "rri_example_domains": domains,
        "rri_stages": stages,
        "rri_tracks": sorted(tracks),
        "rri_modules": sorted(modules),
    }
    return {name: values for name, values in model.items() if values and name in known}


def _report_validation(report: MigrationReport, dest: Path) -> None:
    """Run ``sphinx-rri validate``'s checks over DEST; each error is a review item of its
    page.

    They run in this process, on the pages as written: validate never runs an
    extension's ``setup`` in the process that calls it (it learns the directive names of
    the site's extensions in a process of its own, and keeps them in the user's cache),
    so nothing of Sphinx is changed here, and the migration saves the start of a second
    interpreter and a second import of the reader (a fifth of a small site's run).
    """
    errors = _validation_errors(dest)
    if errors is None:
        report.review("`sphinx-rri validate` could not check the result: run it on DEST")
        return
    pages = {page.path: page for page in report.pages}
    for path, line, message, code in errors:
        message = f"sphinx-rri validate: {message} [{code}]"
        page = pages.get(path)
        if page is None:
            report.review(f"{path}:{line}: {message}")
        else:
            page.review(0, f"line {line} of the migrated page: {message}")


#: The directive and role names the migration writes, by the extension that defines them
#: (the core names, MyST's and sphinx_rri's, validate knows already). Each is a name the
#: installed extension registers and none is close to a contract name (both tested).
WRITTEN_NAMES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "sphinx_design": (
        frozenset({"dropdown", "grid", "grid-item", "grid-item-card", "tab-item", "tab-set"}),
        frozenset({"material-regular", "octicon"}),
    ),
    "sphinx_immaterial": (frozenset(), frozenset()),
    "sphinx_sitemap": (frozenset(), frozenset()),
    "sphinxcontrib.youtube": (frozenset({"vimeo", "youtube"}), frozenset()),
    "sphinxcontrib.video": (frozenset({"video"}), frozenset()),
    "ablog": (frozenset({"post", "postlist"}), frozenset()),
}


def written_names(listed: object) -> KnownNames | None:
    """The names of :data:`WRITTEN_NAMES` for the extensions of a migrated ``conf.py``,
    or None when it lists one the table does not have."""
    from ..contract.names import CORE_EXTENSIONS, DEFAULT_NAMES

    if not isinstance(listed, (list, tuple)):
        return None
    directives: set[str] = set()
    roles: set[str] = set()
    for name in listed:
        if name in CORE_EXTENSIONS:
            continue
        if name not in WRITTEN_NAMES:
            return None
        directives |= WRITTEN_NAMES[name][0]
        roles |= WRITTEN_NAMES[name][1]
    return DEFAULT_NAMES.with_names(directives, roles)


def _validation_errors(dest: Path) -> list[tuple[str, int, str, str]] | None:
    """(path below DEST, line, message, code) of each error validate finds, or None when
    it cannot check the folder.

    The pages are read first with the names the migration writes (:func:`written_names`)
    as the only ones besides the core's. Learning the names of the site's extensions, as
    validate does, starts a Python that imports Sphinx and runs each extension's set-up:
    a second on a small site, most of the migration's time, when the user's cache does not
    hold them yet. Only when a page uses some other name (text carried from mkdocs that
    MyST reads as a role, say) are the names learnt and the pages read again: every name
    of the table is one the extension defines, so otherwise the findings are the same.
    """
    from ..contract.checks import check_course, errors_and_gaps
    from ..model.diagnostics import Subtype
    from ..reader.extensions import known_names
    from ..reader.project import ProjectError, load_project, scan_project

    try:
        project = load_project(dest, learn_names=False)
        listed = project.conf.get("extensions", ())
        names = written_names(listed)
        diagnostics = None
        if names is not None:
            project.names = names
            course = scan_project(project)
            diagnostics = project.conf_problems + check_course(course, project.settings)
            if any(d.subtype is Subtype.UNKNOWN for d in diagnostics):
                diagnostics = None
        if diagnostics is None:
            extensions = listed if isinstance(listed, (list, tuple)) else ()
            project.names = known_names(extensions, project.srcdir, project.conf)
            course = scan_project(project)
            diagnostics = project.conf_problems + check_course(course, project.settings)
    except (ProjectError, OSError, ValueError, RecursionError):
        return None
    errors, _ = errors_and_gaps(diagnostics)
    found: list[tuple[str, int, str, str]] = []
    for d in errors:
        path = str(d.source or d.docname)
        if os.path.isabs(path):
            path = os.path.relpath(path, dest)
        found.append((posixpath.normpath(path.replace(os.sep, "/")), d.line, d.message, d.code))
    return found


def _template_of(text: str) -> tuple[str, dict[str, Any], bool] | None:
    """(template, front matter, whether the page has a body) of a page that names a
    template."""
    lines = text.replace("\r\n", "\n").split("\n")
    try:
        front, skipped = split_front_matter(lines)
    except PageError:
        return None
    name = front.get("template")
    if not isinstance(name, str) or not name.strip():
        return None
    body = re.sub(r"<!--.*?-->", "", "\n".join(lines[skipped:]), flags=re.S)
    has_body = any(line.strip() and not line.lstrip().startswith("#") for line in body.split("\n"))
    return name.strip(), front, has_body


def _template_text(src: Path, config: dict[str, Any], name: str) -> str | None:
    """The template ``name`` from the theme's ``custom_dir`` (inside SRC only)."""
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    folder = theme.get("custom_dir") if theme else None
    if not isinstance(folder, str):
        return None
    root = src.resolve()
    candidate = (root / folder / name).resolve()
    if not _inside(candidate, root) or not candidate.is_file():
        return None
    try:
        return candidate.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _docs_reader(docs_dir: Path) -> Callable[[str], str | None]:
    """Read a file below docs_dir (never outside it), or None."""

    def read(name: str) -> str | None:
        candidate = (docs_dir / name).resolve()
        if not _inside(candidate, docs_dir) or not candidate.is_file():
            return None
        try:
            return candidate.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    return read


def _add_orphan(text: str) -> str:
    if not text.startswith("---\n"):
        return "---\norphan: true\n---\n\n" + text
    end = text.index("\n---\n", 3)
    if re.search(r"^orphan:", text[:end], re.M):
        return text
    return text[: end + 1] + "orphan: true\n" + text[end + 1 :]


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _snippet_reader(src: Path, options: dict[str, Any]) -> Callable[[str], str | None]:
    """Read snippets as pymdownx.snippets does: from each ``base_path``, SRC-relative.

    A path that resolves outside SRC is never read: a migration must not copy files from
    elsewhere on the machine into the output.
    """
    bases = [str(b) for b in _as_list(options.get("base_path"))] or ["."]
    src_root = src.resolve()

    def read(name: str) -> str | None:
        for base in bases:
            candidate = (src_root / base / name).resolve()
            if _inside(candidate, src_root) and candidate.is_file():
                try:
                    return candidate.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    return None
        return None

    return read


def _nav_order(nav: list[NavItem], pages: list[str]) -> list[str]:
    """``pages`` in the order the nav lists them, then the pages it does not list."""
    order: list[str] = []

    def walk(items: list[NavItem]) -> None:
        for item in items:
            if item.is_section:
                walk(item.children)
            elif item.target and not item.is_link:
                target = item.target.split("#", 1)[0]
                if target.endswith("/") or not target:
                    target += "index.md"
                order.append(posixpath.normpath(target.lstrip("/")))

    walk(nav)
    rank = {path: index for index, path in enumerate(dict.fromkeys(order))}
    return sorted(pages, key=lambda path: (rank.get(path, len(rank)), path))


def _nav_titles(nav: list[NavItem]) -> dict[str, str]:
    titles: dict[str, str] = {}
    for item in nav:
        if item.is_section:
            titles.update(_nav_titles(item.children))
        elif item.title and item.target and not item.is_link:
            titles.setdefault(posixpath.normpath(item.target.lstrip("/")), item.title)
    return titles


def _report_site(
    report: MigrationReport,
    config: dict[str, Any],
    extensions: dict[str, Any],
    plan: NavPlan,
    has_nav: bool,
) -> None:
    for name in sorted(extensions):
        if name not in HANDLED_MARKDOWN:
            report.review(f"markdown extension `{name}` has no mapping: its syntax is kept as text")
    fences = (extensions.get("superfences") or {}).get("custom_fences") or []
    for fence in fences:
        if isinstance(fence, dict) and fence.get("name"):
            report.note(f"custom fence `{fence['name']}` is kept as a code block")
    for plugin in _as_list(config.get("plugins")):
        name = next(iter(plugin)) if isinstance(plugin, dict) else str(plugin)
        if name.split("/")[-1] == "blog":
            report.note("plugin `blog`: the blog is an ABlog blog now")
        elif name in PLUGIN_NOTES:
            report.note(f"plugin `{name}` not carried over: {PLUGIN_NOTES[name]}")
        else:
            report.review(
                f"plugin `{name}` not carried over: find a Sphinx equivalent if it is needed"
            )
    theme = config.get("theme") or {}
    if isinstance(theme, dict):
        carried = ("name", "logo", "favicon", "language", "palette", "features")
        dropped = sorted(k for k in theme if k not in carried)
        if dropped:
            report.note("theme settings not carried over: " + ", ".join(dropped))
        if theme.get("custom_dir"):
            report.review(
                f"theme overrides in `{theme['custom_dir']}` are mkdocs templates: not migrated"
            )
    for script in _as_list(config.get("extra_javascript")):
        target = script.get("path") if isinstance(script, dict) else script
        report.review(
            f"extra_javascript `{target}` not added to conf.py: scripts written for "
            "mkdocs-material (or MathJax, which Sphinx loads itself) need checking first"
        )
    for written, page in plan.repaired:
        report.note(f"nav entry `{written}` does not exist: it now points at `{page}`")
    if plan.missing:
        report.note(
            f"{len(plan.missing)} nav entries point to pages that do not exist and were skipped: "
            + ", ".join(sorted(set(plan.missing)))
        )
    for path in sorted(set(plan.duplicates)):
        report.note(f"{path} is listed more than once in nav: only its first place is kept")
    if plan.generated:
        report.note(
            f"{len(plan.generated)} section pages generated under `{SECTIONS_DIR}/` for nav "
            "sections that have no index page"
        )
    if not has_nav:
        report.note("mkdocs.yml has no nav: toctrees follow the folder tree")


def _extra_css(config: dict[str, Any], files: list[str], report: MigrationReport) -> list[str]:
    out: list[str] = []
    for entry in _as_list(config.get("extra_css")):
        path = str(entry.get("path") if isinstance(entry, dict) else entry)
        if re.match(r"^[a-zA-Z][\w+.-]*:|^//", path):
            report.review(f"extra_css `{path}` is remote: add it to html_css_files if needed")
            continue
        normal = posixpath.normpath(path.lstrip("/"))
        if normal in files:
            out.append(normal)
        else:
            report.review(f"extra_css `{path}` does not exist in the docs folder")
    return out


def _stylesheets(
    css: list[str],
    docs_dir: Path,
    theme: str,
    pages: list[str],
    outputs: dict[str, bytes],
    report: MigrationReport,
) -> list[str]:
    """Write the rules of each ``extra_css`` file that still apply; the files kept."""
    from .css import classes_in_pages, filter_css

    kept: list[str] = []
    page_classes = classes_in_pages(pages)
    for path in css:
        try:
            text = (docs_dir / path).read_bytes().decode("utf-8")
            filtered = filter_css(
                text, material_frame=theme == DEFAULT_THEME, page_classes=page_classes
            )
        except (OSError, UnicodeDecodeError) as error:
            report.review(f"extra_css `{path}` could not be read ({error}): not copied")
            continue
        except ImportError:
            report.review(
                f"extra_css `{path}` copied unchecked: reading CSS needs tinycss2, which the "
                "`migrate` extra installs"
            )
            outputs[f"_static/{path}"] = text.encode("utf-8")
            kept.append(path)
            continue
        if filtered.dropped:
            shown = ", ".join(f"`{sel}`" for sel in filtered.dropped[:5])
            more = f" and {len(filtered.dropped) - 5} more" if len(filtered.dropped) > 5 else ""
            report.review(
                f"extra_css `{path}`: {len(filtered.dropped)} selector(s) target markup the "
                f"migrated site no longer has (mkdocs-material or pymdownx classes): dropped "
                f"{shown}{more}; check the look of what they styled"
            )
        if not filtered.text.strip():
            report.review(f"extra_css `{path}` has no rule left that applies: not copied")
            continue
        outputs[f"_static/{path}"] = filtered.text.encode("utf-8")
        kept.append(path)
    return kept


def _theme_file(config: dict[str, Any], key: str, files: list[str]) -> str | None:
    theme = config.get("theme") or {}
    value = theme.get(key) if isinstance(theme, dict) else None
    if isinstance(value, str) and posixpath.normpath(value) in files:
        return posixpath.normpath(value)
    return None


def _root_page(config: dict[str, Any], plan: NavPlan) -> str:
    title = str(config.get("site_name") or "Documentation")
    out = [f"# {title}", ""]
    description = config.get("site_description")
    if isinstance(description, str) and description.strip():
        out += [description.strip(), ""]
    text = "\n".join(out)
    for caption, entries in plan.root_toctrees:
        text = text.rstrip("\n") + "\n\n" + toctree(entries, caption=caption)
    return text.rstrip("\n") + "\n"


def _copyright(raw: Any) -> str | None:
    if not isinstance(raw, str):
        return None
    text = re.sub(r"<[^>]+>", "", raw)
    if "&" in text:  # an entity (``&copy;``): the only time the HTML module is needed
        from html import unescape

        text = unescape(text)
    text = text.strip()
    text = re.sub(r"^(copyright\s*)?(\u00a9|\(c\))?\s*", "", text, flags=re.I)
    return text or None


def render_conf(
    config: dict[str, Any],
    extensions: dict[str, Any],
    myst: set[str],
    sphinx_extensions: set[str],
    *,
    theme: str,
    css: list[str],
    logo: str | None,
    favicon: str | None,
    course: dict[str, list[str]] | None = None,
    blog: list[str] | None = None,
    slug: str = "toc_slug",
) -> str:
    """The generated ``conf.py``: a readable starting point, every value explained."""
    enabled = set(myst) | {"colon_fence"}
    for name, myst_name in MYST_FOR_MARKDOWN.items():
        if name in extensions:
            enabled.add(myst_name)
    if "attrs_inline" in enabled:
        enabled.add("attrs_block")
    project = str(config.get("site_name") or "Documentation")
    lines = [
        "# Sphinx configuration written by `sphinx-rri migrate` from mkdocs.yml.",
        "# It is a starting point: edit it freely, nothing regenerates it.",
        "",
        f"project = {project!r}",
    ]
    owner = _copyright(config.get("copyright"))
    if owner:
        lines.append(f"copyright = {owner!r}")
    author = config.get("site_author")
    if isinstance(author, str) and author:
        lines.append(f"author = {author!r}")
    theme_config = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    language = theme_config.get("language") if theme_config else None
    if isinstance(language, str) and language:
        lines.append(f"language = {language!r}")
    immaterial = theme == "sphinx_immaterial"
    theme_extensions = {"sphinx_immaterial"} if immaterial else set()
    site_url = config.get("site_url")
    if isinstance(site_url, str) and site_url and not immaterial:
        theme_extensions.add("sphinx_sitemap")
    extension_list = [
        "myst_parser",
        *sorted(set(sphinx_extensions) | theme_extensions),
        "sphinx_rri",
    ]
    lines += [
        "",
        "# sphinx_rri comes last: sphinx-design also has a `step` directive, and the",
        "# extension that registers a name last is the one pages get.",
        "extensions = [",
        *[f"    {name!r}," for name in dict.fromkeys(extension_list)],
        "]",
        "",
        "# MyST syntax the migrated pages use (derived from mkdocs.yml's markdown_extensions).",
        "myst_enable_extensions = [",
        *[f"    {name!r}," for name in sorted(enabled)],
        "]",
        "# mkdocs gives every heading an anchor; so does this, for links like page.md#section,",
        "# made as mkdocs made it (Python-Markdown's toc), so old section addresses still work.",
        "myst_heading_anchors = 6",
        f"myst_heading_slug_func = 'sphinx_rri.migrate.anchors.{slug}'",
    ]
    if "dollarmath" in enabled:
        lines += [
            "# Read $...$ as arithmatex did: no space just inside the dollars, $$...$$ inline too.",
            "myst_dmath_allow_space = False",
            "myst_dmath_double_inline = True",
        ]
    if course:
        lines += [
            "",
            "# The course model the migrated pages use: the example tabs' domains, the",
            "# stages, tracks and modules found in the pages (see the authoring contract).",
        ]
        for name, values in course.items():
            lines.append(f"{name} = [")
            lines += [f"    {value!r}," for value in values]
            lines.append("]")
    lines += blog or []
    lines += [
        "",
        f"exclude_patterns = ['_build', {REPORT_NAME!r}, 'Thumbs.db', '.DS_Store']",
        "",
        "# Strikethrough only renders in HTML; other formats keep the words without the line,",
        "# so MyST's warning for every struck-through span is noise here.",
        "suppress_warnings = ['myst.strikethrough']",
        "",
        f"html_theme = {theme!r}",
        f"html_title = {project!r}",
        "# mkdocs published no page sources, and these themes link none: no _sources/ copy.",
        "html_copy_source = False",
    ]
    if css:
        lines += [
            "html_static_path = ['_static']",
            "html_css_files = [",
            *[f"    {path!r}," for path in css],
            "]",
        ]
    if immaterial:
        lines += _immaterial_conf(config, theme_config or {})
    if logo:
        lines.append(f"html_logo = {logo!r}")
    if favicon:
        lines.append(f"html_favicon = {favicon!r}")
    if isinstance(site_url, str) and site_url:
        lines.append(f"html_baseurl = {site_url!r}")
        if not immaterial:
            # sphinx-immaterial writes a sitemap itself when it knows the site's address.
            lines += ["sitemap_url_scheme = '{link}'"]
    posters = "sphinxcontrib.video" in sphinx_extensions
    lines += [*ADDRESSES_SETUP, *PLAIN_TEMPLATES, *(VIDEO_POSTERS if posters else [])]
    lines += ["", "", "def setup(app):"]
    lines.append("    app.connect('build-finished', keep_addresses)")
    lines.append("    app.connect('builder-inited', plain_templates)")
    if posters:
        lines.append("    app.connect('doctree-resolved', video_posters)")
    if blog:
        lines.append(BLOG_SETUP)
    return "\n".join(lines) + "\n"


def immaterial_options(config: dict[str, Any], theme: dict[str, Any]) -> dict[str, Any]:
    """``html_theme_options`` for sphinx-immaterial from mkdocs' ``theme`` settings."""
    options: dict[str, Any] = {"font": False}
    palette = theme.get("palette")
    entries = palette if isinstance(palette, list) else [palette] if palette else []
    mapped = []
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        item: dict[str, Any] = {}
        for key in ("media", "scheme", "primary", "accent"):
            value = entry.get(key)
            if isinstance(value, str) and value:
                # mkdocs-material writes "deep orange", its stylesheets "deep-orange".
                item[key] = value.strip().lower().replace(" ", "-") if key != "media" else value
        toggle = entry.get("toggle")
        if isinstance(toggle, dict) and toggle.get("icon"):
            item["toggle"] = {
                "icon": str(toggle["icon"]),
                "name": str(toggle.get("name") or "Switch colour scheme"),
            }
        if item:
            mapped.append(item)
    if mapped:
        options["palette"] = mapped
    features = [str(f) for f in _as_list(theme.get("features")) if str(f) in IMMATERIAL_FEATURES]
    if features:
        options["features"] = features
    for key in ("site_url", "repo_url", "repo_name", "edit_uri"):
        value = config.get(key)
        if isinstance(value, str) and value:
            options[key] = value
    if "repo_url" in options and "repo_name" not in options:
        # mkdocs names the repository after its address; sphinx-immaterial needs the name
        # set for any host but GitHub, GitLab and Bitbucket.
        path = urlsplit(options["repo_url"]).path.strip("/")
        options["repo_name"] = path or urlsplit(options["repo_url"]).netloc
    return options


def _immaterial_conf(config: dict[str, Any], theme: dict[str, Any]) -> list[str]:
    options = immaterial_options(config, theme)
    return [
        "# From mkdocs.yml's theme: palette, features, repository. Fonts come from the",
        "# reader's system: sphinx-immaterial would otherwise download them while building.",
        "html_theme_options = " + _python(options),
        "# The pages use the docutils admonitions (note, tip, warning...), which",
        "# sphinx-immaterial styles like Material; its extra admonitions (one is called",
        "# `example`) would take the name of sphinx-rri's example directive.",
        "sphinx_immaterial_generate_extra_admonitions = False",
    ]


#: Appended to every generated conf.py: old addresses keep working in an ``html`` build.
ADDRESSES_SETUP = [
    "",
    "",
    "def keep_addresses(app, exception):",
    "    # mkdocs served each page at a folder address (/a/b/ for a/b.md). `-b dirhtml`",
    "    # builds that layout; after an `-b html` build, a small page at each old address",
    "    # sends readers and bookmarks on to the new one.",
    "    if exception is not None or app.builder.name != 'html':",
    "        return",
    "    import os",
    "",
    "    for name in sorted(app.env.found_docs):",
    "        if name == 'index' or name.endswith('/index'):",
    "            continue",
    "        folder = os.path.join(app.outdir, *name.split('/'))",
    "        if os.path.exists(os.path.join(folder, 'index.html')):",
    "            continue",
    "        os.makedirs(folder, exist_ok=True)",
    "        page = '../' + name.rsplit('/', 1)[-1] + '.html'",
    "        with open(os.path.join(folder, 'index.html'), 'w', encoding='utf-8') as stream:",
    "            stream.write(",
    "                '<!DOCTYPE html>\\n<meta charset=\"utf-8\">\\n<title>Moved</title>\\n'",
    '                f\'<link rel="canonical" href="{page}">\\n\'',
    '                f\'<meta http-equiv="refresh" content="0; url={page}">\\n\'',
    "                f'<p><a href=\"{page}\">{page}</a></p>\\n'",
    "            )",
]


#: Appended to every generated conf.py: the theme's templates rendered without Jinja's
#: sandbox, which checks every attribute they read (about a tenth of the CPU of a cold
#: build of a hundred pages under sphinx-immaterial, whose navigation reads thousands a
#: page). The templates are the installed theme's and the site's own, never a page's:
#: a page is data the templates print, which the sandbox never looks at. The pages
#: written are the same bytes (``tests/migrate/test_migrate_speed.py``).
PLAIN_TEMPLATES = [
    "",
    "",
    "def plain_templates(app):",
    "    # Sphinx renders the theme's templates in Jinja's sandbox, which checks every",
    "    # attribute a template reads. These templates are the installed theme's (and",
    "    # this folder's own), never a page's, so the check guards nothing here, and it",
    "    # costs about a tenth of the build: the same environment, unsandboxed, writes",
    "    # the same pages. Delete this function and its line in setup() to keep it.",
    "    import jinja2",
    "    from jinja2.sandbox import SandboxedEnvironment",
    "",
    "    environment = getattr(getattr(app.builder, 'templates', None), 'environment', None)",
    "    if type(environment) is SandboxedEnvironment:",
    "        environment.__class__ = jinja2.Environment",
]


#: Appended to a conf.py whose pages show videos: sphinxcontrib-video copies a video's
#: file into the build, but writes its ``:poster:`` as the page gave it, a path to a
#: picture that is not copied (and, in a ``dirhtml`` build, one folder off).
VIDEO_POSTERS = [
    "",
    "",
    "def video_posters(app, doctree, docname):",
    "    # sphinxcontrib-video copies each video's file but writes its poster (the picture",
    "    # shown before it plays) as the page wrote it: the picture is copied with the",
    "    # images, and the video points at the copy from wherever its page is written.",
    "    if app.builder.format != 'html':",
    "        return",
    "    import os",
    "",
    "    from sphinx.util.osutil import relative_uri",
    "    from sphinxcontrib.video import video_node",
    "",
    "    for node in doctree.findall(video_node):",
    "        poster = node.get('poster', '')",
    "        if not poster or ':' in poster or poster.startswith('//'):",
    "            continue",
    "        source, path = app.env.relfn2path(poster, docname)",
    "        if not os.path.isfile(path):",
    "            continue",
    "        name = app.env.images.add_file(docname, source)",
    "        app.builder.images[source] = name",
    "        target = app.builder.get_target_uri(docname)",
    "        node['poster'] = relative_uri(target, app.builder.imagedir + '/' + name)",
]


def _python(value: Any, depth: int = 0) -> str:
    """``value`` (dicts, lists, scalars) as Python source, one item a line."""
    pad, inner = "    " * depth, "    " * (depth + 1)
    if isinstance(value, dict) and value:
        items = [f"{inner}{key!r}: {_python(item, depth + 1)}," for key, item in value.items()]
        return "{\n" + "\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list) and value:
        items = [f"{inner}{_python(item, depth + 1)}," for item in value]
        return "[\n" + "\n".join(items) + f"\n{pad}]"
    return repr(value)


def _atomic_write(root: Path, relative: str, data: bytes, src_root: Path) -> None:
    target = (root / relative).resolve()
    if not _inside(target, root) or _inside(target, src_root):
        raise UsageError(f"refusing to write {relative}: outside DEST or inside SRC")
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, target)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
