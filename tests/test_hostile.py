"""Random and adversarial pages through both gates: never a traceback, always a location.

Hypothesis writes pages from pieces an attacker or a careless author might use: front
matter with every kind of YAML value (tags, anchors, aliases, unhashable keys, dates
that are not dates), directive fences nested at random with random options and
mismatched lengths, random Unicode with control characters and the line separators that
Python counts as line breaks but editors do not, NUL bytes, invalid UTF-8, a BOM, CRLF
and CR line ends, very long lines, empty files and a lone ``---``.

Each page goes through ``sphinx-rri validate`` (in-process, :func:`sphinx_rri.cli.main`)
and through a Sphinx build (``build_main``, ``dummy`` builder, fresh environment). Both
must either pass cleanly or report every problem at ``path:line:`` with a line that
exists in the file, and must never show a traceback. Every example runs under a hard
time limit (``SIGALRM``) as well as Hypothesis' ``deadline``, so a hang fails the test
instead of stalling the suite.

The examples are derandomised (the same examples on every run, so CI is stable); set
``RRI_HYPOTHESIS_EXPLORE=1`` to draw new ones, and ``RRI_HYPOTHESIS_SCALE`` to multiply
the example counts. The counts actually run are printed at the end of the session.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import signal
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sphinx.cmd.build import build_main

from sphinx_rri.cli import main as cli_main
from sphinx_rri.model.records import CONTRACT_KEYS, DIRECTIVES

# -- gates ---------------------------------------------------------------------------------

CONF = 'extensions = ["sphinx_rri"]\nexclude_patterns = ["_build"]\n'
#: Gaps raised to warnings, so the build reports everything validate reports.
CONF_GAPS_AS_WARNINGS = CONF + 'rri_gaps = "warning"\n'

#: What a crash looks like on Sphinx's error stream.
CRASH_MARKERS = (
    "Traceback",
    "Exception occurred",
    "Extension error",
    "Encoding error!",
    "Recursion error!",
    "Interrupted!",
    "The full traceback has been saved",
)

VALIDATE_LINE = re.compile(
    r"^(?P<path>[^:\n]+):(?P<line>\d+): (?P<severity>error|gap): (?P<message>.+) "
    r"\[(?P<code>rri\.[a-z_]+)\]$"
)
SUMMARY = re.compile(r"^sphinx-rri: \d+ tasks?, \d+ gaps?, \d+ errors?$")
#: A build warning: ``path[:line]: LEVEL: message [type.subtype]``, message on many lines.
BUILD_WARNING = re.compile(
    r"^(?:(?P<path>[^:\n]+?)(?::(?P<line>\d+))?: )?(?P<level>WARNING|ERROR|CRITICAL|SEVERE): "
    r"(?P<message>.*?)(?: \[(?P<code>[\w.-]+)\])?$",
    re.S,
)
#: Line ends as Sphinx (universal newlines) and editors count them.
LINE_END = re.compile(rb"\r\n|\r|\n")


class Writes(io.StringIO):
    """A stream that remembers each ``write`` call: Sphinx writes one warning per call."""

    encoding = "utf-8"

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []

    def write(self, text: str) -> int:
        self.chunks.append(text)
        return super().write(text)

    def isatty(self) -> bool:
        return False


@dataclass
class Gate:
    """What one gate said: its exit status, its output and its error stream."""

    status: int
    out: str
    err: str
    err_chunks: list[str] = field(default_factory=list)

    @property
    def crashed(self) -> bool:
        return any(marker in self.err for marker in CRASH_MARKERS)


def run_validate(*args: str | os.PathLike[str]) -> Gate:
    """``sphinx-rri validate ARGS`` in-process. An exception propagates and fails the test."""
    out, err = Writes(), Writes()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = cli_main(["validate", *map(str, args)])
        except SystemExit as exit_:  # argparse usage errors
            status = exit_.code if isinstance(exit_.code, int) else 2
    return Gate(status, out.getvalue(), err.getvalue(), err.chunks)


def run_build(
    srcdir: Path,
    builder: str = "dummy",
    *,
    outdir: Path | None = None,
    jobs: int = 1,
    fresh: bool = True,
    extra: tuple[str, ...] = (),
) -> Gate:
    """``sphinx-build -b BUILDER`` in-process, without ``-W``, capturing each warning."""
    outdir = outdir or srcdir / "_build" / builder
    args = ["-b", builder, "-q", "-N", "-j", str(jobs)]
    if fresh:
        args.append("-E")
    args += [*extra, str(srcdir), str(outdir)]
    out, err = Writes(), Writes()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = build_main(args)
    return Gate(status, out.getvalue(), err.getvalue(), err.chunks)


def last_line(path: Path) -> int:
    """The number of the last line of a file, as an editor (and Sphinx) counts lines."""
    data = path.read_bytes()
    ends = len(LINE_END.findall(data))
    return ends if data.endswith((b"\n", b"\r")) else ends + 1


def assert_validate_ok(gate: Gate, srcdir: Path) -> list[re.Match[str]]:
    """A clean pass or located messages only; return the parsed message lines."""
    assert not gate.crashed, f"validate crashed:\n{gate.err}"
    assert gate.status in (0, 1), f"exit status {gate.status}:\n{gate.err}\n{gate.out}"
    assert gate.err == "", f"validate wrote to stderr:\n{gate.err}"
    lines = gate.out.splitlines()
    assert lines and SUMMARY.match(lines[-1]), f"no summary line:\n{gate.out}"
    found = []
    for text in lines[:-1]:
        match = VALIDATE_LINE.match(text)
        assert match, (
            f"unlocated or malformed validate line: {text!r}\n--- whole output:\n{gate.out}"
        )
        assert_location(srcdir, match["path"], int(match["line"]), text)
        found.append(match)
    has_errors = any(m["severity"] == "error" for m in found)
    assert (gate.status == 1) == has_errors, gate.out
    return found


def assert_inside(srcdir: Path, path: str, text: str) -> Path:
    full = Path(path) if os.path.isabs(path) else Path.cwd() / path
    full = Path(os.path.normpath(full))
    assert full.is_relative_to(srcdir) or full.resolve().is_relative_to(srcdir.resolve()), (
        f"message not located in the project: {text!r}"
    )
    return full


def assert_location(srcdir: Path, path: str, line: int, text: str) -> None:
    full = assert_inside(srcdir, path, text)
    assert full.exists() or full.is_symlink(), f"message names a file that is not there: {text!r}"
    if full.is_symlink() and not full.exists():
        return
    if full.is_file():
        assert 1 <= line <= last_line(full), (
            f"line {line} is not in {full.name} ({last_line(full)} lines): {text!r}"
        )


def build_warnings(gate: Gate) -> list[str]:
    """The warnings of a build, one entry per warning, without the trailing newline."""
    return [chunk.rstrip("\n") for chunk in gate.err_chunks if chunk.strip()]


def assert_build_ok(gate: Gate, srcdir: Path) -> list[re.Match[str]]:
    """No crash; every warning names a file of the project; return them.

    A warning of sphinx-rri (type ``rri``) must also give a line that exists in the file.
    Warnings of Sphinx, docutils and MyST need a file but may lack a line (or, for a
    MyST footnote, point one past the end), which is theirs to fix, not ours.
    """
    assert not gate.crashed, f"the build crashed:\n{gate.err[-3000:]}"
    assert gate.status in (0, 1), f"sphinx-build exit status {gate.status}:\n{gate.err[-3000:]}"
    found = []
    for warning in build_warnings(gate):
        match = BUILD_WARNING.match(warning)
        assert match and match["path"], f"unlocated build warning: {warning!r}"
        if (match["code"] or "").startswith("rri."):
            assert match["line"], f"sphinx-rri warning without a line: {warning!r}"
            assert_location(srcdir, match["path"], int(match["line"]), warning)
        else:  # Sphinx may name a path it made up ("a.rst" for an unreadable "a.md")
            assert_inside(srcdir, match["path"], warning)
        found.append(match)
    return found


# -- limits on time -------------------------------------------------------------------------


class Hang(BaseException):
    """Raised by :func:`time_limit` when a gate runs longer than allowed.

    A BaseException, so that neither Sphinx (which turns exceptions into exit status 2)
    nor Hypothesis (which would try to shrink it, one slow run at a time) catches it."""


@contextlib.contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """Fail, instead of hanging the suite, when the body takes longer than ``seconds``."""

    def expire(signum: int, frame: object) -> None:
        raise Hang(f"{what} took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# -- example counts -------------------------------------------------------------------------

SCALE = float(os.environ.get("RRI_HYPOTHESIS_SCALE", "1"))
EXPLORE = os.environ.get("RRI_HYPOTHESIS_EXPLORE") == "1"
VALIDATE_EXAMPLES = max(1, int(200 * SCALE))
BUILD_EXAMPLES = max(1, int(25 * SCALE))

#: Examples run per property in this session, printed by :func:`report_counts`.
COUNTS: dict[str, int] = {}


def counted(name: str) -> None:
    COUNTS[name] = COUNTS.get(name, 0) + 1


def hostile_settings(examples: int, deadline_seconds: float) -> settings:
    return settings(
        max_examples=examples,
        deadline=timedelta(seconds=deadline_seconds),
        derandomize=not EXPLORE,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        print_blob=True,
    )


@pytest.fixture(scope="module", autouse=True)
def report_counts(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    lines = [f"  {name}: {count} examples" for name, count in sorted(COUNTS.items())]
    if reporter is None or capture is None or not lines:
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line("")
        reporter.write_line(f"hypothesis examples run by {Path(__file__).name}:")
        for line in lines:
            reporter.write_line(line)


# -- strategies ------------------------------------------------------------------------------

#: Characters with a history of breaking parsers: controls, separators Python's
#: ``splitlines`` treats as line breaks, bidi overrides, zero-width and wide characters.
NASTY_CHARS = [
    "\x00",
    "\x01",
    "\x07",
    "\x08",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x1c",
    "\x1e",
    "\x7f",
    "\x85",
    "\u00a0",
    "\u200b",
    "\u200e",
    "\u202e",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\ufffd",
    "\ufffe",
    "\U0001f600",
    "\U0010ffff",
    "\t",
    "\r",
    "\r\n",
    "\\",
    "`",
    ":",
    "{",
    "}",
    "[",
    "]",
    "&",
    "*",
    "!",
    "|",
    ">",
    "%",
    "@",
    "#",
    "'",
    '"',
    "<script>",
    "-->",
    "---",
    "...",
]

nasty_text = st.lists(
    st.one_of(
        st.text(st.characters(exclude_categories=("Cs",)), max_size=12),
        st.sampled_from(NASTY_CHARS),
        st.sampled_from(["coming soon", "Coming Soon!", "{rri:task}`x`", "```", ":::"]),
    ),
    max_size=6,
).map("".join)

plain_word = st.text("abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=12)
slugish = st.one_of(
    plain_word,
    st.sampled_from(["rri", "rri-101", "system-deployment", "project-design", "Bad Slug", "-x"]),
)

FRONTMATTER_KEYS = [
    *CONTRACT_KEYS,
    "myst",
    "html_meta",
    "orphan",
    "tocdepth",
    "learning_objective",
    "titel",
    "Title",
    "",
    "? ",
    "-",
    "<<",
    "1",
    "null",
    "~",
    "true",
]

yaml_scalar = st.one_of(
    nasty_text,
    slugish,
    nasty_text.map(lambda t: '"' + t.replace("\\", "\\\\").replace('"', '\\"') + '"'),
    nasty_text.map(lambda t: "'" + t.replace("'", "''") + "'"),
    st.sampled_from(
        [
            "2026-10-01",
            "2026-13-45",
            "2026-02-30",
            "2026-10-01T25:61:00",
            "1e309",
            ".nan",
            "-.inf",
            "0x1F",
            "0o17",
            "~",
            "null",
            "yes",
            "no",
            "on",
            "12345678901234567890123",
            "!!binary aGVsbG8=",
            "!!python/object/apply:os.system ['echo owned']",
            "!!python/name:os.system",
            "!!python/object/new:dict {}",
            "!!set {a, b}",
            "!!omap [a: 1]",
            "!custom value",
            "!!str",
            "!!int x",
            "!!float y",
            "!!timestamp nope",
            "!!bool maybe",
            "!!int",
            "!!int +",
            '!!float ""',
            "!!binary ü",
            "!!seq x",
            "!!map x",
            "!!merge x",
            "!!value x",
            "!!null x",
            "!<tag:yaml.org,2002:python/none> x",
            "&anchor value",
            "*anchor",
            "*undefined",
            "|\n  block\n  text",
            ">-\n  folded",
            "[unclosed",
            "{unclosed: 1",
            "'unclosed",
            '"unclosed',
            "a: b: c",
            "- - -",
            "{? complex : key}",
            "[[1, 2], [3]]",
            "{a: [b, {c: d}]}",
            "%YAML 1.1",
            "@reserved",
            "`reserved",
            "x" * 5000,
        ]
    ),
    st.integers().map(str),
    st.floats(allow_nan=True).map(repr),
)


@st.composite
def yaml_value(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["scalar", "flow", "block", "mapping"]))
    if kind == "scalar":
        return " " + draw(yaml_scalar)
    items = draw(st.lists(yaml_scalar, max_size=5))
    if kind == "flow":
        return " [" + ", ".join(items) + "]"
    if kind == "block":
        return "".join("\n  - " + item for item in items)
    keys = draw(st.lists(st.sampled_from([*FRONTMATTER_KEYS[:12], "a", "b"]), max_size=4))
    return "".join(f"\n  {k}:{v and ' ' + v}" for k, v in zip(keys, items, strict=False))


@st.composite
def frontmatter_block(draw: st.DrawFn) -> str:
    """A front matter block: mostly plausible keys with hostile values, sometimes junk."""
    lines = []
    if draw(st.booleans()):  # start from a valid page, then spoil it
        lines += ['title: "A title"', "track: rri", "module: rri-101"]
    for _ in range(draw(st.integers(0, 8))):
        choice = draw(st.integers(0, 9))
        if choice <= 6:
            key = draw(st.one_of(st.sampled_from(FRONTMATTER_KEYS), nasty_text))
            lines.append(f"{key}:{draw(yaml_value())}")
        elif choice == 7:
            lines.append(draw(nasty_text))
        elif choice == 8:
            lines.append(
                draw(
                    st.sampled_from(
                        [
                            "  indented: x",
                            "\tx: tab",
                            "- item",
                            "? key",
                            ": value",
                            "---",
                            "...",
                            "#comment",
                            "{}",
                        ]
                    )
                )
            )
        else:
            lines.append(
                draw(
                    st.sampled_from(
                        ["a: &a [x, x, x]", "b: [*a, *a, *a]", "c: *a", "<<: *a", "d: &a {k: v}"]
                    )
                )
            )
    closing = draw(st.sampled_from(["---", "---", "---", "...", "--- ", "", None]))
    block = "---\n" + "\n".join(lines) + "\n"
    if closing is not None:
        block += closing + "\n"
    return block


CONTRACT = list(DIRECTIVES)
OTHER_DIRECTIVES = [
    "note",
    "admonition",
    "code-block",
    "math",
    "raw",
    "eval-rst",
    "unknown-x",
    "tab-set",
    "dropdown",
    "toctree",
    "rri-gap-report",
    "figure",
    # Nearly-right names, a name in another case, and sphinx-tabs' own directives.
    "task-crad",
    "human-factor",
    "key-concpet",
    "next-step",
    "Task-Card",
    "tab",
    "tabs",
    "group-tab",
]
OPTION_NAMES = [
    "id",
    "stage",
    "status",
    "doc",
    "choose",
    "open",
    "class",
    "name",
    "bogus",
    "",
    "id id",
    "Id",
]
OPTION_VALUES = st.one_of(
    st.sampled_from(
        [
            "",
            "coming-soon",
            "system-deployment",
            "index",
            "/index",
            "../../etc/passwd",
            "1",
            "0",
            "-1",
            "99",
            "x" * 300,
            "task-a",
            "task-a",
            "Coming Soon",
        ]
    ),
    nasty_text,
)


#: Files every drawn project has, for the pages' includes: directives and roles
#: before, between and after the markers that include options cut at.
INCLUDED_RST = "part-rst.txt"
INCLUDED_MYST = "part-myst.txt"
INCLUDED_FILES = {
    INCLUDED_RST: (
        ".. key-concept:: Before\n\n   :rri:task:`before-the-part`\n\nSTART\n\n"
        ".. key-concept::\n\n   See :rri:task:`in-the-part` and\n   :rri:task:`on-a-second-line`.\n"
        "\n\t:rri:task:`after-a-tab`\n\nSTOP\n\n.. task-crad:: After\n\n:rri:tsk:`x`\n"
    ),
    INCLUDED_MYST: (
        ":::{key-concept} Before\n{rri:task}`before-the-part`\n:::\nSTART\n"
        ":::{key-concept}\nSee {rri:task}`in-the-part` and\n{rri:task}`on-a-second-line`.\n"
        ":::\nSTOP\n:::{task-crad} After\n:::\n\n{rri:tsk}`x`\n"
    ),
}
include_options = st.lists(
    st.sampled_from(
        [
            ":start-after: START",
            ":end-before: STOP",
            ":start-line: 3",
            ":end-line: 9",
            ":start-line: -4",
            ":literal:",
            ":code: rst",
            ":tab-width: 3",
            ":start-after: NOWHERE",
            ":encoding: latin-1",
        ]
    ),
    max_size=3,
    unique=True,
)


@st.composite
def option_block(draw: st.DrawFn) -> list[str]:
    style = draw(st.sampled_from(["none", "fields", "fields", "yaml", "broken-yaml"]))
    if style == "none":
        return []
    pairs = draw(st.lists(st.tuples(st.sampled_from(OPTION_NAMES), OPTION_VALUES), max_size=4))
    if style == "fields":
        return [f":{k}: {v}".rstrip() for k, v in pairs]
    body = [f"{k or 'x'}: {v}" for k, v in pairs]
    if style == "yaml":
        return ["---", *body, "---"]
    return ["---", *body]  # never closed


def fence(draw: st.DrawFn, name: str, argument: str, inner: list[str], depth: int) -> list[str]:
    char = draw(st.sampled_from([":", ":", "`", "~"]))
    # Outer fences are usually longer, as they must be; sometimes they are not.
    length = 3 + depth if draw(st.integers(0, 4)) else draw(st.integers(3, 6))
    mark = char * length
    info = (
        f"{{{name}}}"
        if draw(st.integers(0, 5))
        else draw(
            st.sampled_from(
                [f"{{{name}", f"{name}", f"{{ {name} }}", f"{{{name}}}{{x}}", "{}", "{rri:task}"]
            )
        )
    )
    opening = f"{mark}{info} {argument}".rstrip()
    close = draw(st.sampled_from([mark, mark, mark, mark + char, char * 3, "", mark + " x"]))
    return [opening, *draw(option_block()), *inner, close]


@st.composite
def myst_body(draw: st.DrawFn, depth: int = 0) -> list[str]:
    """Lines of MyST: text, roles, code and directives nested at random."""
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 4 if depth < 3 else 1))):
        kind = draw(st.integers(0, 9))
        if kind <= 2 or depth >= 4:
            lines += draw(st.lists(nasty_text, min_size=1, max_size=3))
        elif kind == 3:
            role = draw(st.sampled_from(["rri:task", "rri:task", "rri:tsk", "strongg", "sub"]))
            lines.append(f"See {{{role}}}`{draw(nasty_text)}`.")
        elif kind == 4:
            if draw(st.booleans()):
                options = draw(include_options)
                lines += ["", f"```{{include}} {INCLUDED_MYST}", *options, "```", ""]
            else:
                lines += ["", "```python", draw(nasty_text), "```"]
        elif kind == 5:
            lines.append(
                draw(
                    st.sampled_from(
                        [
                            "",
                            "# Heading",
                            "> quote",
                            "- item",
                            "    code",
                            "<!-- comment",
                            "-->",
                            "[^1]: note",
                            "|a|b|",
                        ]
                    )
                )
            )
        else:
            name = draw(st.sampled_from(CONTRACT + CONTRACT + OTHER_DIRECTIVES))
            argument = draw(
                st.one_of(
                    st.just(""),
                    nasty_text,
                    slugish,
                    st.sampled_from(["Health care", "Environmental Sciences", "Task A", "Task A"]),
                )
            )
            # The body of eval-rst is reStructuredText.
            inner = draw(rst_body(0, depth + 1) if name == "eval-rst" else myst_body(depth + 1))
            lines += ["", *fence(draw, name, argument, inner, 4 - depth), ""]
    return lines


@st.composite
def rst_body(draw: st.DrawFn, indent: int = 0, depth: int = 0) -> list[str]:
    """Lines of reStructuredText with contract directives nested by indentation."""
    pad = " " * indent
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 3 if depth < 3 else 1))):
        if depth >= 4 or draw(st.integers(0, 2)) == 0:
            lines += [pad + draw(nasty_text), ""]
            continue
        name = draw(
            st.sampled_from(
                [
                    *CONTRACT,
                    "note",
                    "code-block",
                    "unknown-x",
                    "task-crad",
                    "human-factor",
                    "key-concpet",
                    "next-step",
                    "Task-Card",
                    "tab",
                    "tabs",
                    "include",
                ]
            )
        )
        if name == "include":
            lines.append(f"{pad}.. include:: {INCLUDED_RST}")
            lines += [f"{pad}   {option}" for option in draw(include_options)]
            lines.append("")
            continue
        argument = draw(st.one_of(st.just(""), nasty_text, slugish))
        step = draw(st.sampled_from([3, 3, 2, 4, 1]))
        lines.append(f"{pad}.. {name}:: {argument}".rstrip())
        for key, value in draw(
            st.lists(st.tuples(st.sampled_from(OPTION_NAMES), OPTION_VALUES), max_size=3)
        ):
            # Sometimes a tab, which docutils reads as up to eight columns.
            lead = pad + draw(st.sampled_from([" " * step, " " * step, "\t"]))
            lines.append(f"{lead}:{key}: {value}".rstrip())
        if draw(st.integers(0, 5)) == 0:
            # Text after the options, sometimes with no blank line between (docutils
            # then refuses the directive, and validate must too).
            lines += [
                *[""] * draw(st.integers(0, 1)),
                f"{pad}   See :rri:tsk:`x` and :rri:task:`y`.",
            ]
        lines.append("")
        lines += draw(rst_body(indent + step, depth + 1))
    return lines


@st.composite
def page_text(draw: st.DrawFn) -> tuple[str, str]:
    """(suffix, text) of a whole page, MyST or reStructuredText."""
    if draw(st.integers(0, 4)) == 0:
        head = ""
        if draw(st.booleans()):
            head = ":title: T\n:track: rri\n:module: rri-101\n"
            head += "".join(
                f":{k}: {v}\n"
                for k, v in draw(
                    st.lists(
                        st.tuples(st.sampled_from(FRONTMATTER_KEYS[:12]), nasty_text), max_size=3
                    )
                )
            )
        elif draw(st.booleans()):
            head = draw(frontmatter_block())
        return ".rst", head + "\nTitle\n=====\n\n" + "\n".join(draw(rst_body()))
    head = draw(st.one_of(st.just(""), frontmatter_block()))
    return ".md", head + "# Page\n\n" + "\n".join(draw(myst_body()))


@st.composite
def corrupted(draw: st.DrawFn, text: str) -> bytes:
    """Encode ``text`` and damage it the ways files get damaged."""
    data = text.encode("utf-8")
    for _ in range(draw(st.integers(0, 3))):
        damage = draw(
            st.sampled_from(
                ["crlf", "cr", "bom", "nul", "bad-utf8", "long-line", "truncate", "none", "none"]
            )
        )
        if damage == "crlf":
            data = data.replace(b"\n", b"\r\n")
        elif damage == "cr":
            data = data.replace(b"\n", b"\r")
        elif damage == "bom":
            data = b"\xef\xbb\xbf" + data
        elif damage == "nul":
            at = draw(st.integers(0, len(data)))
            data = data[:at] + b"\x00" + data[at:]
        elif damage == "bad-utf8":
            at = draw(st.integers(0, len(data)))
            junk = draw(
                st.sampled_from(
                    [
                        b"\xff",
                        b"\xc3",
                        b"\xed\xa0\x80",
                        b"\xf4\x90\x80\x80",
                        b"\xc0\xaf",
                        b"\x80\x80",
                    ]
                )
            )
            data = data[:at] + junk + data[at:]
        elif damage == "long-line":
            at = data.find(b"\n", draw(st.integers(0, max(0, len(data) - 1))))
            at = len(data) if at < 0 else at
            data = data[:at] + b" word" * draw(st.integers(1000, 40000)) + data[at:]
        elif damage == "truncate":
            data = data[: draw(st.integers(0, len(data)))]
    return data


SPECIAL_FILES = [
    b"",
    b"---",
    b"---\n",
    b"---\r\n",
    b"\xef\xbb\xbf",
    b"\xef\xbb\xbf---",
    b"\n\n\n",
    b"\x00",
    b"---\n---\n",
    b"---\n...\n",
    b"...\n",
    b"\r",
    b"---\r---\r",
    b":::",
    b"::::{task-card}",
    b"```{key-concept}",
    b"\xff\xfe#\x00 \x00T\x00",
    b"\xfe\xff\x00#",
]

files = st.one_of(
    page_text().flatmap(lambda pt: corrupted(pt[1]).map(lambda data: (pt[0], data))),
    st.tuples(st.sampled_from([".md", ".rst"]), st.sampled_from(SPECIAL_FILES)),
    st.tuples(st.just(".md"), st.binary(max_size=300)),
)
myst_pages = page_text().filter(lambda pt: pt[0] == ".md").map(lambda pt: pt[1])
rst_pages = page_text().filter(lambda pt: pt[0] == ".rst").map(lambda pt: pt[1])


def project_with(directory: str, name: str, data: bytes, conf: str = CONF) -> Path:
    """A project whose root document is the hostile page (so no toctree warnings)."""
    srcdir = Path(directory) / "src"
    srcdir.mkdir()
    stem = name.rsplit(".", 1)[0]
    (srcdir / "conf.py").write_text(conf + f"root_doc = {stem!r}\n", encoding="utf-8")
    (srcdir / name).write_bytes(data)
    for included, text in INCLUDED_FILES.items():
        (srcdir / included).write_text(text, encoding="utf-8")
    return srcdir


def through_validate(data: bytes, suffix: str, conf: str = CONF) -> list[re.Match[str]]:
    with tempfile.TemporaryDirectory() as directory:
        srcdir = project_with(directory, "page" + suffix, data, conf)
        with time_limit(20, "sphinx-rri validate"):
            return assert_validate_ok(run_validate(srcdir), srcdir)


def through_build(data: bytes, suffix: str, conf: str = CONF) -> list[re.Match[str]]:
    with tempfile.TemporaryDirectory() as directory:
        srcdir = project_with(directory, "page" + suffix, data, conf)
        with time_limit(60, "sphinx-build"):
            return assert_build_ok(run_build(srcdir), srcdir)


# -- properties: sphinx-rri validate --------------------------------------------------------

# Cases found while writing these tests. Hypothesis runs explicit examples first and
# does not shrink them, so while one of these bugs is open its test fails fast.
NUL_IN_FRONTMATTER = b"---\ntitle: a\x00b\ntrack: rri\nmodule: m\n---\n# P\n"
CONTROL_IN_FRONTMATTER = "---\ntitle: a\x01b\ntrack: rri\nmodule: m\n---\n"
NEWLINE_IN_KEY = '---\ntitle: T\ntrack: rri\nmodule: m\n"bad\\nkey": 1\n---\n'
#: Explicit YAML tags whose PyYAML constructors raise something other than YAMLError.
TIMESTAMP_TAG = "---\ntitle: T\ntrack: rri\nmodule: m\nlast_reviewed: !!timestamp nope\n---\n"
BOOL_TAG = "---\ntitle: !!bool maybe\ntrack: rri\nmodule: m\n---\n"
EMPTY_INT_TAG = "---\ntitle: !!int\ntrack: rri\nmodule: m\n---\n"
INVALID_UTF8 = b"---\ntitle: \xff\ntrack: rri\nmodule: m\n---\n# P\n"
#: U+001C and U+2028 end a line for Python's str.splitlines(), not for Sphinx or editors.
LINE_SEPARATORS = "# P\n\nA\x1cB \u2028 C\n\n:::{key-concept}\n:::\n"
NUL_IN_BODY = "# Page\n\nText \x00 more.\n\n:::{key-concept}\n:::\n"
#: A role whose target is empty: MyST reads ``{rri:task}``.`` as no role at all.
EMPTY_ROLE = "# Page\n\nSee {rri:task}``.\n\n:::{key-concept} K\nBody.\n:::\n"
#: The same role twice in one paragraph: the build counted each use from zero again
#: (an empty dict is falsy, so ``setdefault(...) or {}`` never kept the count).
SAME_ROLE_TWICE = "# Page\n\n\n:::::::{task-card}\n{rri:task}`x`\n{rri:task}`x`\n:::::::\n"
#: A code span that runs over a line break, before a role: markdown-it turns the break
#: into a space in the span's text, so counting breaks in the tokens put the role a
#: line early.
CODE_SPAN_OVER_A_BREAK = (
    "# Page\n\n`\nSee {rri:task}`{rri:task}`x``.\n\n:::::::{task-card}\n:::::::\n"
)
#: Another extension's directive without its required argument: the build stops there.
ADMONITION_WITHOUT_TITLE = (
    "# Page\n\n:::::::{task-card}\n\n::::::{admonition}\n\nSee {rri:task}`0`.\n::::::\n:::::::\n"
)
#: A role whose text holds another role's markup: the build's text search found the
#: second role inside the first and put both on one line.
ROLE_IN_A_ROLE = (
    "# Page\n\n:::::::{task-card}\nSee {rri:task}`{rri:task}`x``.\n{rri:task}`x`\n:::::::\n"
)
#: The gap report takes no content; MyST reads none of what is written in it.
CONTENT_IN_THE_GAP_REPORT = (
    "# Page\n\n:::::::{rri-gap-report}\n\n\n::::::{task-card}\n::::::\n\n:::::::\n"
)
#: An HTML comment never closed, among the examples: the build shows it as text.
UNCLOSED_COMMENT = "# Page\n\n\n\n:::::::{illustrative-example}\n<!-- comment\n:::::::\n"
#: A "---" right after the front matter: a rule for MyST, but validate parsed the text
#: after the front matter on its own, where it opened a second front matter block.
RULE_AFTER_FRONT_MATTER = (
    "---\ntitle: \ntitle: []\n---\n---\n# Page\n\n:::::::{task-card}\n---\n---\n:::::::\n"
)
#: A toctree's content is a list of entries: no role is read in it.
ROLE_IN_A_TOCTREE = (
    "# Page\n\n\n:::::::{task-card}\n\n::::::{toctree}\n:::\n\nSee {rri:task}`0`.\n:::::::\n"
)
#: A directive no extension registers, holding a card: both gates report the name and
#: read nothing inside (validate used to read the card).
UNKNOWN_DIRECTIVE = "# Page\n\n:::::::{unknown-x}\n\n::::::{task-card}\n::::::\n\n:::::::\n"
#: A fence whose info is no directive name: MyST reads nothing inside it.
NO_DIRECTIVE_NAME = "# Page\n\n\n:::::::{task-card}{x}\n\n::::::{task-card}\n::::::\n\n:::::::\n"
#: A nearly-right name and a role that no extension defines.
NEARLY_RIGHT = "# P\n\n:::{task-crad} T\n{rri:task}`x`\n:::\n\nSee {rri:tsk}`x`.\n"
#: sphinx-tabs' tab outside tabs stopped the build with a KeyError traceback.
TAB_OUTSIDE_TABS = "# P\n\n:::{tab} A\nSee {rri:task}`x`.\n:::\n"
#: The body of eval-rst is reStructuredText that the build reads.
EVAL_RST = "# P\n\n```{eval-rst}\n.. key-concept::\n\n   :rri:task:`x`\n```\n"
#: Blocks nested deeper than MyST's limit (20): MyST reads nothing deeper, nor may validate.
DEEP_BLOCKQUOTES = "# P\n\n" + "> " * 25 + ":::{key-concept}\n" + "> " * 25 + ":::\n"
#: A page whose only directives are in an include, with placeholder text of its own:
#: the build looked for placeholders as on a page that is no course page.
PLACEHOLDER_AFTER_AN_INCLUDE = (
    f"# Page\n\n```{{include}} {INCLUDED_MYST}\n:end-before: STOP\n```\n\n---\n"
    "See {sub}`coming soon`.\n"
)
#: The same file included twice: the build counted the roles of its paragraphs on
#: from the first include, and put the second include's roles on later lines.
SAME_INCLUDE_TWICE = (
    f"# Page\n\n```{{include}} {INCLUDED_MYST}\n```\n\n```{{include}} {INCLUDED_MYST}\n```\n"
)
#: A contract directive on the first line of another directive's body.
FIRST_LINE_OF_A_NOTE = "# P\n\n::::{note}\n:::{key-concept}\n:::\n::::\n"

#: A rule that opens a MyST div: docutils 0.21 failed an assert (found in explore mode
#: on Sphinx 8).
RULE_OPENING_A_DIV = "# Page\n\n\n:::::::{task-card\n---\n:::::::\n"
#: MyST reads eval-rst only in a backtick fence: in a colon fence (and in rST) it is an
#: unknown directive to the build, and must be to validate (found in explore mode).
#: An include in ``{eval-rst}`` inside a card: rST inside MyST shares MyST's reporter,
#: which does not know the included lines (found in explore mode).
INCLUDE_IN_EVAL_RST_IN_A_CARD = (
    f"# P\n\n:::{{task-card}} T\n:id: t\n\n```{{eval-rst}}\n.. include:: {INCLUDED_RST}\n```\n:::\n"
)
#: Text after the name of a directive that takes no argument, above an option block:
#: MyST counts it on the options' last line, as validate does; the build looked for its
#: roles on that line of the page and found the next line's (found in explore mode).
FIRST_LINE_ABOVE_OPTIONS = "# P\n\n:::{next-steps} A {rri:task}`x`\n:id:\nSee {rri:task}`y`.\n:::\n"
#: A paragraph that a closing fence ends with no blank line: the build read the fence
#: as more of the paragraph, and a run of backticks in it as a role's end (found in
#: explore mode, on Sphinx 8).
PARAGRAPH_BEFORE_A_FENCE = "# P\n\n```{task-card}\nSee {rri:task}``.\nSee {rri:tsk}`0`.\n0\n```\n"
#: The same in ``{eval-rst}`` (found in explore mode, on Sphinx 8).
SHORT_OVERLINE_IN_EVAL_RST = (
    "# Page\n\n```{eval-rst}\n---\nid: \nid: \n---\n.. task-card::\n   See :rri:tsk:`x`.\n\n```\n"
)
#: The same form for a directive that has no options (sphinx-tabs' ``tabs``): MyST
#: reads no option block, so the option-like lines are content where they are written
#: (found in explore mode, on Sphinx 8).
FIRST_LINE_ABOVE_OPTION_LIKE_LINES = (
    "# P\n\n:::{task-card} T\n\n::::{tabs} 0\n:id:\n:id: {rri:task}`x`\n::::\n:::\n"
)
EVAL_RST_IN_A_COLON_FENCE = (
    "# Page\n\n:::::::{eval-rst}\n:::::::\n\n:::{eval-rst}\nSee :rri:tsk:`x`.\n:::\n"
)
#: A note takes no argument: MyST reads the text after its name as content, and counts
#: the lines from there in its own way when an option block follows.
NOTE_TEXT_ON_ITS_FIRST_LINE = (
    "# P\n\n:::{note} See {rri:tsk}`x`.\n:::\n\n"
    ":::{note} See {rri:tsk}`x`.\n:class: a\n\nSee {rri:tsk}`x`.\n:::\n"
)
#: sphinx-tabs reads a tab's label and panel a line late in MyST: the build reports
#: them where they are written. A tab has no options: ":id: x" is its label.
TAB_LABELS_IN_MYST = (
    "# P\n\n::::{tabs}\n:::{tab} L {rri:tsk}`x`\n\n{rri:tsk}`x`\n:::\n"
    ":::{tab}\n:id: x\n{rri:tsk}`x`\n:::\n::::\n"
)


@settings(hostile_settings(VALIDATE_EXAMPLES, 5))
@given(frontmatter_block(), st.sampled_from([".md", ".rst"]))
@example(CONTROL_IN_FRONTMATTER, ".md")
@example(NEWLINE_IN_KEY, ".md")
@example(TIMESTAMP_TAG, ".md")
@example(BOOL_TAG, ".md")
@example(EMPTY_INT_TAG, ".rst")
def test_validate_front_matter(block: str, suffix: str) -> None:
    counted("test_validate_front_matter")
    through_validate((block + "\nTitle\n=====\n\nText.\n").encode("utf-8"), suffix)


@settings(hostile_settings(VALIDATE_EXAMPLES, 5))
@given(page_text())
@example((".md", CONTROL_IN_FRONTMATTER + "# P\n"))
def test_validate_directive_bodies(page: tuple[str, str]) -> None:
    counted("test_validate_directive_bodies")
    suffix, text = page
    through_validate(text.encode("utf-8"), suffix)


@settings(hostile_settings(VALIDATE_EXAMPLES, 5))
@given(files)
@example((".md", NUL_IN_FRONTMATTER))
@example((".md", INVALID_UTF8))
@example((".md", LINE_SEPARATORS.encode()))
def test_validate_damaged_files(file: tuple[str, bytes]) -> None:
    counted("test_validate_damaged_files")
    suffix, data = file
    through_validate(data, suffix)


# -- properties: the Sphinx build -------------------------------------------------------------


@settings(hostile_settings(BUILD_EXAMPLES, 30))
@given(frontmatter_block(), st.sampled_from([".md", ".rst"]))
@example(CONTROL_IN_FRONTMATTER, ".md")
@example(NEWLINE_IN_KEY, ".md")
@example(TIMESTAMP_TAG, ".md")
@example(BOOL_TAG, ".md")
@example(EMPTY_INT_TAG, ".rst")
def test_build_front_matter(block: str, suffix: str) -> None:
    counted("test_build_front_matter")
    through_build((block + "\nTitle\n=====\n\nText.\n").encode("utf-8"), suffix)


@settings(hostile_settings(BUILD_EXAMPLES, 30))
@given(page_text())
@example((".md", CONTROL_IN_FRONTMATTER + "# P\n"))
def test_build_directive_bodies(page: tuple[str, str]) -> None:
    counted("test_build_directive_bodies")
    suffix, text = page
    through_build(text.encode("utf-8"), suffix)


@settings(hostile_settings(BUILD_EXAMPLES, 30))
@given(files)
@example((".md", NUL_IN_FRONTMATTER))
@example((".md", INVALID_UTF8))
@example((".md", LINE_SEPARATORS.encode()))
def test_build_damaged_files(file: tuple[str, bytes]) -> None:
    counted("test_build_damaged_files")
    suffix, data = file
    through_build(data, suffix)


# -- property: the two gates agree --------------------------------------------------------


def rri_findings(matches: list[re.Match[str]]) -> list[tuple[str, int, str]]:
    """(file, line, subtype) of each sphinx-rri finding (the page or an included file)."""
    return sorted(
        {
            (Path(m["path"]).name, int(m["line"]), m["code"])
            for m in matches
            if (m["code"] or "").startswith("rri.")
        }
    )


#: A figure whose caption is not a paragraph is refused with its content: the raw HTML
#: in it never reached the page, so the build judged nothing while validate, reading
#: the text, reported it (found in explore mode). Content a directive parses and drops
#: is now judged too.
FIGURE_DROPS_ITS_CONTENT = ":::::::{figure} 0\n<!A\n:::::::\n"


@settings(hostile_settings(BUILD_EXAMPLES, 30))
@given(myst_pages)
@example(FIGURE_DROPS_ITS_CONTENT)
@example("# Page\n\n:::{task-card} :\n:::\n")
@example(RULE_OPENING_A_DIV)
@example(EVAL_RST_IN_A_COLON_FENCE)
@example(NOTE_TEXT_ON_ITS_FIRST_LINE)
@example(TAB_LABELS_IN_MYST)
@example(LINE_SEPARATORS)
@example(NUL_IN_BODY)
@example(FIRST_LINE_OF_A_NOTE)
@example(EMPTY_ROLE)
@example(SAME_ROLE_TWICE)
@example(NO_DIRECTIVE_NAME)
@example(CODE_SPAN_OVER_A_BREAK)
@example(UNKNOWN_DIRECTIVE)
@example(NEARLY_RIGHT)
@example(TAB_OUTSIDE_TABS)
@example(EVAL_RST)
@example(DEEP_BLOCKQUOTES)
@example(UNCLOSED_COMMENT)
@example(ROLE_IN_A_TOCTREE)
@example(RULE_AFTER_FRONT_MATTER)
@example(ADMONITION_WITHOUT_TITLE)
@example(ROLE_IN_A_ROLE)
@example(CONTENT_IN_THE_GAP_REPORT)
@example(PLACEHOLDER_AFTER_AN_INCLUDE)
@example(SAME_INCLUDE_TWICE)
@example(INCLUDE_IN_EVAL_RST_IN_A_CARD)
@example(FIRST_LINE_ABOVE_OPTIONS)
@example(PARAGRAPH_BEFORE_A_FENCE)
@example(FIRST_LINE_ABOVE_OPTION_LIKE_LINES)
@example(SHORT_OVERLINE_IN_EVAL_RST)
def test_validate_reports_what_the_build_reports(text: str) -> None:
    """The contract: validate reports the same errors and gaps, at the same lines."""
    counted("test_validate_reports_what_the_build_reports")
    data = text.encode("utf-8")
    from_validate = rri_findings(through_validate(data, ".md", CONF_GAPS_AS_WARNINGS))
    built = through_build(data, ".md", CONF_GAPS_AS_WARNINGS)
    from_build = rri_findings(built)
    message = f"validate: {from_validate}\nbuild:    {from_build}\npage:\n{text}"
    if any(m["code"] == "docutils" and "argument(s) required" in m["message"] for m in built):
        # The documented difference (docs/cli.md): validate does not run other
        # extensions' directives, so it reads inside one that fails for want of its
        # argument, where the build reads nothing.
        assert set(from_build) <= set(from_validate), message
        return
    failed = {
        (Path(m["path"]).name, int(m["line"]), m["code"])
        for m in built
        if "the directive failed on what this page gives it" in m["message"]
    }
    if failed:
        # The same difference, for a directive of another extension that fails while
        # it runs (the crash guard's located error): validate does not run it.
        assert set(from_build) - failed <= set(from_validate), message
        return
    assert from_validate == from_build, message


#: A tab before an option, under a directive whose body is indented three spaces:
#: docutils reads it as eight columns, so the option is part of the title.
TAB_BEFORE_AN_OPTION = (
    ":title: T\n:track: rri\n:module: m\n\nT\n=\n\n.. task-card:: A\n\t:id: x\n\n"
    "   .. task-description::\n\n      D\n"
)

#: Text right after the options: docutils refuses the directive (so must validate).
OPTIONS_RUN_INTO_TEXT = (
    "\nT\n=\n\n.. key-concept:: K\n   :class: x\n   See :rri:task:`y`.\n\n"
    ".. human-factors:: H\n   :id id: x\n\n   See :rri:task:`z`.\n"
)
#: ":::" ends in "::", and the unindented line after it that starts with "." is a
#: quoted literal block for docutils: the card in it is text (validate read it).
QUOTED_LITERAL_BLOCK = (
    "\nTitle\n=====\n\n.. task-card::\n   :id:\n\n   See :rri:task:`y`.\n\n"
    "   :::\n\n   .. task-card::\n\n      See :rri:tsk:`x` and :rri:task:`y`.\n"
)
#: An unknown name whose option block docutils refuses: the build said only docutils'
#: error, validate the unknown name.
UNKNOWN_NAME_REFUSED_OPTIONS = "\nT\n=\n\n.. task-crad:: C\n   :: /index\n   :Id: 1\n"
#: An unknown role in an included file, after some lines of the page: the build counted
#: its line across the page and the include.
ROLE_IN_AN_INCLUDE = "\nT\n=\n\n" + "Text.\n\n" * 6 + f".. include:: {INCLUDED_RST}\n"
#: Several task roles in one paragraph over several lines, one in an inline literal,
#: one in a comment, one in capitals.
ROLES_OVER_LINES = (
    "\nT\n=\n\nSee :rri:task:`a` and\nmore :rri:task:`b` and :rri:task:`a`\n"
    "then ``:rri:task:`lit``` and :RRI:task:`upper`.\n\n.. a comment :rri:task:`c`\n"
)

#: An include whose option block docutils refuses (an option given twice): nothing of
#: the file is read, so the page holds no course directive (found on a CI run).
INCLUDE_OPTION_TWICE = (
    f"Title\n=====\n\n.. include:: {INCLUDED_RST}\n   :start-line: -4\n   :start-line: 3\n"
)

#: A card whose option block docutils refuses, inside an examples block that holds
#: only examples: the build kept docutils' error out of the page (found on a CI run).
REFUSED_OPTIONS_IN_EXAMPLES = (
    "Title\n=====\n\n.. illustrative-example::\n   See :rri:tsk:`x`.\n\n"
    "   .. task-card::\n      :id:\n      See :rri:task:`y`.\n"
)


#: A sphinx-tabs tab takes no argument: the line after it is content (found on a CI
#: run, where validate read it as the argument and skipped it).
TAB_TEXT_ON_THE_NEXT_LINE = "\nTitle\n=====\n\n.. tab::\n   See :rri:tsk:`x` and :rri:task:`y`.\n"
#: docutils' note takes no argument but has options: the text before them is content,
#: and the lines after them are where they are written (docutils counts them as if the
#: options were not there; both gates look each line up in the note's content).
NOTE_TEXT_BEFORE_OPTIONS = (
    "\nTitle\n=====\n\n.. note:: See :rri:tsk:`x`.\n   :class: a\n\n   See :rri:tsk:`x`.\n"
)
#: An option the note does not have, or a value its converter refuses: docutils reads
#: nothing of the note.
NOTE_REFUSED_OPTIONS = (
    "\nTitle\n=====\n\n.. note::\n   :id: x\n\n   See :rri:tsk:`x`.\n\n"
    ".. note::\n   :class: !!!\n\n   See :rri:tsk:`x`.\n"
)
#: sphinx-tabs parses a tab's label at line 1 and its panel a line early: the build
#: reports them where they are written.
TAB_LABEL_AND_PANEL = (
    "\nTitle\n=====\n\n.. tabs::\n\n   .. tab:: See :rri:tsk:`x`.\n\n      See :rri:tsk:`x`.\n\n"
    "   .. tab::\n      :id: x\n      See :rri:tsk:`x`.\n"
)

#: Text after "::" of a contract directive that takes no argument, then options: the
#: build counted the lines after the options as if those were not there (found in
#: explore mode; a tab before the first option made its line text).
TEXT_THEN_OPTIONS = (
    "\nTitle\n=====\n\n.. task-description:: See :rri:tsk:`x`\n   :class: a\n\n"
    "   See :rri:tsk:`x` and :rri:task:`y`.\n\n"
    ".. task-description::\n\t:id:\n   :id:\n\n   See :rri:tsk:`x` and :rri:task:`y`.\n"
)

#: An examples block holding only a card that docutils refuses: content that is not an
#: example, to both gates; a refused example is not (found in explore mode).
ONLY_A_REFUSED_CARD_IN_EXAMPLES = (
    "\nTitle\n=====\n\n.. task-card::\n   See :rri:tsk:`x` and :rri:task:`y`.\n\n"
    ".. illustrative-example::\n\n   .. task-card::\n      :id:\n      See :rri:tsk:`x`.\n\n"
    ".. task-card:: T\n\n   .. illustrative-example::\n\n      .. example:: Health care\n"
    "         :status:\n         See :rri:tsk:`x`.\n"
)

#: Explicit markup right after a line of a paragraph is more text of the paragraph for
#: docutils: the include is not read, the comment is not a comment (found in explore
#: mode, where validate had read the included file).
MARKUP_RIGHT_AFTER_A_PARAGRAPH = (
    f"\nTitle\n=====\n\n.. task-description:: abc\n   .. include:: {INCLUDED_RST}\n\n"
    "   more\n\nText\n.. a comment :rri:tsk:`x`\n\nSub\n---\n.. key-concept:: K\n\n"
    "   See :rri:tsk:`x`.\n"
)


#: An include in a directive whose content docutils built anew (the text after the
#: name of a directive that takes no argument comes first): the included lines are only
#: in the nested block, and the build counted the roles in them past the page's end.
INCLUDE_IN_REBUILT_CONTENT = f".. task-description:: 0\n\n   .. include:: {INCLUDED_RST}\n"
#: Two colons after a directive's name start its argument (validate read the name as
#: ``task-card::``); a name with two underscores in a row is a comment for docutils.
COLONS_AFTER_THE_NAME = "\nT\n=\n\n.. task-card:: ::\n   text line\n\n.. key__concept:: K\n"
#: docutils links a URI written by itself in the text; the build judged its scheme and
#: validate did not (found in explore mode).
STANDALONE_URI = "\nT\n=\n\nText javascript:alert(1) and ``file:///x``.\n"


#: "::" with a line indented right below it, as the first line of its paragraph, is a
#: definition list's term: the indented lines are read (validate read a literal block;
#: found in explore mode).
TERM_ENDING_IN_COLONS = (
    "\nTitle\n=====\n\n.. task-description::\n  ::\n   See :rri:tsk:`x` and :rri:task:`y`.\n"
)


#: A line of punctuation shorter than four characters that docutils reads as text (a
#: short overline here): the card right below it is paragraph text (found in explore
#: mode, on Sphinx 8).
SHORT_OVERLINE = (
    "\nTitle\n=====\n\n---\nid:\nid:\n---\n.. task-card::\n   See :rri:tsk:`x`.\n\n"
    "A long title\n---\n.. key-concept::\n"
)


#: A field whose text ends in "::", then a directive at the field's indentation: no
#: literal block (validate read a quoted one and skipped the card; found in explore
#: mode, on Sphinx 8). A list item's literal block ends where the item's text resumes.
LITERAL_AFTER_A_FIELD = (
    "\nTitle\n=====\n\n.. tab::\n   :id: :::\n\n   .. task-card::\n      See :rri:task:`y`.\n\n"
    "- Item::\n\n     :rri:tsk:`lit`\n\n  :rri:tsk:`para`\n"
)


#: A card titled with no letter and without an id became a section with no anchor,
#: and Sphinx's table of contents failed on it (found in explore mode).
CARD_TITLED_WITH_A_COLON = "\nTitle\n=====\n\n.. task-card:: :\n\n.. task-card:: ?!\n"


#: A role inside emphasis, or inside interpreted text that a backtick opened on the line
#: above, is text for docutils; validate read each line for roles on its own, and the
#: build, finding roles as validate did, put the next role at the wrong line (found in
#: explore mode).
ROLES_INSIDE_MARKUP = (
    "\nTitle\n=====\n\n*see :rri:tsk:`x`* and\n:rri:tsk:`y`\n\n"
    "`0 a\n:rri:tsk:`z` b\n:rri:tsk:`w`\n\nsee `q`:rri:tsk: here\n"
)


#: An examples block whose body is a paragraph of only "::" holds nothing for docutils
#: (validate called it stray text), and a figure that refuses its caption drops a raw
#: block and a link that validate reports (both found in explore mode).
NOTHING_BUT_COLONS_AND_A_DROPPED_FIGURE = (
    "\nTitle\n=====\n\n.. illustrative-example::\n   ::\n\n"
    ".. figure:: 0\n\n   .. raw:: html\n\n      <b>x</b>\n\n"
    ".. figure:: 1\n\n   - `x <javascript:alert(1)>`_\n"
)


#: A field's text goes on over a line indented further than its name: the build cut
#: the paragraph at the field's first line and put the role below it there (found in
#: explore mode).
FIELD_TEXT_GOES_ON = (
    "\nTitle\n=====\n\n.. task-card::\n\n.. tab::\n  :id: coming-soon\n"
    "   See :rri:tsk:`x` and :rri:task:`y`.\n"
)


#: An indented directive after a "::" paragraph is a literal block: validate read the
#: include in it. A line that starts with a no-break space is not indented for
#: docutils: it ends a card's block (validate read it as more of the card). Both found
#: in explore mode.
LITERAL_AFTER_COLONS_AND_A_NO_BREAK_SPACE = (
    "\nTitle\n=====\n\n::\n\n   .. include:: part-rst.txt\n\n"
    ".. task-card::\n   :id:\n   See :rri:tsk:`x` and :rri:task:`y`.\n\n\xa00\n"
)


@settings(hostile_settings(BUILD_EXAMPLES, 30))
@given(rst_pages)
@example(LITERAL_AFTER_COLONS_AND_A_NO_BREAK_SPACE)
@example(FIELD_TEXT_GOES_ON)
@example(NOTHING_BUT_COLONS_AND_A_DROPPED_FIGURE)
@example(ROLES_INSIDE_MARKUP)
@example(CARD_TITLED_WITH_A_COLON)
@example(INCLUDE_IN_REBUILT_CONTENT)
@example(COLONS_AFTER_THE_NAME)
@example(STANDALONE_URI)
@example(TERM_ENDING_IN_COLONS)
@example(SHORT_OVERLINE)
@example(LITERAL_AFTER_A_FIELD)
@example(MARKUP_RIGHT_AFTER_A_PARAGRAPH)
@example(ONLY_A_REFUSED_CARD_IN_EXAMPLES)
@example(TEXT_THEN_OPTIONS)
@example(TAB_TEXT_ON_THE_NEXT_LINE)
@example(NOTE_TEXT_BEFORE_OPTIONS)
@example(NOTE_REFUSED_OPTIONS)
@example(TAB_LABEL_AND_PANEL)
@example(REFUSED_OPTIONS_IN_EXAMPLES)
@example(INCLUDE_OPTION_TWICE)
@example(TAB_BEFORE_AN_OPTION)
@example(OPTIONS_RUN_INTO_TEXT)
@example(QUOTED_LITERAL_BLOCK)
@example(UNKNOWN_NAME_REFUSED_OPTIONS)
@example(ROLE_IN_AN_INCLUDE)
@example(ROLES_OVER_LINES)
def test_validate_reports_what_the_build_reports_in_rst(text: str) -> None:
    """The same for reStructuredText pages: tabs, unknown names, roles, includes."""
    counted("test_validate_reports_what_the_build_reports_in_rst")
    data = text.encode("utf-8")
    from_validate = rri_findings(through_validate(data, ".rst", CONF_GAPS_AS_WARNINGS))
    from_build = rri_findings(through_build(data, ".rst", CONF_GAPS_AS_WARNINGS))
    assert from_validate == from_build, f"validate: {from_validate}\nbuild: {from_build}\n{text}"


@pytest.mark.parametrize("suffix", [".rst", ".md"])
def test_a_directive_that_crashes_is_a_located_error(suffix: str) -> None:
    """Sphinx's hlist divides by ``:columns: 0``: the build says where, not a traceback."""
    if suffix == ".rst":
        text = "\nTitle\n=====\n\n.. hlist::\n   :columns: 0\n\n   * a\n"
    else:
        text = "# Title\n\n```{hlist}\n:columns: 0\n\n* a\n```\n"
    found = through_build(text.encode("utf-8"), suffix, CONF_GAPS_AS_WARNINGS)
    assert [(m["line"], m["code"]) for m in found if m["code"] == "rri.option"] == [
        ("5" if suffix == ".rst" else "3", "rri.option")
    ]
    assert any("hlist: the directive failed" in m.group(0) for m in found)


@pytest.mark.parametrize("suffix", [".rst", ".md"])
def test_a_role_that_crashes_is_a_located_error(suffix: str) -> None:
    """Sphinx's guilabel indexes an empty string on ``&``: the build says where."""
    if suffix == ".rst":
        text = "\nTitle\n=====\n\nSome\ntext :guilabel:`&` here.\n"
    else:
        text = "# Title\n\nSome\ntext {guilabel}`&` here.\n"
    found = through_build(text.encode("utf-8"), suffix, CONF_GAPS_AS_WARNINGS)
    assert [(m["line"], m["code"]) for m in found if m["code"] == "rri.option"] == [
        ("6" if suffix == ".rst" else "4", "rri.option")
    ]
    assert any("role 'guilabel' failed on its text" in m.group(0) for m in found)


def test_target_notes_refuse_a_name_on_every_docutils() -> None:
    """docutils 0.21 let ``:name:`` through and then failed an assert ("Losing "ids"
    attribute"); as in 0.22, the option is refused, and the course role after it is
    read by both gates."""
    text = "\nT\n=\n\n.. target-notes::\n   :name: x\n\n   See :rri:tsk:`x`.\n\nSee :rri:tsk:`y`.\n"
    data = text.encode("utf-8")
    with tempfile.TemporaryDirectory() as directory:
        srcdir = project_with(directory, "page.rst", data, CONF_GAPS_AS_WARNINGS)
        with time_limit(60, "sphinx-build"):
            gate = run_build(srcdir, "html")
        assert not gate.crashed, gate.err[-2000:]
        assert 'Error in "target-notes" directive' in gate.err
    built = rri_findings(through_build(data, ".rst", CONF_GAPS_AS_WARNINGS))
    assert built == rri_findings(through_validate(data, ".rst", CONF_GAPS_AS_WARNINGS))
    assert ("page.rst", 10, "rri.unknown") in built


def test_a_rule_inside_a_box_is_a_warning_on_every_docutils() -> None:
    """docutils 0.21 (Sphinx 8) failed an assert on a transition that opens a box or a
    MyST div; the build warns as docutils 0.22 does, and keeps the rule."""
    text = "# P\n\n:::\n---\n:::\n\n:::::::{task-card\n---\n:::::::\n\n:::{note}\nN\n\n---\n:::\n"
    with tempfile.TemporaryDirectory() as directory:
        srcdir = project_with(directory, "page.md", text.encode("utf-8"), CONF_GAPS_AS_WARNINGS)
        with time_limit(60, "sphinx-build"):
            gate = run_build(srcdir, "html")
        assert not gate.crashed, gate.err[-2000:]
        said = [line for line in gate.err.splitlines() if "Transition must be child" in line]
        assert [line.split(":")[1] for line in said] == ["4", "8", "14"], gate.err
        html = (srcdir / "_build" / "html" / "page.html").read_text(encoding="utf-8")
        assert html.count("<hr") == 3


# -- the helpers themselves -----------------------------------------------------------------


def test_helpers_see_a_crash_and_an_unlocated_line() -> None:
    crash = Gate(2, "", "Extension error!\nTraceback\n")
    assert crash.crashed
    with pytest.raises(AssertionError, match="unlocated"):
        assert_validate_ok(
            Gate(1, "oops: no line\nsphinx-rri: 0 tasks, 0 gaps, 1 error\n", ""), Path("/")
        )


def test_json_output_parses_for_a_hostile_page(tmp_path: Path) -> None:
    srcdir = project_with(str(tmp_path), "page.md", b"---\ntitle: '\\u0000<script>'\n---\n# P\n")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = cli_main(["validate", "--format", "json", str(srcdir)])
    data = json.loads(out.getvalue())
    assert status == 1 and data["errors"] and all(e["line"] >= 1 for e in data["errors"])
