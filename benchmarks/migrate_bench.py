"""The migration benchmarks: ``sphinx-rri migrate`` itself, and the site it writes.

Two sites, each built twice side by side (interleaved, as every benchmark here is): the
original with mkdocs and Material for MkDocs, and the migrated one with Sphinx, cold
(``-E``, a fresh output folder), in the ``dirhtml`` layout that keeps mkdocs' addresses
and with the theme the migration writes by default (sphinx-immaterial).

- the sample of real Turing Commons pages in ``tests/migrate/sample``;
- a generated mkdocs site of a hundred pages with the constructs real sites use: task
  sections with domain tabs, admonitions, collapsible boxes, a grid of cards, icons and
  emoji, inline HTML, an embedded video, footnotes, code and a page-level table.

The goal of the build is a ratio: the Sphinx build at most 1.5 times the mkdocs build.
The goal of ``migrate`` is absolute: well under a second per ten pages (0.5 s), start-up
included.

The extension's own cost on a migrated site is measured too: the same migrated pages are
built a second time with ``sphinx_rri`` replaced by ``plain_rri`` (this folder), which
reads each of the contract's directives as a plain container, so the difference is what
the extension does beyond parsing the same text. Its goal, like the 500-page course's in
``run.py``, is at most 5% more than that baseline.
"""

from __future__ import annotations

import ast
import random
import re
import shutil
import sys
import textwrap
from pathlib import Path
from typing import Any

import run as runner

SAMPLE = runner.ROOT / "tests" / "migrate" / "sample"
GOAL_RATIO = 1.5
GOAL_PER_TEN = 0.5
GOAL_OVERHEAD = 0.05

EXTENSIONS = """\
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - def_list
  - footnotes
  - md_in_html
  - toc:
      permalink: true
  - pymdownx.arithmatex:
      generic: true
  - pymdownx.betterem
  - pymdownx.caret
  - pymdownx.details
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
  - pymdownx.highlight
  - pymdownx.inlinehilite
  - pymdownx.keys
  - pymdownx.mark
  - pymdownx.smartsymbols
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
  - pymdownx.tasklist:
      custom_checkbox: true
  - pymdownx.tilde
"""

WORDS = tuple(
    [
        "data",
        "model",
        "team",
        "review",
        "public",
        "record",
        "risk",
        "audit",
        "consent",
        "survey",
        "field",
        "sample",
        "notes",
        "method",
        "design",
        "question",
        "answer",
        "context",
        "harm",
        "benefit",
        "value",
        "trust",
        "policy",
        "school",
        "museum",
    ]
)


def _sentence(rng: random.Random, words: int = 12) -> str:
    chosen = [rng.choice(WORDS) for _ in range(words)]
    return " ".join(chosen).capitalize() + "."


def _page(rng: random.Random, index: int, module: str) -> str:
    title = f"Stage {index}: {rng.choice(WORDS).capitalize()} {rng.choice(WORDS)}"
    para = lambda n=3: " ".join(_sentence(rng) for _ in range(n))  # noqa: E731
    tasks = []
    for number in range(2):
        name = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} {index}-{number}"
        tasks.append(
            f"## {name}\n\n### Task Description\n\n{para()}\n\n"
            f"### Importance of the Task\n\n{para(2)}\n\n### Illustrative Examples\n\n"
            f'=== "Health care"\n\n    {para(2)}\n\n'
            f'=== "Environmental Sciences"\n\n    Illustrative examples coming soon!\n'
        )
    return (
        textwrap.dedent(
            f"""\
        ---
        title: "{title}"
        ---

        # {title}

        {para()} Press ++ctrl+s++ to save, H~2~O, ==marked== text, x<sup>2</sup> and
        <kbd>Esc</kbd>.[^note] :material-check-circle: Done :tada:

        !!! info "Before you start"

            {para(2)}

        ??? question "What is a {rng.choice(WORDS)}?"

            {para(2)}

        <div class="grid cards" markdown>

        -   :octicons-book-16: __Reading__

            ---

            {_sentence(rng)}

        -   :fontawesome-solid-flask: __Practice__

            ---

            {_sentence(rng)}

        </div>

        <iframe width="560" height="315" src="https://www.youtube.com/embed/aBcD3fGh{index:03d}"
         title="Video" allowfullscreen></iframe>

        | a | b |
        | --- | --- |
        | {rng.choice(WORDS)} | {rng.choice(WORDS)} |

        ```python
        print("{module} {index}")
        ```

        """
        )
        + "\n".join(tasks)
        + f"\n[^note]: {_sentence(rng)}\n"
    )


def write_mkdocs_site(dest: Path, pages: int, seed: int) -> Path:
    """A generated mkdocs site of ``pages`` pages in modules of ten, with a nav."""
    rng = random.Random(seed)
    shutil.rmtree(dest, ignore_errors=True)
    (dest / "docs").mkdir(parents=True)
    (dest / "docs" / "index.md").write_text("# Generated course\n\nStart here.\n")
    nav = ["nav:", "  - index.md"]
    for index in range(1, pages):
        module = f"gen-{100 + index // 10}"
        path = f"{module}/{module}-{index % 10}.md"
        target = dest / "docs" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_page(rng, index, module), encoding="utf-8")
        if index % 10 == 1 or index == 1:
            nav.append(f"  - {module.upper()}:")
        nav.append(f"      - {path}")
    (dest / "mkdocs.yml").write_text(
        "site_name: Generated\nsite_url: https://example.org/\ntheme:\n  name: material\n"
        + EXTENSIONS
        + "\n".join(nav)
        + "\n",
        encoding="utf-8",
    )
    return dest


def copy_sample(dest: Path) -> Path:
    """The sample, buildable by mkdocs here: its own Markdown extensions, no plugins.

    Its mkdocs.yml inherits a file it does not ship and needs plugins and theme overrides
    that are not installed; those draw the site around the pages, not the pages.
    """
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(SAMPLE / "docs", dest / "docs")
    shutil.copytree(SAMPLE / "includes", dest / "includes")
    text = (SAMPLE / "mkdocs.yml").read_text(encoding="utf-8")
    block = re.search(r"^markdown_extensions:\n(?:(?:[ #].*)?\n)+", text, re.M)
    assert block, "the sample's mkdocs.yml has no markdown_extensions"
    extensions = block.group(0).replace("materialx.emoji", "material.extensions.emoji")
    (dest / "mkdocs.yml").write_text(
        "site_name: Turing Commons\nsite_url: https://example.org/\n"
        "theme:\n  name: material\n" + extensions,
        encoding="utf-8",
    )
    return dest


def _mkdocs_cmd(site: Path, out: Path) -> list[str]:
    return [
        runner.PY,
        "-m",
        "mkdocs",
        "build",
        "-q",
        "-f",
        str(site / "mkdocs.yml"),
        "-d",
        str(out),
    ]


#: ``sphinx-rri migrate`` whose exit status 1 ("pages to review") counts as success.
_MIGRATE = (
    "import sys; from sphinx_rri.cli import main; "
    "status = main(sys.argv[1:]); sys.exit(0 if status in (0, 1) else status)"
)


def _migrate_cmd(site: Path, dest: Path) -> list[str]:
    return [runner.PY, "-c", _MIGRATE, "migrate", str(site), str(dest), "--force", "--quiet"]


#: ``sphinx-build`` with this folder on the path, so that ``plain_rri`` can be loaded; both
#: builds of the overhead row start this way, so that they differ only in the extension.
_SPHINX = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); "
    "from sphinx.cmd.build import main; sys.exit(main(sys.argv[1:]))"
)


def _extensions(conf: Path) -> list[str]:
    """The ``extensions`` list that ``migrate`` wrote to ``conf``."""
    for node in ast.parse(conf.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "extensions" for t in node.targets
        ):
            return list(ast.literal_eval(node.value))
    raise SystemExit(f"{conf} sets no extensions")


def _overhead_cmds(dest: Path, out: Path, doctrees: Path) -> tuple[list[str], list[str]]:
    """The cold serial build of ``dest`` with ``sphinx_rri``, and with ``plain_rri``."""
    import plain_rri

    try:
        from sphinx_rri.contract.names import CONTRACT_DIRECTIVES
    except ImportError:  # a source checkout without an install
        sys.path.insert(0, str(runner.ROOT / "src"))
        from sphinx_rri.contract.names import CONTRACT_DIRECTIVES

    # The stand-in must define every name the extension does, or the baseline would
    # build a different page (an unknown directive is an error and no content).
    assert set(plain_rri.NAMES) == set(CONTRACT_DIRECTIVES), "plain_rri.NAMES is stale"
    extensions = _extensions(dest / "conf.py")
    assert "sphinx_rri" in extensions, "the migrated site does not use sphinx_rri"
    plain = ",".join("plain_rri" if e == "sphinx_rri" else e for e in extensions)
    here = str(Path(__file__).resolve().parent)
    start = [runner.PY, "-c", _SPHINX, here]
    common = ["-b", "dirhtml", "-q", "-E", "-d", str(doctrees)]
    return (
        [*start, *common, str(dest), str(out)],
        [*start, *common, "-D", f"extensions={plain}", str(dest), str(out)],
    )


def _migrate(site: Path, dest: Path) -> None:
    shutil.rmtree(dest, ignore_errors=True)
    runner.run(_migrate_cmd(site, dest))


def run(bench: Any) -> None:
    """Add the migration rows to ``bench`` (a :class:`run.Bench`)."""
    runner.ENV.setdefault("NO_MKDOCS_2_WARNING", "1")
    work = bench.work / "migrate"
    sizes = bench.sizes
    sites = {
        "sample (8 pages)": (copy_sample(work / "sample"), 8),
        "generated (100 pages)": (
            write_mkdocs_site(work / "generated", 100, bench.seed),
            100,
        ),
    }
    results: dict[str, Any] = {}
    for label, (site, pages) in sites.items():
        key = label.split()[0]
        dest = work / f"{key}-sphinx"
        migrated = work / f"{key}-migrate-timed"
        mkdocs_out, sphinx_out = work / f"{key}-mkdocs-out", work / f"{key}-sphinx-out"
        _migrate(site, dest)
        print(f"migrate: {label}", flush=True)
        # Both migrated sites build without a warning (the sample's broken next steps are
        # coming-soon steps now), so the runner's stop on a warning applies to both.
        sphinx = runner.sphinx_cmd("dirhtml", dest, sphinx_out, work / f"{key}-doctrees")
        # The parallel build the guide gives for a site without a blog (ABlog reads
        # serially): the same pages, read and written by two processes.
        parallel_out, parallel_doctrees = work / f"{key}-sphinx-j2", work / f"{key}-doctrees-j2"
        parallel = runner.sphinx_cmd("dirhtml", dest, parallel_out, parallel_doctrees, jobs=2)
        series = runner.interleave(
            {
                "mkdocs build": (_mkdocs_cmd(site, mkdocs_out), runner.wipe(mkdocs_out)),
                "sphinx build": (
                    sphinx,
                    runner.wipe(sphinx_out, work / f"{key}-doctrees"),
                ),
                "sphinx build -j 2": (parallel, runner.wipe(parallel_out, parallel_doctrees)),
                "migrate": (
                    [*_migrate_cmd(site, migrated), "--no-progress"],
                    runner.wipe(migrated),
                ),
            },
            {
                "mkdocs build": sizes.repeat_slow,
                "sphinx build": sizes.repeat_slow,
                "sphinx build -j 2": sizes.repeat_slow,
                "migrate": sizes.repeat_fast,
            },
        )
        mk, sp, mig = series["mkdocs build"], series["sphinx build"], series["migrate"]
        par = series["sphinx build -j 2"]
        ratio = sp.wall / mk.wall
        # On a shared machine the wall ratio moves with the load; the CPU ratio beside it
        # says whether a difference is the work or the wait.
        bench.row(
            f"migrated site, cold HTML build vs mkdocs-material, {label}",
            f"{sp.wall:.2f} s (CPU {sp.cpu:.2f} s)",
            f"{mk.wall:.2f} s (CPU {mk.cpu:.2f} s)",
            f"{ratio:.2f}x (CPU {sp.cpu / mk.cpu:.2f}x)",
            f"<= {GOAL_RATIO}x",
            ratio <= GOAL_RATIO,
        )
        # Two processes: on two cores the wall time can fall below the serial build's, the
        # CPU time cannot; on a loaded machine neither moves much.
        bench.row(
            f"migrated site, cold HTML build `-j 2` vs mkdocs-material, {label}",
            f"{par.wall:.2f} s (CPU {par.cpu:.2f} s)",
            f"{mk.wall:.2f} s (CPU {mk.cpu:.2f} s)",
            f"{par.wall / mk.wall:.2f}x (CPU {par.cpu / mk.cpu:.2f}x)",
            f"<= {GOAL_RATIO}x (wall)",
            par.wall / mk.wall <= GOAL_RATIO,
        )
        per_ten = mig.wall / pages * 10
        bench.row(
            f"`sphinx-rri migrate`, {label} (start-up included)",
            f"{mig.wall:.2f} s ({per_ten:.2f} s per 10 pages; CPU {mig.cpu:.2f} s)",
            "-",
            "-",
            f"< {GOAL_PER_TEN} s per 10 pages",
            per_ten < GOAL_PER_TEN,
        )
        results[key] = {name: runner._dump(s) for name, s in series.items()}
        results[key].update(_overhead(bench, label, dest, work / key))
    bench.results["migrate"] = results


def _overhead(bench: Any, label: str, dest: Path, work: Path) -> dict[str, Any]:
    """The row of the extension's cost on the migrated site ``dest``."""
    out, doctrees = (
        work.with_name(work.name + "-overhead-out"),
        work.with_name(work.name + "-overhead-doctrees"),
    )
    with_rri, with_plain = _overhead_cmds(dest, out, doctrees)
    sample = label.startswith("sample")
    # A few percent between two builds of seconds: the eight pages, which take two, are
    # run as often as validate is, to steady the medians.
    repeat = bench.sizes.repeat_fast if sample else bench.sizes.repeat_slow
    series = runner.interleave(
        {
            "sphinx_rri": (with_rri, runner.wipe(out, doctrees)),
            "plain containers": (with_plain, runner.wipe(out, doctrees)),
        },
        {"sphinx_rri": repeat, "plain containers": repeat},
    )
    rri, plain = series["sphinx_rri"], series["plain containers"]
    extra = rri.wall / plain.wall - 1
    bench.row(
        f"migrated site, HTML build with sphinx_rri vs its directives as plain containers, {label}",
        f"{rri.wall:.2f} s (CPU {rri.cpu:.2f} s)",
        f"{plain.wall:.2f} s (CPU {plain.cpu:.2f} s)",
        f"{extra:+.1%} (CPU {rri.cpu / plain.cpu - 1:+.1%})",
        f"<= +{GOAL_OVERHEAD:.0%}" if sample else "(for reference)",
        extra <= GOAL_OVERHEAD if sample else None,
    )
    return {f"overhead {name}": runner._dump(s) for name, s in series.items()}
