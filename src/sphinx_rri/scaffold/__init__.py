"""``sphinx-rri init`` and ``sphinx-rri new``: a course project, a page or a card to start from.

Everything written here builds with ``-W`` and validates without errors as it is: what
the author still has to write is marked as a gap (``:status: coming-soon`` or text that
matches a placeholder pattern), so ``sphinx-rri validate`` lists it with its line.
``conf.py`` lists every ``rri_*`` value with its help text, read from the option table
(:data:`sphinx_rri.contract.config.OPTIONS`) when the command runs, so a new option
appears in new projects without a change here. Nothing is ever overwritten.
"""

from __future__ import annotations

import argparse
import re
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

#: Where sphinx-rri lives: the pre-commit hook and the action that new projects use.
REPOSITORY = "sphinx-rri/sphinx-rri"
REPOSITORY_URL = f"https://github.com/{REPOSITORY}"
#: The release tag a project pins: the version that wrote it.
RELEASE_TAG = f"v{__version__}"

SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
LANGUAGE = re.compile(r"[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*")
BUILTIN_THEMES = (
    "alabaster",
    "classic",
    "sphinxdoc",
    "scrolls",
    "agogo",
    "nature",
    "pyramid",
    "haiku",
    "traditional",
    "bizstyle",
)
#: The text that marks a part still to be written; it matches the default placeholder
#: pattern ("coming soon"), so validate reports it as a gap.
TO_WRITE = "Coming soon"


class ScaffoldError(Exception):
    """Nothing was written: exit status 2 (or 1 when a file is in the way)."""

    def __init__(self, message: str, status: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class CourseOptions:
    title: str = "My course"
    track: str = "rri"
    module: str = "rri-101"
    domains: list[str] = field(default_factory=lambda: ["Health care", "Environmental Sciences"])
    stages: list[str] = field(
        default_factory=lambda: ["project-design", "model-development", "system-deployment"]
    )
    language: str = "en"
    theme: str = "alabaster"

    def check(self) -> None:
        for name in ("track", "module"):
            value = getattr(self, name)
            if not SLUG.fullmatch(value):
                raise ScaffoldError(f"--{name} {value!r}: not a slug ([a-z0-9][a-z0-9-]*)")
        bad = [s for s in self.stages if not SLUG.fullmatch(s)]
        if bad or not self.stages:
            raise ScaffoldError(f"--stages: {bad[0]!r} is not a slug" if bad else "--stages: none")
        if not self.domains or any(not d.strip() for d in self.domains):
            raise ScaffoldError("--domains: every domain needs a name")
        if len(set(self.domains)) != len(self.domains):
            raise ScaffoldError("--domains: a domain is named twice")
        if not LANGUAGE.fullmatch(self.language):
            raise ScaffoldError(
                f"--language {self.language!r}: not a language code (en, fr, pt_BR)"
            )
        if not self.title.strip() or not self.title.isprintable():
            raise ScaffoldError("--title: a title is one line of text")
        if not re.fullmatch(r"[A-Za-z0-9_.-]+", self.theme):
            raise ScaffoldError(f"--theme {self.theme!r}: not a theme name")


# --- the texts ----------------------------------------------------------------------


def python_literal(value: Any) -> str:
    """``value`` as Python source that ``ast.literal_eval`` reads back as ``value``."""
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(python_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(f"{python_literal(k)}: {python_literal(v)}" for k, v in value.items())
            + "}"
        )
    return repr(value)


def yaml_string(value: str) -> str:
    """A double-quoted YAML scalar (no author text is ever parsed as YAML syntax)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _comment(text: str) -> list[str]:
    text = " ".join(text.replace("``", "`").split())
    lines = textwrap.wrap(text, 86, break_on_hyphens=False, break_long_words=False)
    return ["# " + line for line in lines]


def conf_py(options: CourseOptions) -> str:
    from ..contract.config import OPTIONS

    chosen: dict[str, Any] = {
        "rri_example_domains": list(options.domains),
        "rri_stages": list(options.stages),
        "rri_tracks": [options.track],
    }
    lines = [
        f'"""Sphinx configuration of {options.title.replace(chr(34), chr(39))}, a course '
        'written with sphinx-rri."""',
        "",
        f"project = {python_literal(options.title)}",
        f"language = {python_literal(options.language)}",
        "",
        "# sphinx_rri sets up MyST Markdown (with colon fences) and sphinx-tabs itself.",
        'extensions = ["sphinx_rri"]',
        "",
        f"html_theme = {python_literal(options.theme)}",
        'exclude_patterns = ["_build", "README.md", ".venv", "venv"]',
        "",
        "# The values of sphinx-rri, each with what it does. They are read without running",
        "# this file by `sphinx-rri validate`, so keep them literal values.",
    ]
    for option in OPTIONS:
        value = chosen.get(option.name, option.default)
        lines += ["", *_comment(option.help), f"{option.name} = {python_literal(value)}"]
    return "\n".join(lines) + "\n"


def stage_title(slug: str) -> str:
    return " ".join(word.capitalize() for word in slug.split("-"))


def card_text(
    title: str,
    task_id: str | None,
    domains: list[str],
    *,
    stage: str | None = None,
    written: dict[str, str] | None = None,
    description: str | None = None,
    importance: str | None = None,
) -> str:
    """A task card with every part; each example not in ``written`` is a gap."""
    written = written or {}
    lines = [f":::::{{task-card}} {title}"]
    if task_id:
        lines.append(f":id: {task_id}")
    if stage:
        lines.append(f":stage: {stage}")
    lines += [
        "",
        "::::{task-description}",
        description or f"{TO_WRITE}: what the task is, in a few sentences.",
        "::::",
        "",
        "::::{task-importance}",
        importance or f"{TO_WRITE}: why the task matters, including its ethical significance.",
        "::::",
        "",
        "::::{illustrative-example}",
    ]
    for domain in domains:
        lines.append(f":::{{example}} {domain}")
        lines.append(written.get(domain, ":status: coming-soon"))
        lines += [":::", ""]
    lines[-1:] = ["::::", ":::::"]
    return "\n".join(lines) + "\n"


def front_matter(
    title: str,
    track: str,
    module: str,
    stage: str | None,
    status: str,
    objective: str | None = f"{TO_WRITE}: what a learner can do after this page.",
) -> str:
    lines = [
        "---",
        f"title: {yaml_string(title)}",
        f"track: {track}",
        f"module: {module}",
    ]
    if stage:
        lines.append(f"stage: {stage}")
    lines.append(f"status: {status}")
    if objective:
        lines += ["learning_objectives:", f"  - {yaml_string(objective)}"]
    lines.append("---")
    return "\n".join(lines) + "\n"


def first_page(options: CourseOptions) -> tuple[str, str]:
    stage = options.stages[0]
    name = f"{stage}.md"
    title = f"Stage 1: {stage_title(stage)}"
    first, *others = options.domains
    card = card_text(
        "Problem Formulation",
        "problem-formulation",
        options.domains,
        description=(
            "Problem formulation turns a need into a question that data can answer: what "
            "is to be predicted or explained, for whom, and what a good answer looks like."
        ),
        importance=(
            "How a problem is framed decides what counts as success and whose interests "
            "are measured. A question put badly cannot be put right later by better data."
        ),
        written={
            first: (
                f"Write here a worked example of problem formulation from {first}: who "
                "asked for the project, how the question was first put, and how it was "
                "reframed once its consequences were clear."
            )
        },
    )
    if others:
        plural = "s are" if len(others) > 1 else " is"
        intro = (
            f"The {', '.join(others)} example{plural} marked as still to be written, "
            "which `sphinx-rri validate` reports as a gap."
        )
    else:
        intro = "Replace the text of each part with your own."
    objective = "Explain how the framing of a problem shapes what a project can achieve."
    text = (
        front_matter(title, options.track, options.module, stage, "draft", objective)
        + f"\n# {title}\n\n"
        + "\n".join(
            textwrap.wrap(
                "This is the first page of the course. Its task card has every part a card "
                f"needs. {intro}",
                88,
            )
        )
        + "\n\n"
        + card
    )
    return name, text


def index_page(options: CourseOptions, first: str) -> str:
    underline = options.title
    return (
        f"# {underline}\n\n"
        "Welcome to the course. Each page covers one stage of a project's lifecycle, with a "
        "task card for each of its tasks.\n\n"
        "```{toctree}\n:maxdepth: 2\n\n"
        f"{first.removesuffix('.md')}\ngap-report\n```\n"
    )


def gap_report_page(options: CourseOptions) -> str:
    return (
        front_matter("Gap report", options.track, options.module, None, "published", None)
        + "\n# Gap report\n\n"
        "What each task card still lacks: its parts, and an example for every domain.\n\n"
        ":::{rri-gap-report}\n:::\n"
    )


def pre_commit_config() -> str:
    return (
        "# pre-commit runs sphinx-rri validate on every commit: pip install pre-commit,\n"
        "# then pre-commit install. The rev is the sphinx-rri release this course pins.\n"
        "repos:\n"
        f"  - repo: {REPOSITORY_URL}\n"
        f"    rev: {RELEASE_TAG}\n"
        "    hooks:\n"
        "      - id: sphinx-rri-validate\n"
    )


def workflow() -> str:
    return (
        "# Validates the course on every pull request and push to main: errors fail the\n"
        "# job and show on the pull request's lines; the job summary lists the gaps and\n"
        "# what the pull request changes in them.\n"
        "name: Course\n\n"
        "on:\n  pull_request:\n  push:\n    branches: [main]\n\n"
        "permissions:\n  contents: read\n\n"
        "jobs:\n"
        "  course:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        f"      - uses: {REPOSITORY}@{RELEASE_TAG}\n"
        "        with:\n"
        '          path: "."\n'
    )


GITIGNORE = "_build/\n.venv/\n__pycache__/\n*.sarif\n"


def course_files(options: CourseOptions) -> dict[str, str]:
    options.check()
    first, first_text = first_page(options)
    return {
        "conf.py": conf_py(options),
        "index.md": index_page(options, first),
        first: first_text,
        "gap-report.md": gap_report_page(options),
        ".pre-commit-config.yaml": pre_commit_config(),
        ".github/workflows/course.yml": workflow(),
        ".gitignore": GITIGNORE,
    }


# --- writing ------------------------------------------------------------------------


def write_new(files: dict[Path, str]) -> None:
    """Write every file, or none if any of them exists already."""
    taken = [path for path in files if path.exists() or path.is_symlink()]
    if taken:
        names = ", ".join(str(p) for p in taken)
        raise ScaffoldError(f"not overwriting what is there: {names}", EXIT_FAILED)
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as out:
            out.write(text)


def init_course(dest: Path, options: CourseOptions) -> list[Path]:
    if dest.exists() and not dest.is_dir():
        raise ScaffoldError(f"{dest}: exists and is not a folder", EXIT_FAILED)
    files = {dest / name: text for name, text in course_files(options).items()}
    write_new(files)
    return list(files)


def _project_settings(path: Path) -> tuple[list[str], list[str], dict[str, Any]]:
    """Domains, stages and a few defaults of the project that holds ``path``, if any."""
    from ..contract.config import OPTIONS_BY_NAME

    domains = list(OPTIONS_BY_NAME["rri_example_domains"].default)
    stages = list(OPTIONS_BY_NAME["rri_stages"].default)
    defaults: dict[str, Any] = {}
    try:
        from ..reader.project import ProjectError, load_project

        project = load_project(path)
    except (ImportError, ProjectError, OSError):
        return domains, stages, defaults
    settings = project.settings
    domains = list(settings.example_domains)
    stages = list(settings.stages)
    for name in ("tracks", "modules"):
        values = getattr(settings, name, ())
        if values:
            defaults[name[:-1]] = values[0]
    return domains, stages, defaults


def new_page(
    path: Path, title: str | None, track: str | None, module: str | None, stage: str | None
) -> Path:
    if path.suffix != ".md":
        raise ScaffoldError(f"{path}: new pages are MyST Markdown; give a name ending in .md")
    domains, stages, defaults = _project_settings(
        path.parent if path.parent.exists() else Path(".")
    )
    title = title or stage_title(path.stem)
    track = track or defaults.get("track", "rri")
    module = module or defaults.get("module", "rri-101")
    if stage and stage not in stages:
        raise ScaffoldError(
            f"--stage {stage!r}: not one of the project's stages ({', '.join(stages)})"
        )
    for name, value in (("track", track), ("module", module)):
        if not SLUG.fullmatch(value):
            raise ScaffoldError(f"--{name} {value!r}: not a slug ([a-z0-9][a-z0-9-]*)")
    if not title.strip() or not title.isprintable():
        raise ScaffoldError("--title: a title is one line of text")
    text = (
        front_matter(title, track, module, stage, "draft")
        + f"\n# {title}\n\n{TO_WRITE}: what this page covers.\n\n"
        + card_text("First task", None, domains)
    )
    write_new({path: text})
    return path


def new_card(title: str, task_id: str | None, stage: str | None, page: Path | None) -> str:
    domains, stages, _ = _project_settings(page.parent if page else Path("."))
    if not title.strip() or not title.isprintable():
        raise ScaffoldError("a card's title is one line of text")
    if stage and stage not in stages:
        raise ScaffoldError(
            f"--stage {stage!r}: not one of the project's stages ({', '.join(stages)})"
        )
    if task_id is not None and not SLUG.fullmatch(task_id):
        raise ScaffoldError(f"--id {task_id!r}: not a slug ([a-z0-9][a-z0-9-]*)")
    return card_text(title, task_id, domains, stage=stage)


# --- the command line -----------------------------------------------------------------


def _list(text: str) -> list[str]:
    return [item.strip() for item in text.split(",")]


def add_init_arguments(parser: argparse.ArgumentParser) -> None:
    defaults = CourseOptions()
    parser.add_argument(
        "dest", type=Path, metavar="DEST", help="the folder to write the course into"
    )
    parser.add_argument("--title", default=defaults.title, help="the course's title")
    parser.add_argument("--track", default=defaults.track, help="the track's slug (default: rri)")
    parser.add_argument("--module", default=defaults.module, help="the module's slug")
    parser.add_argument(
        "--domains",
        type=_list,
        default=defaults.domains,
        help="comma-separated domains of the illustrative examples "
        f"(default: {', '.join(defaults.domains)})",
    )
    parser.add_argument(
        "--stages",
        type=_list,
        default=defaults.stages,
        help=f"comma-separated stage slugs (default: {', '.join(defaults.stages)})",
    )
    parser.add_argument("--language", default=defaults.language, help="the course's language")
    parser.add_argument(
        "--theme",
        default=defaults.theme,
        help="the HTML theme (default: alabaster, which ships with Sphinx; others must "
        "be installed)",
    )


def add_new_arguments(parser: argparse.ArgumentParser) -> None:
    kinds = parser.add_subparsers(dest="kind", metavar="page|card", required=True)
    page = kinds.add_parser("page", help="write a course page with one task card")
    page.add_argument("path", type=Path, metavar="PATH", help="the page to write (.md)")
    page.add_argument("--title")
    page.add_argument("--track")
    page.add_argument("--module")
    page.add_argument("--stage")
    card = kinds.add_parser("card", help="print a task card, or add it to the end of a page")
    card.add_argument("page", type=Path, nargs="?", metavar="PAGE", help="the page to add it to")
    card.add_argument("--title", required=True)
    card.add_argument("--id", dest="task_id")
    card.add_argument("--stage")


def run_init(args: argparse.Namespace) -> int:
    options = CourseOptions(
        title=args.title,
        track=args.track,
        module=args.module,
        domains=args.domains,
        stages=args.stages,
        language=args.language,
        theme=args.theme,
    )
    try:
        written = init_course(args.dest, options)
    except ScaffoldError as err:
        print(f"sphinx-rri: {err}", file=sys.stderr)
        return err.status
    for path in written:
        print(f"wrote {path}")
    if options.theme not in BUILTIN_THEMES:
        print(f"the theme {options.theme!r} does not ship with Sphinx: install it to build")
    return EXIT_OK


def run_new(args: argparse.Namespace) -> int:
    try:
        if args.kind == "page":
            path = new_page(args.path, args.title, args.track, args.module, args.stage)
            print(f"wrote {path}; add it to a toctree (in index.md, say) so the build finds it")
            return EXIT_OK
        text = new_card(args.title, args.task_id, args.stage, args.page)
        if args.page is None:
            sys.stdout.write(text)
            return EXIT_OK
        if not args.page.is_file():
            raise ScaffoldError(f"{args.page}: no such page")
        with args.page.open("a", encoding="utf-8", newline="\n") as out:
            existing = args.page.read_text(encoding="utf-8")
            out.write(
                ("" if existing.endswith("\n\n") else "\n" if existing.endswith("\n") else "\n\n")
                + text
            )
        print(f"added the card {args.title!r} to {args.page}")
        return EXIT_OK
    except ScaffoldError as err:
        print(f"sphinx-rri: {err}", file=sys.stderr)
        return err.status
