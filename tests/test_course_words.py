"""The course in content/ is written in its own words.

No page under ``content/`` may share a run of eight or more consecutive words with a
seed page, the pages the course was first drafted from, which live in the folder
``shared/seeds/`` beside the repository (``<repo>/../shared/seeds``). Bibliographic
references are exempt: a citation is quoted, not rewritten.

Words are compared case-insensitively as runs of letters and digits, so punctuation,
markup and line breaks neither hide a match nor make one.

In CI (the environment variable ``CI`` is set) the seeds must be there and the test
fails with a clear message when they are not; elsewhere it is skipped with the reason.
``RRI_SEEDS_DIR`` points the test at another seeds folder.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"
RUN = 8

WORD = re.compile(r"[0-9a-z]+")
# A line that is a bibliographic reference: a footnote definition, a DOI, or an
# author-year citation such as "Burr, C., & Leslie, D. (2022)."
REFERENCE = re.compile(
    r"^\s*\[\^[^\]]+\]:|doi\.org/|\bdoi:\s*10\.|^\s*[-*]?\s*\w[\w'-]*,\s*(?:\w\.\s*)+.*\(\d{4}\)",
    re.IGNORECASE,
)


def _main_checkout(repo: Path) -> Path | None:
    """The main working tree when ``repo`` is a linked git worktree (``.git`` a file)."""
    dot_git = repo / ".git"
    if not dot_git.is_file():
        return None
    text = dot_git.read_text(encoding="utf-8", errors="replace").strip()
    if not text.startswith("gitdir:"):
        return None
    gitdir = Path(text.split(":", 1)[1].strip())
    if not gitdir.is_absolute():
        gitdir = (repo / gitdir).resolve()
    # <main>/.git/worktrees/<name>
    if gitdir.parent.name == "worktrees" and gitdir.parent.parent.name == ".git":
        return gitdir.parent.parent.parent
    return None


def seeds_dir() -> Path | None:
    """The seeds folder, or None when there is none to read."""
    override = os.environ.get("RRI_SEEDS_DIR")
    if override:
        return Path(override)
    candidates = [REPO.parent / "shared" / "seeds"]
    main = _main_checkout(REPO)
    if main is not None:
        candidates.append(main.parent / "shared" / "seeds")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return None


def words(text: str) -> list[tuple[str, int]]:
    """The words of ``text`` with their line numbers, reference lines left out."""
    out: list[tuple[str, int]] = []
    for lineno, line in enumerate(text.lower().replace("\u2019", "'").splitlines(), 1):
        if REFERENCE.search(line):
            continue
        out.extend((word, lineno) for word in WORD.findall(line))
    return out


def _keys(seq: list[tuple[str, int]]) -> list[tuple[str, ...]]:
    return [tuple(word for word, _ in seq[i : i + RUN]) for i in range(len(seq) - RUN + 1)]


def shared_runs(page: str, seed: str) -> list[tuple[int, str]]:
    """(line, passage) for each passage of RUN or more words ``page`` shares with ``seed``.

    Overlapping runs are merged, so a copied sentence is reported once, at the line
    where it starts.
    """
    seed_keys = set(_keys(words(seed)))
    page_words = words(page)
    covered = [False] * len(page_words)
    for i, key in enumerate(_keys(page_words)):
        if key in seed_keys:
            covered[i : i + RUN] = [True] * RUN
    hits: list[tuple[int, str]] = []
    i = 0
    while i < len(page_words):
        if not covered[i]:
            i += 1
            continue
        start = i
        while i < len(page_words) and covered[i]:
            i += 1
        hits.append((page_words[start][1], " ".join(w for w, _ in page_words[start:i])))
    return hits


def test_shared_runs_finds_a_copied_sentence_across_markup_and_line_breaks() -> None:
    seed = "Model drift is a phenomenon that occurs when the underlying data changes."
    page = "Intro.\n\n**Model drift** is a *phenomenon* that\noccurs when the data moves."
    hits = shared_runs(page, seed)
    assert hits == [(3, "model drift is a phenomenon that occurs when the")]


def test_shared_runs_allows_seven_words_and_references() -> None:
    seed = (
        "one two three four five six seven and more\n"
        "- Burr, C., & Leslie, D. (2022). Ethical assurance: A practical approach to the "
        "responsible design of data-driven technologies.\n"
    )
    page = (
        "one two three four five six seven but not eight\n"
        "- Burr, C., & Leslie, D. (2022). Ethical assurance: A practical approach to the "
        "responsible design of data-driven technologies.\n"
    )
    assert shared_runs(page, seed) == []


def test_content_shares_no_eight_word_run_with_a_seed_page() -> None:
    folder = seeds_dir()
    if folder is None or not folder.is_dir():
        where = folder or REPO.parent / "shared" / "seeds"
        message = (
            f"the seed pages are not at {where}: the check that content/ is written "
            "in its own words needs them (set RRI_SEEDS_DIR to their folder)"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    seeds = sorted(p for p in folder.iterdir() if p.is_file())
    assert seeds, f"no seed pages in {folder}"
    pages = sorted(CONTENT.rglob("*.md")) + sorted(CONTENT.rglob("*.rst"))
    pages = [p for p in pages if "_build" not in p.parts]
    assert pages, "no pages in content/"
    problems = []
    for seed in seeds:
        seed_text = seed.read_text(encoding="utf-8", errors="replace")
        for page in pages:
            for line, run in shared_runs(page.read_text(encoding="utf-8"), seed_text):
                rel = page.relative_to(REPO)
                problems.append(f"{rel}:{line}: shares a run with {seed.name}: {run!r}")
    assert not problems, "\n".join(problems)
