"""``sphinx-rri migrate`` never hangs: every cost is linear in the site it reads.

Each test feeds one hostile input at a size where code that is quadratic (or worse) in
it would take minutes: lines of unclosed inline markup (the inline scanner tried every
construct from every position to the end of the line, and split ``![`` every possible
way), snippets that include themselves or fan out, a ``nav`` of YAML aliases to
aliases, and a ``mkdocs.yml`` or snippet that is a named pipe, a device or a link out of
SRC. The per-test timeout is generous (pytest-timeout): a hang is a failure, not a
benchmark.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from sphinx_rri.cli import main as cli_main
from sphinx_rri.migrate import convert_page
from sphinx_rri.migrate.convert import MAX_SNIPPET_DEPTH, MAX_SNIPPET_LINES
from sphinx_rri.migrate.inline import MAX_INLINE, inline_matches
from sphinx_rri.migrate.site import MAX_CONFIG_VALUES

pytestmark = pytest.mark.timeout(300)

#: Every extension whose syntax the converter reads (by the key mkdocs.yml's name gives).
EXTENSIONS = [
    "abbr",
    "attr_list",
    "footnotes",
    "md_in_html",
    "admonition",
    "arithmatex",
    "caret",
    "details",
    "emoji",
    "inlinehilite",
    "keys",
    "magiclink",
    "mark",
    "smartsymbols",
    "snippets",
    "superfences",
    "tabbed",
    "tilde",
]


class Slow(BaseException):
    """Raised when one conversion takes longer than allowed (not caught by the code)."""


@contextmanager
def within(seconds: float, what: str) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise Slow(f"{what} took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# -- inline markup -------------------------------------------------------------------------

#: Openers without their closer, and pieces that made the old scanner backtrack.
UNCLOSED = [
    "`",
    "``a",
    "<!--",
    "\\(",
    "$$",
    "$a",
    "~~a ",
    "[a",
    "![",
    "[![",
    "[[]",
    "[^",
    "[@a",
    "*[",
    "<a ",
    "<",
    "<b>",
    "[](",
    "![a](",
    ":a",
    "==a",
    "^^a",
]
SIZE = 50_000


@pytest.mark.parametrize("piece", UNCLOSED)
@pytest.mark.parametrize(
    "shape",
    ["# Title\n\nText {}\n", "# {}\n\nText.\n", '# Title\n\n!!! note "{}"\n    Body.\n'],
    ids=["paragraph", "heading", "admonition-title"],
)
def test_a_long_line_of_unclosed_markup_converts_in_linear_time(piece: str, shape: str) -> None:
    text = shape.format(piece * (SIZE // len(piece)))
    with within(60, f"converting a line of {piece!r}"):
        result = convert_page(text, markdown_extensions=EXTENSIONS)
    assert result.text  # the page is converted, not refused


def test_the_inline_scanner_finds_what_it_found_before() -> None:
    """The same constructs as a plain ``finditer``, on lines where that is fast."""
    from sphinx_rri.migrate.inline import INLINE

    lines = [
        "A `code` span, <!-- a comment --> and <b>bold</b> <br> text.",
        "Math $x$ and $$y$$ and \\(z\\), ~~gone~~ and www.example.org.",
        "An ![image](a.png){ width=10 } and a [link](b.md 'T') and [![badge](c.svg)](d.md).",
        "A footnote[^1], a citation [@doe], a :smile: and ``double `tick` code``.",
        "Unclosed [ and ( and <!-- and ` and $ and ~~ to the end",
    ]
    for line in lines:
        assert [m.span() for m in inline_matches(line)] == [
            m.span() for m in INLINE.finditer(line)
        ], line


def test_a_construct_longer_than_the_limit_is_left_as_text() -> None:
    long_link = "[" + "a" * (MAX_INLINE + 10) + "](b.md)"
    assert [m.group(0) for m in inline_matches(long_link)] == []
    code = "`" + "a" * (MAX_INLINE * 3) + "`"
    assert [m.group(0) for m in inline_matches(code)] == [code]  # code spans: any length


def test_a_code_span_uses_whole_runs_of_backticks() -> None:
    # A run of backticks is one delimiter, as CommonMark reads it.
    assert [m.group(0) for m in inline_matches("``a` b``")] == ["``a` b``"]
    assert list(inline_matches("``a`")) == []
    with within(10, "a long run of backticks"):
        assert list(inline_matches("`" * SIZE)) == []


# -- snippets ------------------------------------------------------------------------------


def snippet_site(tmp_path: Path, snippets: dict[str, str], page: str) -> tuple[Path, Path]:
    src = tmp_path / "site"
    (src / "docs").mkdir(parents=True)
    (src / "snippets").mkdir()
    (src / "mkdocs.yml").write_text(
        "site_name: Demo\nmarkdown_extensions:\n  - pymdownx.snippets:\n"
        "      base_path: [snippets]\n",
        encoding="utf-8",
    )
    for name, text in snippets.items():
        (src / "snippets" / name).write_text(text, encoding="utf-8")
    (src / "docs" / "index.md").write_text(page, encoding="utf-8")
    return src, tmp_path / "dest"


def report_of(dest: Path) -> str:
    return (dest / "migration-report.md").read_text(encoding="utf-8")


def test_a_snippet_cycle_is_reported_with_its_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src, dest = snippet_site(
        tmp_path,
        {"a.md": 'A text.\n\n--8<-- "b.md"\n', "b.md": 'B text.\n\n--8<-- "a.md"\n'},
        '# Home\n\n--8<-- "a.md"\n',
    )
    with within(60, "a snippet cycle"):
        cli_main(["migrate", str(src), str(dest)])
    capsys.readouterr()
    page = (dest / "index.md").read_text(encoding="utf-8")
    assert page.count("A text.") == 1 and page.count("B text.") == 1
    assert "snippet a.md includes itself (a.md -> b.md -> a.md): stopped" in report_of(dest)


def test_snippets_that_fan_out_stop_at_the_line_limit() -> None:
    """Each level names the next ten times: 10**8 lines, were nothing to stop it."""
    levels = MAX_SNIPPET_DEPTH
    snippets = {f"s{i}.md": f"Level {i}.\n" + f'--8<-- "s{i + 1}.md"\n' * 10 for i in range(levels)}
    snippets[f"s{levels}.md"] = "The bottom.\n"
    with within(120, "snippets that fan out"):
        result = convert_page(
            '# Home\n\n--8<-- "s0.md"\n',
            markdown_extensions=EXTENSIONS,
            read_snippet=snippets.get,
        )
    assert result.text.count("\n") < MAX_SNIPPET_LINES * 2
    said = [
        f for f in result.report.findings if f"limit of {MAX_SNIPPET_LINES:,} lines" in f.message
    ]
    assert len(said) == 1, said  # said once, not once per snippet left out


def test_snippets_nested_too_deep_name_the_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    depth = MAX_SNIPPET_DEPTH + 3
    snippets = {f"d{i}.md": f'Depth {i}.\n--8<-- "d{i + 1}.md"\n' for i in range(depth)}
    src, dest = snippet_site(tmp_path, snippets, '# Home\n\n--8<-- "d0.md"\n')
    cli_main(["migrate", str(src), str(dest)])
    capsys.readouterr()
    assert f"the migration's limit of {MAX_SNIPPET_DEPTH} snippets" in report_of(dest)


@pytest.mark.parametrize("kind", ["fifo", "device", "link-out"])
def test_a_snippet_that_is_not_a_file_in_src_is_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    src, dest = snippet_site(tmp_path, {}, '# Home\n\n--8<-- "odd.md"\n')
    odd = src / "snippets" / "odd.md"
    if kind == "fifo":
        os.mkfifo(odd)
    elif kind == "device":
        odd.symlink_to("/dev/zero")
    else:
        (tmp_path / "secret.md").write_text("SECRET-9f1\n", encoding="utf-8")
        odd.symlink_to(tmp_path / "secret.md")
    with within(60, f"a snippet that is a {kind}"):
        cli_main(["migrate", str(src), str(dest)])
    capsys.readouterr()
    assert "SECRET" not in (dest / "index.md").read_text(encoding="utf-8")
    assert "snippet odd.md not found" in report_of(dest)


# -- mkdocs.yml ----------------------------------------------------------------------------


def nav_bomb(levels: int = 9, fan: int = 9) -> str:
    """A nav whose entries are aliases of lists of aliases: fan**levels entries."""
    lines = ["site_name: Bomb", "x0: &x0 [index.md]"]
    for level in range(1, levels + 1):
        lines.append(f"x{level}: &x{level} [" + ", ".join([f"{{T: *x{level - 1}}}"] * fan) + "]")
    lines.append(f"nav: *x{levels}")
    return "\n".join(lines) + "\n"


def test_a_nav_alias_bomb_is_refused_naming_the_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "site"
    (src / "docs").mkdir(parents=True)
    (src / "mkdocs.yml").write_text(nav_bomb(), encoding="utf-8")
    (src / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    with within(60, "a nav alias bomb"):
        status = cli_main(["migrate", str(src), str(tmp_path / "dest")])
    err = capsys.readouterr().err
    assert status == 2
    assert f"more than {MAX_CONFIG_VALUES:,} values once its YAML aliases are followed" in err


def test_deeply_nested_mkdocs_yml_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "site"
    (src / "docs").mkdir(parents=True)
    (src / "mkdocs.yml").write_text(
        "site_name: Deep\nnav: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8"
    )
    status = cli_main(["migrate", str(src), str(tmp_path / "dest")])
    err = capsys.readouterr().err
    assert status == 2 and "Traceback" not in err
    assert "nests deeper than" in err


@pytest.mark.parametrize("kind", ["fifo", "device", "link-out"])
def test_mkdocs_yml_that_is_not_a_file_in_src_is_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    src = tmp_path / "site"
    (src / "docs").mkdir(parents=True)
    (src / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    config = src / "mkdocs.yml"
    if kind == "fifo":
        os.mkfifo(config)
    elif kind == "device":
        config.symlink_to("/dev/zero")
    else:
        (tmp_path / "elsewhere.yml").write_text("site_name: Elsewhere\n", encoding="utf-8")
        config.symlink_to(tmp_path / "elsewhere.yml")
    with within(60, f"a mkdocs.yml that is a {kind}"):
        status = cli_main(["migrate", str(src), str(tmp_path / "dest")])
    err = capsys.readouterr().err
    assert status == 2
    assert "mkdocs.yml" in err and "not read" in err


@pytest.mark.parametrize(
    "text",
    [
        "# T\n\n" + "<div markdown>\n\n" * 1500 + "x\n" + "\n</div>\n" * 1500,
        "# T\n\n" + "".join("    " * i + '=== "A"\n' for i in range(400)) + "    " * 400 + "x\n",
    ],
    ids=["html-blocks", "tabs"],
)
def test_markup_nested_beyond_the_stack_is_a_page_error(text: str) -> None:
    from sphinx_rri.migrate import PageError

    with within(120, "deeply nested blocks"), pytest.raises(PageError, match="nested more deeply"):
        convert_page(text, markdown_extensions=EXTENSIONS)


def test_nesting_up_to_the_limit_is_migrated_and_beyond_it_stops_early() -> None:
    """Each level reads the levels inside it again: past ``MAX_NESTING`` the page is
    refused at once, so the cost stays linear in the page (5,000 levels in seconds)."""
    from sphinx_rri.migrate import PageError
    from sphinx_rri.migrate.blocks import MAX_NESTING

    def page(levels: int) -> str:
        return "# T\n\n" + "<div markdown>\n\n" * levels + "x\n" + "\n</div>\n" * levels

    with within(60, "nesting at the limit"):
        assert "x" in convert_page(page(MAX_NESTING - 1), markdown_extensions=EXTENSIONS).text
    with within(60, "nesting far beyond the limit"), pytest.raises(PageError) as raised:
        convert_page(page(5000), markdown_extensions=EXTENSIONS)
    assert f"more deeply than {MAX_NESTING} levels at line {3 + MAX_NESTING * 2}" in str(
        raised.value
    )
