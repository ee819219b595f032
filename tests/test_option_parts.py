"""The scanner's own reading of a contract directive's plain options gives exactly what
MyST's ``parse_directive_text`` gives, wherever the scanner reads them itself.

``scanner.simple_directive_parts`` answers for option blocks of plain ``:key: value``
lines and leaves every other block to MyST. These tests compare the two on every
contract directive of the case files, ``content/`` and ``docs/`` (as the scanner meets
them), and on generated option blocks made of the characters that matter to MyST's
option tokenizer.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from myst_parser.parsers.directives import MarkupError, parse_directive_text

from sphinx_rri.contract.config import Settings
from sphinx_rri.model.records import DIRECTIVES
from sphinx_rri.reader import scanner
from test_cases import CASES, parse_case

ROOT = Path(__file__).resolve().parent.parent


def myst_parts(name: str, first_line: str, content: str) -> tuple[object, ...] | None:
    """What MyST gives, in the shape ``simple_directive_parts`` answers in."""
    try:
        parsed = parse_directive_text(scanner._spec_class(name), first_line, content, line=1)
    except MarkupError:
        return None
    options = {str(k): ("" if v is None else str(v)) for k, v in parsed.options.items()}
    return parsed.arguments, options, parsed.body, parsed.body_offset


def assert_same(name: str, first_line: str, content: str) -> bool:
    """Compare both readings; True when the scanner read the block itself."""
    simple = scanner.simple_directive_parts(scanner.TAKES_ARGUMENT[name], first_line, content)
    if simple is None:
        return False
    assert simple == myst_parts(name, first_line, content), (name, first_line, content)
    return True


def pages() -> list[tuple[str, str]]:
    """(relative path, text) of every Markdown page of the case files, content/, docs/."""
    found = []
    for case in CASES:
        files, _ = parse_case(case)
        found += [(f"{case.stem}/{n}", t) for n, t in files.items() if n.endswith(".md")]
    for folder in ("content", "docs"):
        for path in sorted((ROOT / folder).rglob("*.md")):
            if "_build" not in path.parts:
                found.append((path.relative_to(ROOT).as_posix(), path.read_text("utf-8")))
    return found


def test_every_directive_the_scanner_meets(monkeypatch: pytest.MonkeyPatch) -> None:
    met: list[tuple[str, str, str]] = []
    real = scanner.directive_parts

    def recording(name: str, first_line: str, content: str, start: int):  # type: ignore[no-untyped-def]
        met.append((name, first_line, content))
        return real(name, first_line, content, start)

    monkeypatch.setattr(scanner, "directive_parts", recording)
    for relpath, text in pages():
        scanner.scan_page(text, relpath.removesuffix(".md"), relpath, Settings())
    assert len(met) > 200  # the pages hold many contract directives
    read_here = [assert_same(*entry) for entry in met]
    # Most real option blocks are plain, so the fast reading is the one used.
    assert sum(read_here) > len(met) // 2


KEYS = st.sampled_from(["id", "stage", "status", "domains", "class", "x-y", "k_1", "", "a b"])
VALUE_CHARS = st.sampled_from([*"aZ09 -_.,:;#|>'\"\t!@&*%`[]{}?/\\()~=+", "\xa0", "é"])
VALUES = st.text(VALUE_CHARS, max_size=12)
LINE = st.one_of(
    st.tuples(KEYS, st.sampled_from([":", ": ", ":  ", "::", ":x"]), VALUES).map("".join),
    VALUES,
)
OPTION_LINE = st.tuples(st.sampled_from([":", " :", "  :", ": "]), LINE).map("".join)
BODY_LINE = st.sampled_from(["", "Text.", "  ", ":::{note}", "```", "---", "- item", ":x: y"])


@settings(max_examples=400, deadline=None)
@given(
    name=st.sampled_from(sorted(DIRECTIVES)),
    first_line=st.sampled_from(["", "Title", "  Two words ", "a b c", " "]),
    leading=st.sampled_from(["", "\n", " \n"]),
    options=st.lists(OPTION_LINE, max_size=5),
    body=st.lists(BODY_LINE, max_size=4),
)
@example(name="task-card", first_line="T", leading="", options=[":id: a #b"], body=[])
@example(name="task-card", first_line="T", leading="", options=[":id: 'a'"], body=["", "x"])
@example(name="example", first_line="D", leading="", options=[":status:", ":id: x"], body=[])
def test_generated_option_blocks(
    name: str, first_line: str, leading: str, options: list[str], body: list[str]
) -> None:
    content = leading + "\n".join(options + body)
    assert_same(name, first_line, content)


def test_plain_blocks_are_read_here() -> None:
    """The common case does not fall back (else the fast reading would not be tested)."""
    content = ":id: card-1\n:domains: Health care, Environmental Sciences\n\nBody text.\n"
    assert assert_same("task-card", "A title", content)
    assert assert_same("task-description", "", "Body only.")


def test_block_rules_log_debug_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """``quiet_block_rules`` leaves a rule's logger alone when its debug messages are
    wanted, and otherwise makes its ``debug`` do nothing while tokens stay the same."""
    import logging
    import sys

    import markdown_it.rules_block  # noqa: F401

    # The package's attribute of that name is the rule function; the module is here:
    paragraph = sys.modules["markdown_it.rules_block.paragraph"]
    text = "Para one\nline two\n\n- item\n\n```{note}\nx\n```\n"
    before = [t.as_dict() for t in scanner._markdown_parser(()).parse(text)]
    logger = logging.getLogger("markdown_it.rules_block.paragraph")
    monkeypatch.setattr(paragraph, "LOGGER", logger)
    monkeypatch.setattr(logger, "level", logging.DEBUG)
    logger.manager._clear_cache()  # type: ignore[attr-defined]
    scanner.quiet_block_rules()
    assert paragraph.LOGGER is logger
    monkeypatch.setattr(logger, "level", logging.NOTSET)
    logger.manager._clear_cache()  # type: ignore[attr-defined]
    scanner.quiet_block_rules()
    assert paragraph.LOGGER is not logger
    assert paragraph.LOGGER.debug("entering %s", object()) == ""
    assert paragraph.LOGGER.name == logger.name
    assert [t.as_dict() for t in scanner._markdown_parser(()).parse(text)] == before
