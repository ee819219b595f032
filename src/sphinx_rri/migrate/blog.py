"""The blog of Material for MkDocs (its ``blog`` plugin) as an ABlog blog.

The plugin reads posts from ``<blog_dir>/posts/`` (front matter ``date``, ``authors``,
``categories``, ``slug``, ``draft``; ``<!-- more -->`` ends the excerpt) and authors
from ``<blog_dir>/.authors.yml``; it lists the posts on ``<blog_dir>/index.md`` and
builds archive and category pages. ABlog, Sphinx's blog extension, does the same from a
``{post}`` directive on each post page and a ``{postlist}`` on the index:

- each post gets ``{post}`` with its date, authors, categories and tags, and, as
  ``:redirect:``, the address the blog plugin gave it, so that old links to the post
  still arrive. What comes before ``<!-- more -->`` is the directive's content, which
  ABlog shows in its place on the post's page and as the excerpt in the lists, lists
  and boxes included (counting paragraphs, ABlog's other way, takes the paragraphs of a
  list one by one and drops the rest);
- the blog index gets a ``{postlist}`` of every post, with excerpts; ABlog writes the
  archives by date, category and author itself;
- a draft stays a draft (a post without a date, which ABlog lists nowhere), and is
  named in the report.

Nothing here imports ABlog: the conversion only writes text.
"""

from __future__ import annotations

import datetime
import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .meta import dump_front_matter, load_yaml, split_front_matter
from .render import strip_blank_lines
from .structure import analyse

DEFAULT_URL_FORMAT = "{date}/{slug}"
DEFAULT_URL_DATE_FORMAT = "yyyy/MM/dd"
MORE = re.compile(r"^\s*<!--\s*more\s*-->\s*$", re.I)


def material_slug(text: str) -> str:
    """A title or category as the blog plugin writes it in an address (its default,
    pymdownx's slugify in lower case): tags and punctuation go, each space is a hyphen,
    letters of any script stay."""
    text = re.sub(r"</?[^>]*>", "", unicodedata.normalize("NFC", text)).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


@dataclass
class Blog:
    root: str
    """The blog's folder below docs_dir (``blog``)."""
    url_format: str = DEFAULT_URL_FORMAT
    url_date_format: str = DEFAULT_URL_DATE_FORMAT
    url_max_categories: int = 1
    authors: dict[str, dict[str, str]] = field(default_factory=dict)
    posts: list[str] = field(default_factory=list)

    @property
    def index(self) -> str:
        return posixpath.join(self.root, "index.md")

    def is_post(self, page: str) -> bool:
        return page.startswith(posixpath.join(self.root, "posts") + "/")


def find_blog(config: dict[str, Any], read_text: Any) -> Blog | None:
    """The blog plugin's settings from mkdocs.yml, or None when the site has no blog."""
    for plugin in config.get("plugins") or []:
        name = next(iter(plugin)) if isinstance(plugin, dict) else str(plugin)
        if name.split("/")[-1] != "blog":
            continue
        options = plugin.get(name) if isinstance(plugin, dict) else None
        options = options if isinstance(options, dict) else {}
        blog = Blog(
            root=str(options.get("blog_dir") or "blog").strip("/"),
            url_format=str(options.get("post_url_format") or DEFAULT_URL_FORMAT),
            url_date_format=str(options.get("post_url_date_format") or DEFAULT_URL_DATE_FORMAT),
        )
        most = options.get("post_url_max_categories")
        if isinstance(most, int) and not isinstance(most, bool) and most >= 0:
            blog.url_max_categories = most
        authors_text = read_text(posixpath.join(blog.root, ".authors.yml"))
        if authors_text:
            data = load_yaml(authors_text)
            found = data.get("authors") if isinstance(data, dict) else None
            if isinstance(found, dict):
                blog.authors = {
                    str(key): {k: str(v) for k, v in value.items()}
                    for key, value in found.items()
                    if isinstance(value, dict)
                }
        return blog
    return None


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, dict):
        value = value.get("created")
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _url_date(date: datetime.date, pattern: str) -> str:
    """mkdocs-material's Babel date pattern (``yyyy/MM/dd``) for the post's address."""
    out = pattern
    for token, value in (
        ("yyyy", f"{date.year:04d}"),
        ("MM", f"{date.month:02d}"),
        ("dd", f"{date.day:02d}"),
        ("yy", f"{date.year % 100:02d}"),
    ):
        out = out.replace(token, value)
    return out


def _list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, (str, int, float))]
    return []


@dataclass
class Post:
    directive: list[str]
    """The ``{post}`` directive's opening line and options."""
    byline: str = ""
    """What the blog plugin showed beside the post, as a line of the page."""
    excerpt: int = 1
    """Paragraphs of the excerpt, for a post whose excerpt cannot be the content."""
    review: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def post_directive(blog: Blog, page: str, source: str, title: str) -> Post:
    """The ``{post}`` directive for the post at ``page`` whose source text is ``source``."""
    lines = source.replace("\r\n", "\n").split("\n")
    front, skipped = split_front_matter(lines)
    post = Post([])
    date = _date(front.get("date"))
    options: list[tuple[str, str]] = []
    authors = []
    for key in _list(front.get("authors")):
        name = blog.authors.get(key, {}).get("name")
        if name is None:
            post.review.append(f"author `{key}` is not in {blog.root}/.authors.yml")
        authors.append(key)
    if authors:
        options.append(("author", ", ".join(authors)))
    categories = _list(front.get("categories"))
    if categories:
        options.append(("category", ", ".join(c.replace(",", " ") for c in categories)))
    tags = _list(front.get("tags"))
    if tags:
        options.append(("tags", ", ".join(t.replace(",", " ") for t in tags)))
    body = lines[skipped:]
    more = next((i for i, line in enumerate(body) if MORE.match(line)), None)
    excerpt = 1
    if more is not None:
        # ABlog counts paragraphs; the heading and the blank lines are not ones.
        text = "\n".join(line for line in body[:more] if not line.lstrip().startswith("#"))
        excerpt = max(len([p for p in re.split(r"\n\s*\n", text) if p.strip()]), 1)
    if date is not None:
        shown = [material_slug(c) for c in categories[: blog.url_max_categories]]
        address = blog.url_format.replace("{date}", _url_date(date, blog.url_date_format))
        address = address.replace("{slug}", str(front.get("slug") or material_slug(title)))
        address = address.replace("{file}", posixpath.splitext(posixpath.basename(page))[0])
        address = address.replace("{categories}", "/".join(shown))
        old = posixpath.join(blog.root, posixpath.normpath(address.strip("/")))
        if old != posixpath.splitext(page)[0]:
            options.append(("redirect", old))
            post.notes.append(f"the blog plugin served this post at /{old}/: ABlog redirects it")
    else:
        post.review.append("post has no readable `date`: ABlog lists it without one")
    draft = front.get("draft") is True
    if draft:
        # A post without a date is an ABlog draft: on its page, in no list or feed.
        post.review.append("draft post: migrated as an ABlog draft, in none of the lists")
    argument = date.isoformat() if date is not None and not draft else ""
    # What the blog plugin showed beside the post (date, authors, categories) as a line
    # of the page, so that every theme shows it; ABlog's sidebars need theme support.
    updated = _date(front["date"].get("updated")) if isinstance(front.get("date"), dict) else None
    byline = [
        _day(date) if date is not None else "",
        f"updated {_day(updated)}" if updated is not None and updated != date else "",
        ", ".join(blog.authors.get(key, {}).get("name") or key for key in authors),
        ", ".join(categories),
    ]
    post.directive = [
        f"{{post}} {argument}".rstrip(),
        *[f":{key}: {value}".rstrip() for key, value in options],
    ]
    if any(byline):
        post.byline = "*" + " · ".join(part for part in byline if part) + "*"
        excerpt += 1  # the byline is the post's first paragraph now
    post.excerpt = excerpt
    return post


def _day(date: datetime.date) -> str:
    return f"{date.day} {date.strftime('%B')} {date.year}"


def place_post(text: str, post: Post) -> str:
    """The converted post ``text`` with its ``{post}`` directive after the title.

    The words before ``<!-- more -->`` (and the byline) go inside the directive, which
    ABlog shows in their place and uses as the excerpt. Without that marker, or with a
    heading before it (a directive cannot hold a section), the directive is empty and
    counts paragraphs instead, as ABlog does by default.
    """
    lines = text.split("\n")
    title = next((i for i, line in enumerate(lines) if line.startswith("# ")), None)
    more = next((i for i, line in enumerate(lines) if MORE.match(line)), None)
    start = 0 if title is None else title + 1
    body = lines[start:more] if more is not None and more >= start else None
    if body is not None and not analyse(body).headings:
        content = [post.byline, ""] if post.byline else []
        content += strip_blank_lines(body)
        longest = max(
            (len(m) for line in content for m in re.findall(r"^\s*(`{3,})", line)), default=2
        )
        fence = "`" * max(3, longest + 1)
        block = [fence + post.directive[0], *post.directive[1:], "", *content, fence]
        rest = strip_blank_lines(lines[more + 1 :]) if more is not None else []
        return "\n".join([*lines[:start], "", *block, *(["", *rest] if rest else []), ""])
    block = [
        ":::" + post.directive[0],
        f":excerpt: {post.excerpt}",
        *post.directive[1:],
        ":::",
        *(["", post.byline] if post.byline else []),
    ]
    return insert_after_title(text, block)


def without_authors(text: str) -> str:
    """A post's converted text without ``authors`` in its front matter. The ``{post}``
    directive and the line under the title carry them, with their names; left in the
    front matter, the course metadata would show their keys (``ana, tom``) as a
    paragraph after the title, which ABlog counts in the excerpt, cutting its end."""
    lines = text.split("\n")
    front, skipped = split_front_matter(lines)
    if "authors" not in front:
        return text
    del front["authors"]
    return dump_front_matter(front) + "\n".join(lines[skipped:])


def postlist() -> list[str]:
    return [
        ":::{postlist}",
        ":date: %Y-%m-%d",
        ":format: {title}",
        ":excerpts:",
        ":::",
    ]


def insert_after_title(text: str, block: list[str]) -> str:
    """``text`` (a converted page) with ``block`` after its level-1 heading."""
    lines = text.split("\n")
    at = next((i for i, line in enumerate(lines) if line.startswith("# ")), None)
    if at is None:
        return text.rstrip("\n") + "\n\n" + "\n".join(block) + "\n"
    return "\n".join([*lines[: at + 1], "", *block, *lines[at + 1 :]])


def conf_lines(blog: Blog, config: dict[str, Any]) -> list[str]:
    """ABlog's settings for ``conf.py``."""
    authors = {
        key: (value.get("name") or key, value.get("url") or None)
        for key, value in sorted(blog.authors.items())
    }
    lines = [
        "",
        "# The blog (mkdocs-material's blog plugin before): ABlog. Its own pages (the",
        "# archives by date, category and author) go below blog_path.",
        f"blog_path = {posixpath.join(blog.root, 'archive')!r}",
        f"blog_title = {str(config.get('site_name') or 'Blog')!r}",
        "post_date_format = '%d %B %Y'",
        "post_auto_excerpt = 1",
        "# ABlog's own page templates extend the basic theme's layout, which furo and",
        "# sphinx-immaterial do not draw pages with: the theme's own templates are used.",
        "skip_injecting_base_ablog_templates = True",
    ]
    site_url = config.get("site_url")
    if isinstance(site_url, str) and site_url:
        lines.append(f"blog_baseurl = {site_url!r}")
    if authors:
        lines.append("blog_authors = {")
        lines += [f"    {key!r}: {value!r}," for key, value in authors.items()]
        lines.append("}")
    return [*lines, *TEMPLATES_AFTER_THEME]


#: Connected in the generated ``setup()``: ABlog's templates (the archive pages) as a
#: fallback after the theme's own, as ABlog does for themes that ask for it.
TEMPLATES_AFTER_THEME = [
    "",
    "",
    "def ablog_templates_after_theme(app):",
    "    import ablog",
    "    from sphinx.jinja2glue import SphinxFileSystemLoader",
    "",
    "    loaders = getattr(getattr(app.builder, 'templates', None), 'loaders', None)",
    "    if loaders is not None:",
    "        loaders.append(SphinxFileSystemLoader(ablog.get_html_templates_path()))",
]
SETUP = "    app.connect('builder-inited', ablog_templates_after_theme)"
