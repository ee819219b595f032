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


def html_is_only_comments(html: str) -> bool:
    """Whether ``html`` holds comments and white space only (no reader sees it)."""
    if "<!--" not in html:
        return False
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
