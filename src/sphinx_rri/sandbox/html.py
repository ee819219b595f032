"""Is a piece of HTML nothing but comments? Decided by an HTML5 parser, not a pattern.

A browser ends a comment at ``-->``, but also at ``--!>``, and ``<!-->`` or ``<!--->``
are whole (empty) comments, so text that starts with ``<!--`` and ends with ``-->`` may
hold elements between two comments. html5lib implements the WHATWG tokenizer and tree
construction that browsers follow: the HTML is parsed as a fragment, as a browser
would parse it inside the page, and it is only comments when every node of the result
is a comment, all text is white space, and no comment was cut short by the end of the
input (an unclosed ``<!--``, which MyST shows as text).
"""

from __future__ import annotations

from typing import Any

_PARSER: Any = None


def _parser() -> Any:
    global _PARSER
    if _PARSER is None:
        import html5lib

        _PARSER = html5lib.HTMLParser(
            tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False
        )
    return _PARSER


#: HTML's white space, the only text a fragment of comments may have between them.
_HTML_SPACE = " \t\n\f\r"


def plain_comments(html: str) -> bool:
    """Whether ``html`` is comments a browser reads in one way only, between white space:
    each ``<!--``, then text that does not start with ``>`` or ``->`` and holds neither
    ``-->`` nor ``--!>``, then ``-->``. Such HTML is only comments without asking the
    parser (which costs a migration or a validate run its import); any other HTML may
    still be, and is for the parser to say. Linear in the length of ``html``."""
    at, end, seen = 0, len(html), False
    while True:
        while at < end and html[at] in _HTML_SPACE:
            at += 1
        if at == end:
            return seen
        if not html.startswith("<!--", at):
            return False
        body = at + 4
        if html.startswith((">", "->"), body):
            return False
        close = html.find("-->", body)
        if close < 0:
            return False
        bang = html.find("--!>", body, close)
        if bang >= 0:
            return False
        at, seen = close + 3, True


def html_is_only_comments(html: str) -> bool:
    """Whether ``html`` holds comments and white space only (no reader sees it)."""
    if "<!--" not in html:
        return False
    return plain_comments(html) or parsed_only_comments(html)


def parsed_only_comments(html: str) -> bool:
    """:func:`html_is_only_comments` as the HTML5 parser decides it."""
    parser = _parser()
    fragment = parser.parseFragment(html)
    if any(code.startswith("eof-in-comment") for _pos, code, _vars in parser.errors):
        return False
    if (fragment.text or "").strip():
        return False
    for node in fragment.iter():
        if node is fragment:
            continue
        if not callable(node.tag):  # ElementTree marks comments with a function as tag
            return False
        if (node.tail or "").strip():
            return False
    return True
