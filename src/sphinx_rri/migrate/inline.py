"""Inline syntax: what changes inside a line of text.

One scanner walks a line and splits it into pieces that must stay as they are (code spans,
inline HTML, autolinks, link targets, math) and pieces of prose. Prose gets the
replacements its mkdocs site had switched on: emoji and icon shortcodes, abbreviations,
smart symbols, ``==mark==``, ``^^insert^^``, ``^sup^``, ``~sub~``, ``++keys++`` and bare
URLs. Images and links keep their place, with their ``attr_list`` rewritten into MyST's
``{...}`` form; the text of a link and of a struck-through span is converted in turn.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from functools import lru_cache

from .context import Context
from .icons import convert_shortcode

#: The longest inline construct recognised, code spans and comments apart: each other
#: construct is looked for within this many characters of where it starts, so that a
#: line of ten thousand unclosed ``[`` or ``\(`` costs ten thousand short looks, not
#: ten thousand looks to the end of the line.
MAX_INLINE = 1_000

# Each item of a link's text is taken whole, the first way it reads (the lookahead and
# back reference make the group atomic): trying every way to split "![" into items made
# a line of "[![![![" take minutes.
_LINK_TEXT = r"(?:(?=(?P<altitem>[^\[\]\n]+|\[[^\]\n]*\]))(?P=altitem))*"
_DESTINATION = r"[^()\s]*(?:\([^()\s]*\)[^()\s]*)*"

INLINE = re.compile(
    # A code span opens and closes with runs of the same number of backticks (whole runs,
    # as CommonMark reads them: trying shorter runs made a long run take minutes).
    r"(?P<code>(?<!`)(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`))"
    r"|(?P<comment><!--.*?-->)"
    r"|(?P<autolink><(?:https?|mailto|ftp):[^<>\s]+>)"
    r"|(?P<br>(?i:<br\s*/?>))"
    r"|(?P<pair>(?i:<(?P<ptag>sup|sub|kbd|mark|s|del|strike|ins|u|b|strong|i|em)>"
    r"(?P<pinner>(?:(?!</?(?P=ptag)>).)*?)</(?P=ptag)>))"
    r"|(?P<apair>(?i:<(?P<atag>a|abbr|span|small|q|cite|code|font|dfn|var|samp|tt)"
    r"(?P<aattrs>\s[^<>]*)?>(?P<ainner>(?:(?!</?(?P=atag)[\s>]).)*?)</(?P=atag)\s*>))"
    r"|(?P<tag></?[a-zA-Z][\w-]*(?:\s[^<>]*)?/?>)"
    r"|(?P<dmath>\$\$.+?\$\$)"
    r"|\\\((?P<pmath>.+?)\\\)"
    r"|(?P<math>(?<![\\$\w])\$(?![\s$])[^$\n]*?[^\s\\$]\$(?![\w$]))"
    r"|(?P<image>!\[(?P<alt>" + _LINK_TEXT + r")\]\((?P<src>" + _DESTINATION + r")"
    r"(?P<ititle>\s+\"[^\"]*\")?\)(?P<iattrs>\{[^{}\n]*\})?)"
    r"|(?P<link>\[(?P<text>(?:(?=(?P<textitem>!\[[^\]\n]*\]\([^)\n]*\)|[^\[\]\n!]+|!"
    r"|\[[^\]\n]*\]))(?P=textitem))*)\]"
    r"\((?P<href>" + _DESTINATION + r")(?P<ltitle>\s+\"[^\"]*\")?\)(?P<lattrs>\{[^{}\n]*\})?)"
    r"|(?P<footref>\[\^[^\]\s]+\])"
    r"|(?P<cite>\[@[\w:.-]+(?:\s*;\s*@[\w:.-]+)*\])"
    r"|(?P<strike>~~(?=\S)(?P<struck>.+?)(?<=\S)~~)"
    r"|(?P<url>(?<![\w/<(\"'=\[])(?:https?://|www\.)[^\s<>\[\]()\"']*[^\s<>\[\]()\"'.,;:!?*_~])"
    r"|(?P<shortcode>(?<![\w:`\\]):(?P<name>[a-z0-9_+-]+):(?![\w:])"
    r"(?P<scattrs>\{[^{}\n]*\})?(?P<scspace>[ \t]*))"
)

#: Where an inline construct may start: the first character of each of INLINE's.
#: A ``{name}`` at the end of prose, which MyST reads as a role when a code span follows.
_ROLE_LOOKALIKE = re.compile(r"(?<!\\)\{(?=[A-Za-z][\w:+.-]*\}$)")
_START = re.compile(r"[`<$\\!\[~:hw]")

#: Where a line's own text starts: after its indentation and any list or quote markers.
_LINE_LEAD = re.compile(r"[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+|>[ \t]?)*")
#: Line syntax of MyST that Python-Markdown shows as text: a colon fence (three or more
#: colons, with or without ``{name}``), a ``% comment`` and a ``+++`` block break (MyST
#: allows spaces between its plus signs).
_MYST_LINE_START = re.compile(r":{3,}|%|\+(?:[ \t]*\+){2}")
#: A ``(label)=`` target: MyST reads it when the line's text ends so too.
_MYST_TARGET = re.compile(r"\([^\n]+\)=\s*$")
_MYST_KINDS = {":": "colon fence", "%": "comment", "+": "block break", "(": "target"}


def escape_myst_line(line: str) -> tuple[str, str | None]:
    """The line with MyST's own line syntax escaped, and what MyST would have read.

    A line that Python-Markdown shows as text can be a directive fence, a comment, a
    block break or a target to MyST, wherever it stands (these interrupt a paragraph and
    work inside list items and quotes). A backslash before its first character keeps it
    text: MyST shows the character alone, as mkdocs did. Returns the line unchanged with
    ``None`` when MyST reads it as text too, and unchanged with the kind when no escape
    can carry it (``+ + +`` is nested lists to Python-Markdown, a block break to MyST).
    """
    stripped = line.lstrip(" \t")
    if _MYST_LINE_START.match(stripped) and stripped[0] == "+":
        if stripped[1] in " \t":
            return line, _MYST_KINDS["+"]
        at = len(line) - len(stripped)
    else:
        lead = _LINE_LEAD.match(line)
        at = lead.end() if lead else 0
    rest = line[at:]
    if not (_MYST_LINE_START.match(rest) or _MYST_TARGET.match(rest)):
        return line, None
    return line[:at] + "\\" + rest, _MYST_KINDS[rest[0]]


#: What must come later in the line for a construct starting with this character to
#: match at all (each of INLINE's constructs that starts so ends with it).
_CLOSERS = {
    "[": re.compile(r"\]\("),
    "[^": re.compile(r"\]"),
    "[@": re.compile(r"\]"),
    "!": re.compile(r"\]\("),
    "\\": re.compile(r"\\\)"),
    "$": re.compile(r"\$"),
    "~": re.compile(r"(?<=\S)~~"),
    "<": re.compile(r">"),
    ":": re.compile(r":"),
}


def inline_matches(line: str) -> Iterator[re.Match[str]]:
    """INLINE's matches in ``line``, as ``finditer`` gives them, in time linear in it.

    Only where a construct may start, and only if the character that would end it comes
    later within :data:`MAX_INLINE` characters, is INLINE tried. A code span, and a
    comment whose ``-->`` comes later in the line, are matched whole whatever their
    length (each costs the text it spans); any other construct within
    :data:`MAX_INLINE` characters, so that a failed look costs at most that many.
    """
    comment_end = line.rfind("-->")
    ends: dict[str, list[int]] = {}
    position = 0
    while True:
        start = _START.search(line, position)
        if start is None:
            return
        at = start.start()
        char = line[at]
        if char == "`" or (char == "<" and line.startswith("<!--", at) and comment_end >= at + 4):
            match = INLINE.match(line, at)
        else:
            key = line[at : at + 2] if line.startswith(("[^", "[@"), at) else char
            closer = _CLOSERS.get(key)
            if closer is not None:
                found = ends.get(key)
                if found is None:
                    found = ends[key] = [m.start() for m in closer.finditer(line)]
                after = bisect_right(found, at)
                if after == len(found) or found[after] >= at + MAX_INLINE:
                    position = at + 1
                    continue
            match = INLINE.match(line, at, at + MAX_INLINE)
        if match is None:
            position = at + 1
            continue
        yield match
        position = max(match.end(), at + 1)


_SMART_SYMBOLS = [
    (re.compile(r"\(tm\)", re.I), "\u2122"),
    (re.compile(r"\(c\)", re.I), "\u00a9"),
    (re.compile(r"\(r\)", re.I), "\u00ae"),
    (re.compile(r"(?<!\w)c/o(?!\w)"), "\u2105"),
    (re.compile(r"\+/-"), "\u00b1"),
    (re.compile(r"<-->"), "\u2194"),
    (re.compile(r"(?<!-)-->"), "\u2192"),
    (re.compile(r"<--(?!-)"), "\u2190"),
    (re.compile(r"=/="), "\u2260"),
    (re.compile(r"(?<![\d/])1/4(?![\d/])"), "\u00bc"),
    (re.compile(r"(?<![\d/])1/2(?![\d/])"), "\u00bd"),
    (re.compile(r"(?<![\d/])3/4(?![\d/])"), "\u00be"),
]
_KEYS = re.compile(r"\+\+([\w]+(?:\+[\w]+)*)\+\+")
_MARK = re.compile(r"(?<![=\w])==(?=\S)([^=\n]+?)(?<=\S)==(?![=\w])")
_INSERT = re.compile(r"(?<!\^)\^\^(?=\S)([^\^\n]+?)(?<=\S)\^\^(?!\^)")
_SUP = re.compile(r"(?<!\^)\^([^\^\s]+)\^(?!\^)")
_SUB = re.compile(r"(?<!~)~([^~\s]+)~(?!~)")
_ATTR_TOKEN = re.compile(r"""(#[\w:.-]+|\.[\w-]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s"'}]+))""")
_INLINE_HILITE = re.compile(r"^(`+)\s?#!\w[\w+-]*\s+(.*?)\s?\1$")

#: Image attributes MyST understands (``attrs_inline``); others are dropped and reported.
_IMAGE_KEYS = ("width", "height", "align", "title")


def _keys_label(keys: str) -> str:
    return "+".join(
        part if len(part) <= 1 else part[:1].upper() + part[1:] for part in keys.split("+")
    )


@lru_cache(maxsize=64)
def _abbreviation_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(r"(?<![\w-])(" + alternatives + r")(?![\w-])")


def parse_attr_list(raw: str) -> tuple[str | None, list[str], dict[str, str]]:
    """``{: #id .a .b key="v" }`` -> (id, classes, key/values)."""
    inner = raw.strip()[1:-1].strip()
    inner = inner.removeprefix(":").strip()
    ident: str | None = None
    classes: list[str] = []
    values: dict[str, str] = {}
    for token in _ATTR_TOKEN.findall(inner):
        if token.startswith("#"):
            ident = token[1:]
        elif token.startswith("."):
            classes.append(token[1:])
        else:
            key, _, value = token.partition("=")
            values[key.lower()] = value.strip("\"'")
    return ident, classes, values


def _quote(value: str) -> str:
    return '"' + value.replace('"', "'") + '"'


class InlineConverter:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.cited: set[str] = set()

    # -- entry point ---------------------------------------------------------------------

    def convert(
        self, line: str, *, line_index: int = 0, title: bool = False, in_link: bool = False
    ) -> str:
        """Convert one line of prose.

        ``title`` is for directive arguments (no abbreviations there: a role in a task
        title would change its id); ``in_link`` for link text (no autolinks inside links).
        """
        out: list[str] = []
        position = 0
        # No abbreviation roles in titles or in link text (a role in a link would break it).
        plain = title or in_link
        for match in inline_matches(line):
            prose = line[position : match.start()]
            if match.group("code") is not None and _ROLE_LOOKALIKE.search(prose):
                # ``{name}`` right before a code span is text to mkdocs and a role to
                # MyST: the brace escaped, the page shows what mkdocs showed.
                prose = _ROLE_LOOKALIKE.sub(r"\\{", prose)
                self.ctx.report.count("role-lookalike")
            out.append(self._prose(prose, plain))
            out.append(self._token(match, line_index, title, in_link))
            position = match.end()
        out.append(self._prose(line[position:], plain))
        result = "".join(out)
        if result != line and not line[:1].isspace():
            # A dropped icon at the start of a line must not leave it indented.
            result = result.lstrip(" ")
        return result

    # -- protected and structured pieces --------------------------------------------------

    def _token(self, match: re.Match[str], line_index: int, title: bool, in_link: bool) -> str:
        kind = match.lastgroup
        text = match.group(0)
        ctx = self.ctx
        if match.group("code") is not None:
            if ctx.enabled("inlinehilite"):
                hilite = _INLINE_HILITE.match(text)
                if hilite:
                    return f"{hilite.group(1)}{hilite.group(2)}{hilite.group(1)}"
            return text
        if match.group("comment") is not None:
            ctx.report.count("html-comment")
            return text
        if match.group("br") is not None:
            ctx.report.count("inline-html")
            line = match.string
            if title or line.lstrip().startswith("|") or not line[match.end() :].strip():
                # No line break in a title or a table cell; at the end of a line the break
                # is made by the renderer, which knows whether a line follows.
                return " " if line[match.end() :].strip() else ""
            # A backslash before the newline is CommonMark's hard line break; the rest of
            # the line goes on at the same indentation (or lazily, in a list item).
            return "\\\n" + " " * (len(line) - len(line.lstrip(" ")))
        if match.group("pair") is not None:
            return self._pair(match, line_index, title, in_link)
        if match.group("apair") is not None:
            return self._attributed(match, line_index, title, in_link)
        if match.group("autolink") is not None or match.group("tag") is not None:
            if match.group("tag") is not None and text.lower().startswith("<img"):
                ctx.myst_extensions.add("html_image")
            return text
        if match.group("dmath") is not None or match.group("math") is not None:
            if ctx.enabled("arithmatex"):
                ctx.report.count("math")
                ctx.myst_extensions.add("dollarmath")
            return text
        if match.group("pmath") is not None:
            if not ctx.enabled("arithmatex"):
                return text
            ctx.report.count("math")
            ctx.myst_extensions.add("dollarmath")
            return "$" + match.group("pmath") + "$"
        if match.group("image") is not None:
            return self._image(match, line_index)
        if match.group("link") is not None:
            return self._link(match, line_index, title)
        if match.group("footref") is not None:
            return text
        if match.group("cite") is not None:
            if text not in self.cited:
                self.cited.add(text)
                ctx.report.review(
                    ctx.line(line_index),
                    f"citation {text} (mkdocs-bibtex syntax) kept as text: "
                    "sphinxcontrib-bibtex's {cite} role is the Sphinx equivalent",
                )
            return text
        if match.group("strike") is not None:
            inner = self.convert(
                match.group("struck"), line_index=line_index, title=title, in_link=in_link
            )
            if ctx.enabled("tilde"):
                ctx.report.count("strikethrough")
                ctx.myst_extensions.add("strikethrough")
            return f"~~{inner}~~"
        if match.group("url") is not None:
            if in_link or not ctx.enabled("magiclink"):
                return text
            url = text if not text.startswith("www.") else "https://" + text
            return f"<{url}>" if url == text else f"[{text}]({url})"
        if match.group("shortcode") is not None:
            return self._shortcode(match, line_index)
        raise AssertionError(f"unhandled inline token {kind}")  # pragma: no cover

    def _pair(self, match: re.Match[str], line_index: int, title: bool, in_link: bool) -> str:
        """``<sup>2</sup>``, ``<kbd>Ctrl</kbd>``, ``<mark>...</mark>``: MyST syntax, not HTML."""
        tag, inner = match.group("ptag").lower(), match.group("pinner")
        self.ctx.report.count("inline-html")
        if tag in ("sup", "sub", "kbd"):
            link = _ONE_LINK.fullmatch(inner)
            href = _tag_attributes(link.group("attrs")).get("href", "").strip() if link else ""
            words = re.sub(r"<[^<>]*>", "", link.group("words") if link else inner).strip()
            if not words:
                return ""
            if "`" in words:
                return self.convert(words, line_index=line_index, title=title, in_link=in_link)
            role = "{" + tag + "}`" + words + "`"
            if link and href and not (title or in_link) and not re.search(r"[\s<>]", href):
                # A footnote-style reference, <sup><a href="#ref1">1</a></sup>: the
                # superscript stays a link (MyST reads a role inside a link's text).
                href = href.replace("(", "%28").replace(")", "%29")
                return f"[{role}]({self._check_local(href, line_index, 'link')})"
            if link and href:
                self.ctx.report.note(
                    self.ctx.line(line_index),
                    f"the link of <{tag}>{words}</{tag}> is dropped here (a title or a "
                    "link's text cannot hold one), its words kept",
                )
            return role
        converted = self.convert(inner, line_index=line_index, title=title, in_link=in_link)
        if not converted.strip():
            return converted
        if tag in ("s", "del", "strike"):
            self.ctx.myst_extensions.add("strikethrough")
            return f"~~{converted.strip()}~~"
        if tag in ("b", "strong"):
            return f"**{converted.strip()}**"
        if tag in ("i", "em"):
            return f"*{converted.strip()}*"
        return self._span(
            converted, "rri-ins" if tag in ("ins", "u") else "rri-mark", title or in_link
        )

    def _attributed(self, match: re.Match[str], line_index: int, title: bool, in_link: bool) -> str:
        """``<a href>``, ``<code>``, ``<abbr title>``, ``<q>``, ``<span>``... as Markdown.

        What a reader saw stays: a link's text and target, code as code, an abbreviation's
        expansion on hover, the quotation marks a browser draws around ``<q>``. Styling
        (``style``, ``target``, a ``<small>`` size) has no MyST form and is noted.
        """
        tag = match.group("atag").lower()
        attrs = _tag_attributes(match.group("aattrs") or "")
        inner = match.group("ainner")
        line = self.ctx.line(line_index)
        if tag in ("code", "samp", "tt") and "<" not in inner:
            import html

            code = html.unescape(inner)
            if not code.strip() or "\n" in code:
                return match.group(0)
            self.ctx.report.count("inline-html")
            ticks = "`" * (max((len(run) for run in re.findall(r"`+", code)), default=0) + 1)
            pad = " " if code.startswith("`") or code.endswith("`") else ""
            return f"{ticks}{pad}{code}{pad}{ticks}"
        if tag == "a" and "href" not in attrs and not (in_link or title) and not inner.strip():
            ident = attrs.get("id") or attrs.get("name") or ""
            if _ANCHOR_ID.fullmatch(ident):
                # <a id="ref1"></a>, a place links of the site jump to: an empty MyST span
                # with that id (docutils writes it as it makes every id, and MyST's links
                # to #ref1 find it).
                self.ctx.myst_extensions.add("attrs_inline")
                self.ctx.report.count("inline-html")
                return "[]{#" + ident + "}"
        if tag == "a" and ("href" not in attrs or in_link):
            return match.group(0)  # an anchor only: kept (as HTML, for review)
        words = self.convert(
            inner, line_index=line_index, title=title, in_link=in_link or tag == "a"
        )
        self.ctx.report.count("inline-html")
        dropped = sorted(set(attrs) - {"href", "title", "class", "id"})
        if tag == "a":
            href = attrs["href"].strip()
            if not words.strip() or re.search(r"[\s<>]", href):
                return match.group(0)
            href = href.replace("(", "%28").replace(")", "%29")
            href = self._check_local(href, line_index, "link")
            if title:
                return words
            if dropped:
                self.ctx.report.note(line, f"link attributes dropped: {', '.join(dropped)}")
            return f"[{words.strip()}]({href})"
        if not words.strip():
            return words
        if tag == "abbr" and attrs.get("title") and not title and not in_link:
            expansion = attrs["title"].replace("`", "'")
            return "{abbr}`" + strip_markup(words) + " (" + expansion + ")`"
        if tag == "q":
            return "\u201c" + words + "\u201d"
        if tag in ("cite", "dfn", "var"):
            return f"*{words.strip()}*"
        classes = attrs.get("class", "").split()
        if tag == "span" and classes and not (title or in_link):
            self.ctx.myst_extensions.add("attrs_inline")
            return f"[{words}]{{{' '.join('.' + c for c in classes)}}}"
        if dropped or tag in ("small", "font"):
            what = ", ".join(dropped) if dropped else f"<{tag}>"
            self.ctx.report.note(line, f"inline HTML styling dropped, its words kept: {what}")
        return words

    def _span(self, text: str, cls: str, plain: bool) -> str:
        """Highlighted or inserted words: a MyST span with a class (the words alone where a
        span cannot go: in a title or a link's text)."""
        if plain:
            return text
        self.ctx.myst_extensions.add("attrs_inline")
        return f"[{text}]{{.{cls}}}"

    def _image(self, match: re.Match[str], line_index: int) -> str:
        alt, src = match.group("alt"), match.group("src")
        title = match.group("ititle") or ""
        attrs = match.group("iattrs")
        base = f"![{alt}]({src}{title})"
        src = self._check_local(src, line_index, "image")
        base = f"![{alt}]({src}{title})"
        if not attrs or not self.ctx.enabled("attr_list"):
            return base + (attrs or "")
        return base + self._myst_attrs(attrs, line_index, _IMAGE_KEYS, "image")

    def _link(self, match: re.Match[str], line_index: int, title: bool) -> str:
        text = self.convert(match.group("text"), line_index=line_index, title=title, in_link=True)
        # A role inside link text does not survive MyST's reference handling, so icons
        # move to just before the link.
        icon_role = r"\{(?:octicon|material-regular)\}`[^`]+`"
        without_icons = re.sub(icon_role + r"\s*", "", text).strip()
        prefix = ""
        if without_icons and without_icons != text:
            prefix = " ".join(re.findall(icon_role, text)) + " "
            text = without_icons
        href = match.group("href")
        href = self._check_local(href, line_index, "link")
        base = prefix + f"[{text}]({href}{match.group('ltitle') or ''})"
        attrs = match.group("lattrs")
        if not attrs or not self.ctx.enabled("attr_list"):
            return base + (attrs or "")
        return base + self._myst_attrs(attrs, line_index, (), "link")

    def _myst_attrs(self, raw: str, line_index: int, keys: tuple[str, ...], what: str) -> str:
        ident, classes, values = parse_attr_list(raw)
        parts: list[str] = []
        if ident:
            parts.append("#" + ident)
        parts += ["." + cls for cls in classes]
        dropped: list[str] = []
        for key, value in values.items():
            if key not in keys:
                dropped.append(key)
            elif key == "height" and value.endswith("%"):
                dropped.append(f"height={value}")
            elif key == "align" and value not in ("left", "center", "right"):
                dropped.append(f"align={value}")
            else:
                parts.append(f"{key}={_quote(value)}")
        self.ctx.report.count("attr-list")
        if dropped:
            self.ctx.report.note(
                self.ctx.line(line_index),
                f"{what} attributes with no MyST equivalent dropped: {', '.join(sorted(dropped))}",
            )
        if not parts:
            return ""
        self.ctx.myst_extensions.add("attrs_inline")
        return "{" + " ".join(parts) + "}"

    def _check_local(self, target: str, line_index: int, what: str) -> str:
        """Report a relative link or image whose file is not part of the migrated site.

        Returns the target to write: unchanged, or, when the site's address is known, the
        address the original site served it at (a reader following the link still gets
        there, and Sphinx has no missing document to warn about).
        """
        files = self.ctx.known_files
        if files is None or not target or re.match(r"^[a-zA-Z][\w+.-]*:|^#|^//", target):
            return target
        path, _, fragment = target.partition("#")
        path = path.split("?", 1)[0]
        if not path:
            return target
        import posixpath

        if path.startswith("/"):
            resolved = posixpath.normpath(path.lstrip("/"))
        else:
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(self.ctx.path), path))
        candidates = {resolved, resolved.rstrip("/") + "/index.md", resolved + ".md"}
        if candidates & files:
            return target
        line = self.ctx.line(line_index)
        if self.ctx.site_url and not resolved.startswith(".."):
            address = self.ctx.site_url.rstrip("/") + "/" + _served_at(resolved)
            address += f"#{fragment}" if fragment else ""
            self.ctx.report.review(
                line,
                f"{what} target `{target}` is not in the migrated site: it points at the "
                f"original site now ({address})",
            )
            return address
        self.ctx.report.review(
            line, f"{what} target `{target}` is not in the site; Sphinx will warn about it"
        )
        return target

    def _shortcode(self, match: re.Match[str], line_index: int) -> str:
        if not self.ctx.enabled("emoji"):
            return match.group(0)
        name = match.group("name")
        converted = convert_shortcode(name)
        if converted is None:
            if "-" in name or "_" in name:
                self.ctx.report.note(
                    self.ctx.line(line_index), f"`:{name}:` is not a known emoji; kept as text"
                )
            return match.group(0)
        if converted.is_icon:
            self.ctx.report.count("icon")
            if not converted.known:
                self.ctx.report.review(
                    self.ctx.line(line_index),
                    f"icon `:{name}:` has no equivalent and was dropped: mkdocs drew it as a "
                    "picture if its icon set has the name, and showed the shortcode as text "
                    "if not",
                )
                # The spaces after it go too: the words move to where the icon was, so a
                # list item's content column stays where mkdocs had it.
                return ""
            self.ctx.sphinx_extensions.add("sphinx_design")
            return converted.myst + match.group("scspace")
        self.ctx.report.count("emoji")
        return converted.myst + match.group("scspace")

    # -- prose ---------------------------------------------------------------------------

    def _prose(self, text: str, title: bool) -> str:
        if not text:
            return text
        ctx = self.ctx
        if ctx.enabled("smartsymbols"):
            for pattern, symbol in _SMART_SYMBOLS:
                text = pattern.sub(symbol, text)
        if ctx.enabled("keys"):
            text = self._count_sub(_KEYS, lambda m: "{kbd}`" + _keys_label(m.group(1)) + "`", text)
        # Marked and inserted text become spans with a class (MyST's attrs_inline), not
        # inline HTML: pages are only text, and raw HTML would be shown as written.
        if ctx.enabled("mark"):
            text = self._count_sub(_MARK, lambda m: self._span(m.group(1), "rri-mark", title), text)
        if ctx.enabled("caret"):
            text = self._count_sub(
                _INSERT, lambda m: self._span(m.group(1), "rri-ins", title), text
            )
            text = self._count_sub(_SUP, lambda m: "{sup}`" + m.group(1) + "`", text)
        if ctx.enabled("tilde"):
            text = self._count_sub(_SUB, lambda m: "{sub}`" + m.group(1) + "`", text)
        if ctx.abbreviations and not title:
            pattern = _abbreviation_pattern(tuple(ctx.abbreviations))

            def abbreviate(m: re.Match[str]) -> str:
                ctx.report.count("abbreviation")
                expansion = ctx.abbreviations[m.group(1)].replace("`", "'")
                return "{abbr}`" + m.group(1) + " (" + expansion + ")`"

            text = pattern.sub(abbreviate, text)
        return text

    def _count_sub(
        self, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str], text: str
    ) -> str:
        def counted(m: re.Match[str]) -> str:
            self.ctx.report.count("inline-markup")
            return replace(m)

        return pattern.sub(counted, text)


_TAG_ATTRIBUTE = re.compile(r"""([\w:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")


#: The whole content of a ``<sup>``/``<sub>``/``<kbd>`` that is one link.
_ONE_LINK = re.compile(r"\s*<a(?P<attrs>\s[^<>]*)>(?P<words>[^<>]*)</a\s*>\s*", re.I)
#: An anchor's id that MyST's ``{#id}`` syntax takes as it is written.
_ANCHOR_ID = re.compile(r"[A-Za-z0-9_-]{1,200}")


def _tag_attributes(text: str) -> dict[str, str]:
    import html

    return {
        m.group(1).lower(): html.unescape(next((g for g in m.groups()[1:] if g is not None), ""))
        for m in _TAG_ATTRIBUTE.finditer(text)
    }


def _served_at(path: str) -> str:
    """Where mkdocs (with its default directory URLs) served a docs-relative path."""
    if not path.endswith(".md"):
        return path
    stem = path[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def strip_markup(text: str) -> str:
    """The words of an inline Markdown title: no emphasis, links, code ticks, icons or tags."""
    # Each scan stops at the next bracket, brace or angle bracket, so that a title of
    # many unclosed ones costs its length, not its length squared.
    text = re.sub(r"!\[([^\[\]]*)\]\([^()]*\)(\{[^{}]*\})?", "", text)
    text = re.sub(r"\[([^\[\]]*)\]\([^()]*\)(\{[^{}]*\})?", r"\1", text)
    text = re.sub(r"(?<![\w:]):[a-z0-9_+-]+:(\{[^{}]*\})?", "", text)
    text = re.sub(r"<[^<>]+>", "", text)
    if len(text) <= MAX_INLINE:  # an unclosed marker looks to the end of the text
        text = re.sub(r"(\*\*|__|\*|_|~~|`)(?=\S)(.+?)(?<=\S)\1", r"\2", text)
    text = text.replace("`", "")
    return re.sub(r"\s+", " ", text).strip()
