"""Check that a change to the reader leaves ``validate``'s findings byte for byte the same.

``save DIR`` runs ``sphinx-rri validate --format json`` on a generated course of every
shape, on ``content/``, on ``docs/`` and on a project made from each case file, and writes
each output (and the exit status) to ``DIR``. ``check DIR`` runs the same commands with the
code on the path now and compares, byte for byte; each project is also validated a second
time through a warm page cache, which must give the same bytes as the cold run.

Usage, from a checkout (the code under test comes from ``src/``)::

    python benchmarks/identical.py save /tmp/before      # on the code before the change
    python benchmarks/identical.py check /tmp/before     # on the code after it

Exit status 1 when any output differs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402

SHAPES = ("standard", "long", "deep", "rst", "prose")


def projects(work: Path, pages: int) -> dict[str, Path]:
    """Every project to validate, by name."""
    found: dict[str, Path] = {}
    for shape in SHAPES:
        dest = work / f"shape-{shape}"
        if not (dest / "conf.py").exists():
            generate.main([str(dest), "--pages", str(pages), "--flavour", "rri", "--shape", shape])
        found[f"shape-{shape}"] = dest
    found["content"] = ROOT / "content"
    found["docs"] = ROOT / "docs"
    from test_cases import CASES, parse_case, write_project

    for case in CASES:
        files, _ = parse_case(case)
        files.pop("other-warnings", None)
        dest = work / "cases" / case.stem
        if dest.exists():
            shutil.rmtree(dest)
        dest.mkdir(parents=True)
        write_project(dest, files)
        found[f"case-{case.stem}"] = dest
    return found


def run(project: Path, cache: Path | None) -> bytes:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    command = [sys.executable, "-m", "sphinx_rri", "validate", "--format", "json", "."]
    if cache is None:
        command.append("--no-cache")
    else:
        env["SPHINX_RRI_CACHE_DIR"] = str(cache)
    done = subprocess.run(command, cwd=project, env=env, capture_output=True, timeout=600)
    return b"status %d\n" % done.returncode + done.stdout + b"\n--- stderr\n" + done.stderr


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=("save", "check"))
    parser.add_argument("dir", type=Path)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--work", type=Path, default=ROOT / "benchmarks" / "_build" / "identical")
    parser.add_argument("--only", default="", help="comma-separated name prefixes")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    args.dir.mkdir(parents=True, exist_ok=True)
    prefixes = [p for p in args.only.split(",") if p]
    differ = []
    for name, project in projects(args.work, args.pages).items():
        if prefixes and not any(name.startswith(p) for p in prefixes):
            continue
        cold = run(project, None)
        saved = args.dir / f"{name}.out"
        if args.mode == "save":
            saved.write_bytes(cold)
            print(f"saved {name}")
            continue
        with tempfile.TemporaryDirectory() as cache:
            run(project, Path(cache))
            warm = run(project, Path(cache))
        same = saved.read_bytes() == cold
        if not same:
            differ.append(name)
            (args.dir / f"{name}.now").write_bytes(cold)
        if warm != cold:
            differ.append(f"{name} (warm cache)")
            (args.dir / f"{name}.warm").write_bytes(warm)
        print(f"{'same' if same and warm == cold else 'DIFFERENT'} {name}")
    if differ:
        print("different:", ", ".join(differ))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
