"""Named attacks and accidents, each through both gates where it applies.

Each case is a page (or a link) that someone could put in a pull request: a YAML alias
bomb, YAML tags that would construct Python objects, front matter of several megabytes,
directives nested hundreds deep, a binary file named ``.md``, links that leave the
source folder, and author text carrying script, event-handler and LaTeX payloads.
Neither ``sphinx-rri validate`` nor the Sphinx build may crash, hang or do what the page
says; where a limit stops a page, the message is located (``path:line:``) and names the
limit (``rri_max_*``). The last tests show that each limit is configurable.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import sphinx_rri
from sphinx_rri.cli import main as cli_main
from test_hostile import (
    CONF,
    Gate,
    assert_build_ok,
    assert_validate_ok,
    run_build,
    run_validate,
    time_limit,
)

#: Where the sphinx_rri being tested lives, so that child processes import the same one.
SRC = Path(sphinx_rri.__file__).parents[1]
HEAD = "---\ntitle: T\ntrack: rri\nmodule: rri-101\n---\n"


def project(tmp_path: Path, files: dict[str, str | bytes], conf: str = CONF) -> Path:
    srcdir = tmp_path / "src"
    srcdir.mkdir(parents=True, exist_ok=True)
    (srcdir / "conf.py").write_text(conf, encoding="utf-8")
    names = sorted(n.rsplit(".", 1)[0] for n in files if n.rsplit(".", 1)[0] != "index")
    if "index.md" not in files and "index.rst" not in files:
        toctree = "\n".join(names)
        index = f"# Index\n\n```{{toctree}}\n:glob:\n\n{toctree}\n```\n"
        (srcdir / "index.md").write_text(index, encoding="utf-8")
    for name, content in files.items():
        path = srcdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return srcdir


def validate_and_build(srcdir: Path, seconds: float = 20) -> tuple[Gate, Gate]:
    """Both gates, each under a hard time limit; neither may crash."""
    with time_limit(seconds, "sphinx-rri validate"):
        checked = run_validate(srcdir)
    assert_validate_ok(checked, srcdir)
    with time_limit(seconds * 2, "sphinx-build"):
        built = run_build(srcdir)
    assert_build_ok(built, srcdir)
    return checked, built


def limit_lines(text: str, name: str) -> list[str]:
    """Lines of ``text`` (validate output or build warnings) that report the limit ``name``."""
    return [line for line in text.splitlines() if "[rri.limit]" in line and name in line]


def located_at(lines: list[str], filename: str, line: int | None = None) -> bool:
    wanted = f"{filename}:{line}:" if line else f"{filename}:"
    return any(wanted in text for text in lines)


# -- YAML ------------------------------------------------------------------------------------


def alias_bomb(levels: int = 9, fan: int = 9) -> str:
    """The billion laughs: each level refers ``fan`` times to the one before."""
    lines = ["title: T", "track: rri", "module: rri-101", 'l0: &l0 ["lol"]']
    for level in range(1, levels + 1):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * fan) + "]")
    return "---\n" + "\n".join(lines) + "\n---\n# Bomb\n"


def test_alias_bomb_stops_at_the_alias_limit(tmp_path: Path) -> None:
    srcdir = project(tmp_path, {"bomb.md": alias_bomb()})
    start = time.monotonic()
    checked, built = validate_and_build(srcdir)
    assert time.monotonic() - start < 20
    assert checked.status == 1
    # The 51st alias is on the line of l6 (l1..l5 hold 45 aliases): the limit is located there.
    assert located_at(limit_lines(checked.out, "rri_max_yaml_aliases"), "bomb.md", 11)
    assert located_at(limit_lines(built.err, "rri_max_yaml_aliases"), "bomb.md", 11)


def test_alias_bomb_within_the_alias_limit_does_not_hang(tmp_path: Path) -> None:
    """50 aliases are enough for 10**5 copies of a list: a count of aliases alone is no guard.

    Five levels of ten aliases expand a 2,000-item list to 200 million items for every
    reader that walks the value (the schema check, the JSON export, MyST), in a front
    matter block of 6 kB. The gates must stop it as quickly as the bomb above.
    """
    lines = ["title: T", "track: rri", "module: rri-101", "tags:"]
    lines.append("  - &l0 [" + ", ".join(["x"] * 2000) + "]")
    for level in range(1, 6):
        lines.append(f"  - &l{level} [" + ", ".join([f"*l{level - 1}"] * 10) + "]")
    page = "---\n" + "\n".join(lines) + "\n---\n# Wide bomb\n"
    assert page.count("*l") == 50 and len(page.encode()) < 65536
    srcdir = project(tmp_path, {"wide.md": page})
    checked, built = validate_and_build(srcdir, seconds=10)
    assert checked.status == 1
    for text in (checked.out, built.err):
        assert limit_lines(text, "rri_max_"), text[-2000:]


@pytest.mark.parametrize(
    "value",
    [
        "!!python/object/apply:os.system ['touch {marker}']",
        "!!python/object/new:os.system ['touch {marker}']",
        "!!python/name:os.system",
        "!!python/module:os",
        "!!python/object:subprocess.Popen {{args: ['touch', '{marker}']}}",
        "!<tag:yaml.org,2002:python/object/apply:os.system> ['touch {marker}']",
        "!!python/tuple [1, 2]",
    ],
)
def test_python_tags_are_not_constructed(tmp_path: Path, value: str) -> None:
    marker = tmp_path / "owned"
    page = HEAD.replace("title: T", "title: " + value.format(marker=marker))
    srcdir = project(tmp_path, {"tags.md": page})
    checked, built = validate_and_build(srcdir)
    assert not marker.exists(), "a YAML tag ran a command"
    assert checked.status == 1
    for text in (checked.out, built.err):
        assert located_at([x for x in text.splitlines() if "rri.frontmatter" in x], "tags.md", 2)


def test_front_matter_of_several_megabytes(tmp_path: Path) -> None:
    items = "".join(f"  - tag number {n} with some words to make it long\n" for n in range(60000))
    page = "---\ntitle: T\ntrack: rri\nmodule: rri-101\ntags:\n" + items + "---\n# Big\n"
    assert 3_000_000 < len(page) < 5_000_000  # below rri_max_file_bytes
    srcdir = project(tmp_path, {"big.md": page})
    start = time.monotonic()
    checked, built = validate_and_build(srcdir)
    assert time.monotonic() - start < 30
    assert checked.status == 1
    assert located_at(limit_lines(checked.out, "rri_max_frontmatter_bytes"), "big.md", 1)
    assert located_at(limit_lines(built.err, "rri_max_frontmatter_bytes"), "big.md", 1)


def test_page_larger_than_the_file_limit(tmp_path: Path) -> None:
    page = HEAD + "# Huge\n\n" + ("A paragraph of words that goes on. " * 40 + "\n\n") * 4000
    assert len(page) > 5_000_000
    srcdir = project(tmp_path, {"huge.md": page})
    with time_limit(20, "sphinx-rri validate"):
        checked = run_validate(srcdir)
    assert_validate_ok(checked, srcdir)
    assert checked.status == 1
    assert located_at(limit_lines(checked.out, "rri_max_file_bytes"), "huge.md", 1)


# -- nesting -------------------------------------------------------------------------------


def nested_myst(depth: int, name: str = "key-concept", argument: str = "T") -> str:
    """``depth`` colon fences, each one colon longer than the one inside it."""
    opening = "".join(":" * (depth + 3 - i) + f"{{{name}}} {argument}\n\n" for i in range(depth))
    closing = "".join(":" * (3 + i) + "\n" for i in range(depth))
    return HEAD + "# Deep\n\n" + opening + "Body.\n" + closing


def nested_rst(depth: int) -> str:
    body = "".join("   " * i + ".. key-concept:: T\n\n" for i in range(depth))
    return (
        ":title: T\n:track: rri\n:module: rri-101\n\nDeep\n====\n\n" + body + "   " * depth + "x\n"
    )


@pytest.mark.parametrize(
    ("name", "page"),
    [
        ("deep.md", nested_myst(300)),
        ("deep.md", nested_myst(300, "note", "")),
        ("deep.rst", nested_rst(300)),
    ],
    ids=["myst-contract", "myst-note", "rst"],
)
def test_directives_nested_hundreds_deep(tmp_path: Path, name: str, page: str) -> None:
    srcdir = project(tmp_path, {name: page})
    checked, built = validate_and_build(srcdir)
    assert checked.status == 1
    # The 51st directive, on line 8 + 2 * 50, is the first too deep; the message is at
    # it or at the first lines of its body, where the reader stopped.
    (message,) = limit_lines(checked.out, "rri_max_nesting")
    assert any(located_at([message], name, line) for line in (108, 109, 110)), message
    assert located_at(limit_lines(built.err, "rri_max_nesting"), name), built.err[-2000:]


# -- files that are not pages ------------------------------------------------------------------

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + bytes(
    range(256)
)
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00>\x00\x01\x00\x00\x00" + b"\x00" * 40


@pytest.mark.parametrize(
    ("data", "says"),
    [(PNG, "UTF-8"), (ELF, "NUL"), ("\ufeffText in UTF-16".encode("utf-16"), "UTF-8")],
    ids=["png", "elf", "utf-16"],
)
def test_binary_file_with_an_md_name(tmp_path: Path, data: bytes, says: str) -> None:
    srcdir = project(tmp_path, {"picture.md": data})
    checked, built = validate_and_build(srcdir)
    assert checked.status == 1
    ours = [x for x in checked.out.splitlines() if "[rri.limit]" in x and says in x]
    assert located_at(ours, "picture.md"), checked.out
    # The build says the same about the file, at a line of it, instead of rendering junk.
    assert located_at(limit_lines(built.err, says), "picture.md"), built.err[-2000:]


# -- links out of the source folder ------------------------------------------------------------


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    secret = tmp_path / "outside" / "secret.md"
    secret.parent.mkdir()
    secret.write_text(HEAD + "# SECRET-TOKEN-1234\n\n:::{key-concept}\n:::\n", encoding="utf-8")
    return secret


def test_link_to_a_file_outside_is_not_read_by_validate(tmp_path: Path, outside: Path) -> None:
    srcdir = project(tmp_path, {"page.md": HEAD + "# Page\n"})
    (srcdir / "leak.md").symlink_to(outside)
    checked = run_validate(srcdir)
    assert_validate_ok(checked, srcdir)
    assert checked.status == 1
    lines = [x for x in checked.out.splitlines() if "outside the source folder" in x]
    assert located_at(lines, "leak.md", 1)
    assert "SECRET" not in checked.out and "key-concept" not in checked.out
    # The build reads what Sphinx reads (see docs/security.md); it must not crash on it.
    assert_build_ok(run_build(srcdir), srcdir)


def test_link_to_a_folder_outside_is_reported_by_validate(tmp_path: Path, outside: Path) -> None:
    """Sphinx follows a linked folder, so validate must not pass over it in silence."""
    srcdir = project(tmp_path, {"page.md": HEAD + "# Page\n"})
    (srcdir / "linked").symlink_to(outside.parent, target_is_directory=True)
    checked = run_validate(srcdir)
    assert_validate_ok(checked, srcdir)
    assert "SECRET" not in checked.out
    assert checked.status == 1, checked.out
    assert any("linked" in x and "[rri.limit]" in x for x in checked.out.splitlines()), checked.out


def test_link_inside_the_source_folder_is_read(tmp_path: Path) -> None:
    srcdir = project(tmp_path, {"real.md": HEAD + "# Real\n\n:::{key-concept}\n:::\n"})
    (srcdir / "alias.md").symlink_to(srcdir / "real.md")
    checked = run_validate(srcdir)
    assert_validate_ok(checked, srcdir)
    assert located_at(checked.out.splitlines(), "alias.md", 8)
    assert "outside the source folder" not in checked.out


@pytest.mark.parametrize("kind", ["loop", "dangling"])
def test_broken_links(tmp_path: Path, kind: str) -> None:
    srcdir = project(tmp_path, {"page.md": HEAD + "# Page\n"})
    if kind == "loop":
        (srcdir / "a.md").symlink_to(srcdir / "b.md")
        (srcdir / "b.md").symlink_to(srcdir / "a.md")
    else:
        (srcdir / "gone.md").symlink_to(tmp_path / "nowhere" / "gone.md")
    checked = run_validate(srcdir)
    assert_validate_ok(checked, srcdir)
    assert checked.status == 1
    assert any("[rri.limit]" in x for x in checked.out.splitlines())
    assert_build_ok(run_build(srcdir), srcdir)


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def test_link_to_an_endless_device(tmp_path: Path) -> None:
    """A page linked to /dev/zero: validate refuses it; the build must not read forever."""
    srcdir = project(tmp_path, {"page.md": HEAD + "# Page\n"})
    (srcdir / "zero.md").symlink_to("/dev/zero")
    with time_limit(10, "sphinx-rri validate"):
        checked = run_validate(srcdir)
    assert_validate_ok(checked, srcdir)
    assert located_at(checked.out.splitlines(), "zero.md", 1)
    # In a child process with a memory cap: the failure mode is to read without end.
    command = [sys.executable, "-m", "sphinx", "-b", "dummy", "-q", "-E", "-N"]
    command += [str(srcdir), str(srcdir / "_build")]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=20,
            env=env,
            preexec_fn=_limit_memory,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("sphinx-build read /dev/zero through a page link for 20 s")
    gate = Gate(done.returncode, done.stdout, done.stderr, done.stderr.splitlines(keepends=True))
    assert not gate.crashed and done.returncode in (0, 1), done.stderr[-2000:]


# -- author text in the outputs ----------------------------------------------------------------

SCRIPT = "<script>alert('xss')</script>"
HANDLER = '" onmouseover="alert(1)" x="'
IMG = "<img src=x onerror=alert(2)>"
LATEX = r"\input{/etc/passwd}\write18{touch owned}$\alpha$ 50% #1 a_b^c ~ & {}"
PAYLOAD = f"{SCRIPT}{HANDLER}{IMG}{LATEX}"

ESCAPING_CONF = CONF + (
    f"rri_example_domains = ['Health care', {('Env ' + IMG)!r}]\n"
    "latex_documents = [('index', 'course.tex', 'Course', 'A', 'manual')]\n"
)


def escaping_pages() -> dict[str, str | bytes]:
    yaml_payload = json.dumps(PAYLOAD)  # a JSON string is a valid YAML double-quoted scalar
    page = f"""---
title: {yaml_payload}
track: rri
module: rri-101
authors: [{yaml_payload}]
tags: [{yaml_payload}]
learning_objectives:
  - {yaml_payload}
---

# Payload

:::::{{task-card}} Card {PAYLOAD}
:id: card-one

::::{{task-description}}
Description {LATEX}
::::

::::{{task-importance}}
Importance {LATEX}
::::

::::{{illustrative-example}}
:::{{example}} Health care
Example {LATEX}
:::

:::{{example}} Env {IMG}
Second {LATEX}
:::
::::
:::::

:::{{key-concept}} Concept {PAYLOAD}
Body {LATEX}
:::

:::{{human-factors}} Factors {PAYLOAD}
Body {LATEX}
:::

::::{{next-steps}}
:::{{step}} Step {PAYLOAD}
:doc: other
Why {LATEX}
:::

:::{{step}} Later {PAYLOAD}
:status: coming-soon
:::
::::

::::{{task-card}} Second card {PAYLOAD}
:id: x" onmouseover="alert(3)
::::

See {{rri:task}}`card-one`.

:::{{rri-gap-report}}
:::
"""
    return {
        "index.md": "# Index\n\n```{toctree}\npayload\nother\n```\n",
        "payload.md": page,
        "other.md": HEAD + "# Other\n",
    }


@pytest.fixture(scope="module")
def escaped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("escaping")
    srcdir = project(root, escaping_pages(), ESCAPING_CONF)
    for builder in ("html", "latex"):
        gate = run_build(srcdir, builder)
        assert_build_ok(gate, srcdir)
        assert gate.status == 0, gate.err
    return srcdir / "_build"


def test_html_has_no_injected_script_or_handler(escaped: Path) -> None:
    for name in ("payload.html", "index.html"):
        soup = BeautifulSoup((escaped / "html" / name).read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script"):
            assert "alert" not in (script.string or "") + str(script.get("src", ""))
        for element in soup.find_all(True):
            handlers = [a for a in element.attrs if a.lower().startswith("on")]
            assert not handlers, f"event handler attribute on {element.name}: {handlers}"
            assert element.name != "img" or element.get("src") != "x"
    text = BeautifulSoup(
        (escaped / "html" / "payload.html").read_text(encoding="utf-8"), "html.parser"
    ).get_text()
    # Sphinx's smart quotes turn ' and " into typographic quotes in titles; undo that.
    text = text.translate(
        str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
    )
    # Shown as text, not lost: titles, bodies, domains, steps, the gap report.
    for shown in (f"Card {SCRIPT}", f"Concept {SCRIPT}", f"Step {SCRIPT}", f"Env {IMG}"):
        assert shown in text
    assert text.count(SCRIPT) >= 8


def test_latex_has_no_author_commands(escaped: Path) -> None:
    tex = (escaped / "latex" / "course.tex").read_text(encoding="utf-8")
    for command in (r"\input{/etc/passwd}", r"\write18{", r"$\alpha$"):
        assert command not in tex
    assert r"\textbackslash{}input\{/etc/passwd\}" in tex
    assert "Card" in tex and "Concept" in tex


def test_rri_json_keeps_author_text_exactly(escaped: Path) -> None:
    raw = (escaped / "html" / "rri.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    (page,) = [p for p in data["pages"] if p["docname"] == "payload"]
    assert page["title"] == PAYLOAD and page["authors"] == [PAYLOAD] and page["tags"] == [PAYLOAD]
    task, second = sorted(data["tasks"], key=lambda t: t["line"])
    assert task["title"] == f"Card {PAYLOAD}"
    assert second["id"] == 'x" onmouseover="alert(3)'
    assert second["title"] == f"Second card {PAYLOAD}"
    (block,) = data["next_steps"]
    assert [s["title"] for s in block["steps"]] == [f"Step {PAYLOAD}", f"Later {PAYLOAD}"]
    assert f"Env {IMG}" in [e["domain"] for e in task["examples"]]


def test_cli_outputs_escape_author_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pages = escaping_pages()
    pages["payload.md"] = str(pages["payload.md"]).replace(":id: card-one", ":id: <b>x</b>")
    srcdir = project(tmp_path, pages, ESCAPING_CONF)
    # The id is no slug: an error, which report's exit status says.
    assert cli_main(["report", "--format", "html", str(srcdir)]) == 1
    soup = BeautifulSoup(capsys.readouterr().out, "html.parser")
    assert not soup.find_all("script") and not soup.find_all("img") and not soup.find_all("b")
    assert f"Card {SCRIPT}" in soup.get_text()
    assert cli_main(["validate", "--format", "json", str(srcdir)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert any("<b>x</b>" in e["message"] for e in data["errors"])
    assert cli_main(["validate", "--format", "github", str(srcdir)]) == 1
    for line in capsys.readouterr().out.splitlines()[:-1]:
        assert line.startswith("::error file=") or line.startswith("::warning file="), line


# -- configurable limits -----------------------------------------------------------------------


def limit_case(tmp_path: Path, name: str, conf_value: int | None, page: str) -> tuple[Gate, Path]:
    conf = CONF + (f"{name} = {conf_value}\n" if conf_value is not None else "")
    srcdir = project(tmp_path / f"{name}-{conf_value}", {"page.md": page}, conf)
    gate = run_validate(srcdir)
    assert_validate_ok(gate, srcdir)
    return gate, srcdir


LIMIT_CASES = {
    # name: (page within the default, a lower limit it breaks, a higher limit it needs)
    "rri_max_frontmatter_bytes": (
        HEAD.replace("module: rri-101", "module: rri-101\ntags: [" + "t, " * 400 + "t]"),
        500,
        None,
    ),
    "rri_max_yaml_aliases": (
        HEAD.replace("module: rri-101", "module: rri-101\ntags: &t [a]\nauthors: [*t, *t, *t]"),
        2,
        None,
    ),
    "rri_max_nesting": (nested_myst(8, "note", ""), 5, None),
    "rri_max_file_bytes": (HEAD + "# Page\n\n" + "Words. " * 400 + "\n", 1000, None),
}


@pytest.mark.parametrize("name", sorted(LIMIT_CASES))
def test_each_limit_is_configurable(tmp_path: Path, name: str) -> None:
    page, lower, _ = LIMIT_CASES[name]
    default, _src = limit_case(tmp_path, name, None, page)
    assert not limit_lines(default.out, name), default.out
    lowered, _src = limit_case(tmp_path, name, lower, page)
    assert lowered.status == 1
    assert located_at(limit_lines(lowered.out, f"{name} ({lower}"), "page.md"), lowered.out


def test_a_raised_limit_lets_a_page_through(tmp_path: Path) -> None:
    page = nested_myst(60, "note", "")
    stopped, _ = limit_case(tmp_path, "rri_max_nesting", None, page)
    assert limit_lines(stopped.out, "rri_max_nesting")
    allowed, _ = limit_case(tmp_path, "rri_max_nesting", 100, page)
    assert not limit_lines(allowed.out, "rri_max_nesting"), allowed.out


@pytest.mark.parametrize("name", ["rri_max_frontmatter_bytes", "rri_max_yaml_aliases"])
def test_front_matter_limits_apply_in_the_build_too(tmp_path: Path, name: str) -> None:
    page, lower, _ = LIMIT_CASES[name]
    srcdir = project(tmp_path, {"page.md": page}, CONF + f"{name} = {lower}\n")
    gate = run_build(srcdir)
    assert_build_ok(gate, srcdir)
    assert located_at(limit_lines(gate.err, f"{name} ({lower}"), "page.md"), gate.err


@pytest.mark.parametrize("value", ["0", "-1", "'many'", "True", "1.5"])
def test_a_bad_limit_value_is_a_clear_message(
    tmp_path: Path, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    srcdir = project(tmp_path, {"page.md": HEAD + "# P\n"}, CONF + f"rri_max_nesting = {value}\n")
    assert cli_main(["validate", str(srcdir)]) == 2
    assert "rri_max_nesting" in capsys.readouterr().err
    gate = run_build(srcdir)
    assert not gate.crashed and gate.status in (0, 1), gate.err[-2000:]
    assert any("rri_max_nesting" in w and "[rri.config]" in w for w in gate.err.splitlines())


# -- raw markup in page bodies -----------------------------------------------------------------

RAW_PAYLOADS = {
    "html-block": "<script>alert('block')</script>\n",
    "html-inline": "Text <img src=x onerror=alert(2)> more.\n",
    "raw-directive": "```{raw} html\n<script>alert('raw')</script>\n```\n",
    "eval-rst": "```{eval-rst}\n.. raw:: html\n\n   <script>alert('rst')</script>\n```\n",
    "javascript-link": "[click](javascript:alert('link'))\n",
    "rst-raw": None,
}


@pytest.mark.parametrize("kind", sorted(RAW_PAYLOADS))
def test_a_page_cannot_inject_script_into_the_site(tmp_path: Path, kind: str) -> None:
    """Pages are untrusted, so markup that passes HTML through must not reach the site."""
    if kind == "rst-raw":
        files: dict[str, str | bytes] = {
            "page.rst": "Page\n====\n\n.. raw:: html\n\n   <script>alert('rst')</script>\n"
        }
    else:
        files = {"page.md": HEAD + "# Page\n\n" + str(RAW_PAYLOADS[kind])}
    srcdir = project(tmp_path, files)
    gate = run_build(srcdir, "html")
    assert_build_ok(gate, srcdir)
    soup = BeautifulSoup(
        (srcdir / "_build" / "html" / "page.html").read_text("utf-8"), "html.parser"
    )
    for script in soup.find_all("script"):
        assert "alert" not in (script.string or ""), f"script from the page: {script}"
    for element in soup.find_all(True):
        handlers = {k: v for k, v in element.attrs.items() if k.lower().startswith("on")}
        assert not handlers, f"event handler from the page: {element}"
        for attribute in ("href", "src"):
            value = str(element.get(attribute) or "").strip().lower()
            assert not value.startswith("javascript:"), f"javascript: URL from the page: {element}"
