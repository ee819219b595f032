"""The ``sphinx-rri`` command: arguments in, exit status out.

The parser only turns arguments into a namespace; loading
(:mod:`sphinx_rri.reader.project`), checking (:mod:`sphinx_rri.contract.checks`) and
printing (:mod:`sphinx_rri.outputs.reporters`) live in their own modules.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


#: Every sub-command, in the order the help lists them.
COMMANDS = ("validate", "report", "migrate", "diff", "fix", "lsp", "init", "new")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole parser; given the ``command`` being run, only that sub-command's parser
    (the others cost time at every start and are not used: ``sphinx-rri validate -h``
    prints validate's help alone). Sub-commands whose arguments are declared by their
    own modules (migrate, diff, init, new) import them only when they are built, so that
    ``validate`` imports none of those modules. Any other word builds the whole parser,
    which then refuses it with the list of sub-commands."""
    only = command if command in COMMANDS else None

    def wanted(name: str) -> bool:
        return only is None or only == name

    full = command is None
    parser = argparse.ArgumentParser(
        prog="sphinx-rri",
        description="Validate, report on and migrate RRI course material written for sphinx-rri.",
    )
    parser.add_argument("--version", action="version", version=f"sphinx-rri {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    if wanted("validate"):
        _add_validate(commands)
    if wanted("report"):
        _add_report(commands)
    if wanted("migrate"):
        migrate = commands.add_parser(
            "migrate",
            help="convert an mkdocs-material site into sphinx-rri pages",
            description="Convert the mkdocs-material site in SRC (the folder holding "
            "mkdocs.yml) into a Sphinx source folder DEST.",
        )
        if full or only == "migrate":
            from .migrate import add_arguments as add_migrate_arguments

            add_migrate_arguments(migrate)
    if wanted("diff"):
        diff = commands.add_parser(
            "diff",
            help="what a change does to the course: tasks, gaps and errors added and removed",
            description="Compare two states of a course: each an rri.json file, a Sphinx "
            "source folder or a git revision (read without a checkout). Exit status: 0, 1 "
            "when NEW has errors or gaps that OLD did not, 2 when a side cannot be read.",
        )
        if full or only == "diff":
            from .outputs.diff import add_arguments as add_diff_arguments

            add_diff_arguments(diff)
    if wanted("fix"):
        fix = commands.add_parser(
            "fix",
            help="apply the fixes the checks know, as a diff (--write to change the files)",
            description="Apply the fixes the checks know (did-you-mean names, fence lengths, "
            "placeholder examples, missing parts) and print them as a unified diff. Exit "
            "status: 0 nothing to fix (or written), 1 fixes shown but not written, 2 usage "
            "or unreadable input.",
        )
        fix.add_argument("paths", nargs="*", type=Path, default=[Path(".")], metavar="PATH")
        fix.add_argument("--write", action="store_true", help="write the fixed files")
    if wanted("lsp"):
        commands.add_parser(
            "lsp",
            help="run the language server (stdio): live checks, completion and quick fixes",
        )
    if wanted("init"):
        init = commands.add_parser(
            "init",
            help="write a new course project that builds and validates at once",
            description="Write a new course project into DEST: conf.py with every rri_* "
            "value, an index, a first page with a task card, a gap report page, a pre-commit "
            "configuration, a GitHub workflow and a .gitignore. Nothing is overwritten.",
        )
        if full or only == "init":
            from .scaffold import add_init_arguments

            add_init_arguments(init)
    if wanted("new"):
        new = commands.add_parser(
            "new",
            help="write a course page, or a task card, with every part from the schema",
            description="Write a page or a task card whose parts are all present and whose "
            "examples are gaps, one per domain of the project. Nothing is overwritten.",
        )
        if full or only == "new":
            from .scaffold import add_new_arguments

            add_new_arguments(new)
    return parser


def _add_validate(commands: Any) -> None:
    validate = commands.add_parser(
        "validate",
        help="check course pages against the schemas, without a Sphinx build",
        description="Check course pages against the authoring contract and the schemas. "
        "Exit status: 0 clean (gaps allowed), 1 errors (or gaps with --strict), "
        "2 usage or unreadable input.",
    )
    validate.add_argument(
        "paths",
        nargs="*",
        type=Path,
        default=[Path(".")],
        metavar="PATH",
        help="a Sphinx source folder, or files in one (default: .)",
    )
    validate.add_argument("--format", choices=("text", "json", "github", "sarif"), default="text")
    validate.add_argument("--strict", action="store_true", help="fail on gaps too")
    _add_trust_conf(validate)
    validate.add_argument(
        "--watch",
        action="store_true",
        help="validate again whenever a file changes, printing only what changed",
    )
    validate.add_argument(
        "--find-projects",
        action="store_true",
        help="validate, whole, every project at or below each PATH whose conf.py names "
        "sphinx_rri (what the pre-commit hook runs at a repository's root)",
    )
    validate.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=None,
        help="processes to read pages with (default: up to 4)",
    )
    _add_cache_argument(validate)


def _add_report(commands: Any) -> None:
    report = commands.add_parser(
        "report",
        help="print the gap matrix: every task by its parts and by each configured domain",
    )
    report.add_argument("path", nargs="?", type=Path, default=Path("."), metavar="PATH")
    report.add_argument("--format", choices=("markdown", "json", "html"), default="markdown")
    report.add_argument("-j", "--jobs", type=int, default=None)
    _add_trust_conf(report)
    _add_cache_argument(report)


def _add_trust_conf(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--trust-conf",
        action="store_true",
        help="run conf.py as Sphinx does (by default it is read without running it: "
        "only literal values)",
    )


def _add_cache_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-cache",
        dest="cache",
        action="store_false",
        help="read every page again instead of reusing the records of unchanged pages "
        "(the cache is in $SPHINX_RRI_CACHE_DIR, else the user's cache folder; "
        "SPHINX_RRI_CACHE=0 also turns it off)",
    )


def _page_cache(args: argparse.Namespace, project: Any, checks_only: bool = False) -> Any:
    """The page cache for this project, or None when turned off; ``checks_only`` for
    ``validate``, which needs only what the findings are made of."""
    import os

    if not args.cache or os.environ.get("SPHINX_RRI_CACHE", "1") in {"0", "no", "off", "false"}:
        return None
    from .reader.cache import PageCache, cache_dir

    # The names the installed extensions define decide findings too (rri.unknown).
    conf = {**project.conf, " names": project.names.key()}
    return PageCache.open(
        project.srcdir,
        project.settings,
        project.myst_extensions,
        cache_dir(),
        conf,
        checks_only=checks_only,
    )


def run_report(args: argparse.Namespace) -> int:
    from .outputs.gap_matrix import RENDERERS, build_matrix
    from .reader.project import ProjectError, load_project, scan_project

    try:
        if not args.path.exists():
            raise ProjectError(f"{args.path}: no such file or folder")
        project = load_project(args.path, trust_conf=args.trust_conf)
        course = scan_project(project, jobs=args.jobs, cache=_page_cache(args, project))
    except ProjectError as err:
        print(f"sphinx-rri: {err}", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.write(RENDERERS[args.format](build_matrix(course, project.settings)))
    if project.conf_problems:
        # The matrix goes to stdout as usual; what conf.py hid from it goes to stderr.
        from .outputs.reporters import text_report

        lines = text_report(project.conf_problems, project.srcdir, "").splitlines()
        sys.stderr.write("".join(line + "\n" for line in lines if line))
        return EXIT_FAILED
    from .contract.checks import check_course, errors_and_gaps

    errors, _ = errors_and_gaps(check_course(course, project.settings))
    if errors:
        # The matrix shows what the pages say; it may be wrong where a page has errors.
        count = f"{len(errors)} error{'' if len(errors) == 1 else 's'}"
        print(
            f"sphinx-rri: the project has {count}; run 'sphinx-rri validate' to see them",
            file=sys.stderr,
        )
        return EXIT_FAILED
    return EXIT_OK


def run_validate(args: argparse.Namespace) -> int:
    import gc

    # What start-up makes (modules, the project, the cache's index) lives until the
    # end: with the collector off meanwhile, it is not walked again at every few hundred
    # objects made, then ``gc.freeze`` takes it out of later collections' way.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run_validate(args, collecting)
    finally:
        if collecting:
            gc.enable()


def _run_validate(args: argparse.Namespace, collecting: bool) -> int:
    import gc

    from .contract.checks import check_course, errors_and_gaps
    from .model.diagnostics import summary_line
    from .outputs.reporters import REPORTERS
    from .reader.project import ProjectError, load_project, scan_project

    try:
        project = load_project(args.paths[0], trust_conf=args.trust_conf)
        wanted: set[str] | None = set()
        for path in args.paths:
            if not path.exists():
                raise ProjectError(f"{path}: no such file or folder")
            other = (
                load_project(path, trust_conf=args.trust_conf) if path != args.paths[0] else project
            )
            if other.srcdir != project.srcdir:
                raise ProjectError(f"{path}: not in the same Sphinx project as {args.paths[0]}")
            resolved = path.resolve()
            if resolved.is_dir():
                wanted = (
                    None if resolved == project.srcdir else _docs_under(project, resolved, wanted)
                )
            elif wanted is not None:
                wanted |= {d for d, p in project.documents.items() if p.resolve() == resolved}
        cache = _page_cache(args, project, checks_only=True)
        if collecting:
            # Reading pages makes short-lived cycles (parser states): collect them.
            gc.freeze()
            gc.enable()
        course = scan_project(project, jobs=args.jobs, cache=cache)
    except ProjectError as err:
        print(f"sphinx-rri: {err}", file=sys.stderr)
        return EXIT_USAGE
    diagnostics = check_course(course, project.settings)
    if wanted is not None:
        diagnostics = [d for d in diagnostics if d.docname in wanted]
    # conf.py's own problems concern every page, whichever were asked for.
    diagnostics = project.conf_problems + diagnostics
    errors, gaps = errors_and_gaps(diagnostics)
    # Tasks are counted over the pages asked for, as the gaps and errors are.
    tasks = [t for page, t in course.tasks() if wanted is None or page.docname in wanted]
    summary = summary_line(len(tasks), len(gaps), len(errors))
    sys.stdout.write(REPORTERS[args.format](diagnostics, project.srcdir, summary))
    if errors or (args.strict and gaps):
        return EXIT_FAILED
    return EXIT_OK


def run_found_projects(args: argparse.Namespace) -> int:
    from .reader.discover import find_projects

    projects = sorted({p for path in args.paths for p in find_projects(path)})
    if not projects:
        where = ", ".join(str(p) for p in args.paths)
        print(f"sphinx-rri: no conf.py naming sphinx_rri at or below {where}", file=sys.stderr)
        return EXIT_USAGE
    statuses = [run_validate(argparse.Namespace(**{**vars(args), "paths": [p]})) for p in projects]
    return max(statuses)


def _docs_under(project: object, folder: Path, wanted: set[str] | None) -> set[str] | None:
    from .reader.project import Project

    assert isinstance(project, Project)
    found = {d for d, p in project.documents.items() if folder in p.resolve().parents}
    return (wanted or set()) | found


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(next((w for w in words if not w.startswith("-")), None))
    args = parser.parse_args(words)
    if args.command == "validate" and args.find_projects:
        return run_found_projects(args)
    if args.command == "validate" and args.watch:
        from .watch import run_watch

        return run_watch(args, run_validate)
    if args.command == "validate":
        return run_validate(args)
    if args.command == "report":
        return run_report(args)
    if args.command == "migrate":
        from .migrate import run as run_migrate

        return run_migrate(args)
    if args.command in ("init", "new"):
        from .scaffold import run_init, run_new

        return run_init(args) if args.command == "init" else run_new(args)
    if args.command == "diff":
        from .outputs.diff import run as run_diff

        return run_diff(args)
    if args.command == "fix":
        from .fix.command import run_fix

        return run_fix(args.paths, write=args.write)
    if args.command == "lsp":
        try:
            from .lsp.server import run_server
        except ImportError as err:
            print(
                f"sphinx-rri lsp: {err}; install the server with: pip install 'sphinx-rri[lsp]'",
                file=sys.stderr,
            )
            return EXIT_USAGE
        return run_server()
    parser.print_help()
    return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
