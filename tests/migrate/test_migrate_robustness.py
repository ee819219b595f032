"""convert_page must survive any mix of mkdocs syntax: a crash would lose a whole page.

The fragments below are the pieces real pages are made of, including broken ones (an
unclosed fence, a tab with no body, a closing tag with no opening). Hypothesis strings them
together at random indentations; the conversion must return text (or refuse the page
with a PageError), and do so the same way twice.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_rri.migrate import PageError, convert_page

FRAGMENTS = [
    "# Title",
    "## Task Description",
    "## Importance of Task",
    "### Illustrative Examples",
    "## Next Steps",
    "- [Step](other.md)",
    "- ~~Later~~ Coming soon.",
    '!!! note "A note"',
    "!!! tip",
    '??? question "What is drift?"',
    '???+ info "Open"',
    '=== "Health care"',
    '===+ "Environmental Sciences"',
    "    Indented body text.",
    "        Deeper body text.",
    "```python",
    "```",
    "~~~",
    "<!-- a comment",
    "-->",
    '<div class="grid cards" markdown>',
    "<figure markdown>",
    "</figure>",
    "</div>",
    "<iframe src='x'></iframe>",
    "---",
    "$$",
    "\\[",
    "\\begin{align}",
    '--8<-- "missing.md"',
    "*[ABC]: A Big Cat",
    "Text with :smile: and :material-home: and ABC and ~~gone~~ and $x$.",
    "![img](a.png){ width=10 }",
    "[^1]: A footnote.",
    "Term",
    ":   Definition",
    "- [ ] task",
    "",
]

lines = st.lists(
    st.tuples(st.sampled_from([0, 2, 4, 8]), st.sampled_from(FRAGMENTS)), max_size=40
).map(lambda pairs: "\n".join(" " * indent + text for indent, text in pairs))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines)
def test_any_mix_converts_deterministically(text: str) -> None:
    try:
        first = convert_page(text, path="t/t-101-1.md")
    except PageError:
        return
    second = convert_page(text, path="t/t-101-1.md")
    assert first.text == second.text
    assert first.text.startswith("---\ntitle: ")
