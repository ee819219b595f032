"""The package's own gettext catalogs (text domain ``sphinx_rri``), made from the code.

The template ``locale/sphinx_rri.pot`` is generated from :data:`~.labels.LABELS`, never
written by hand: each English text is a message id, with its label key as a comment
for translators. ``nox -s catalogs`` runs :func:`main`, which writes the template,
brings every ``locale/<lang>/LC_MESSAGES/sphinx_rri.po`` up to date with it (new texts
added untranslated, texts no longer used dropped, translations kept) and compiles each
into the ``sphinx_rri.mo`` that ships beside it in the wheel::

    nox -s catalogs                 # template, update, compile
    nox -s catalogs -- --add sv     # start a catalog for Swedish from the template
    nox -s catalogs -- --check      # exit 1 if anything is out of date (CI, tests)

Babel, which Sphinx itself depends on, reads and writes the files.
"""

from __future__ import annotations

import argparse
import gettext
import io
import sys
from collections.abc import Sequence
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from .labels import LABELS

DOMAIN = "sphinx_rri"
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
TEMPLATE = f"{DOMAIN}.pot"
HEADER = (
    "# The fixed texts of sphinx-rri: generated from contract/labels.py by\n"
    "# `nox -s catalogs`; do not edit. The message ids are the English texts.\n"
    "#"
)


def template() -> Catalog:
    """Every fixed text of :mod:`~.labels`, as the message ids of a gettext template."""
    from .. import __version__

    catalog = Catalog(
        project="sphinx-rri",
        version=__version__,
        charset="utf-8",
        fuzzy=False,
        header_comment=HEADER,
        copyright_holder="The sphinx-rri developers",
        msgid_bugs_address="",
    )
    for key, text in LABELS.items():
        flags = ("python-format",) if "%s" in text else ()
        catalog.add(text, auto_comments=[f"key: {key}"], flags=flags)
    return catalog


def catalog_paths(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """The ``.po`` files of every language, sorted by language."""
    return sorted(locale_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, abort_invalid=True)


def _po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=88, ignore_obsolete=True)
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def compiled_messages(mo: bytes) -> dict[str, str]:
    """What gettext reads from a compiled catalog: message id to translation."""
    translations = gettext.GNUTranslations(io.BytesIO(mo))
    messages: dict[str, str] = dict(translations._catalog)  # type: ignore[attr-defined]
    messages.pop("", None)  # the header
    return messages


def expected_messages(catalog: Catalog) -> dict[str, str]:
    """What the compiled form of ``catalog`` must hold: its translated, settled texts."""
    return {
        str(m.id): str(m.string)
        for m in catalog
        if m.id and m.string and not m.fuzzy and not isinstance(m.id, tuple)
    }


def _ids(catalog: Catalog) -> set[str]:
    return {str(m.id) for m in catalog if m.id}


def updated(path: Path, new_template: Catalog) -> Catalog | None:
    """The catalog at ``path`` brought up to date with the template, or None if it is."""
    catalog = read_catalog(path)
    if _ids(catalog) == _ids(new_template):
        return None
    catalog.update(new_template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    return catalog


def add_language(lang: str, locale_dir: Path = LOCALE_DIR) -> Path:
    """Start the catalog of a new language from the template; its texts untranslated."""
    path = locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if path.exists():
        raise SystemExit(f"{path} exists already; edit it and run this again without --add")
    catalog = Catalog(locale=lang, project="sphinx-rri", charset="utf-8", fuzzy=False)
    catalog.update(template(), no_fuzzy_matching=True)
    path.parent.mkdir(parents=True)
    path.write_bytes(_po_bytes(catalog))
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sphinx_rri.contract.catalogs",
        description="Write the sphinx_rri gettext template from the code, update every "
        "language's catalog and compile it.",
    )
    parser.add_argument("--locale-dir", type=Path, default=LOCALE_DIR)
    parser.add_argument("--add", metavar="LANG", help="start a catalog for LANG")
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if anything is stale"
    )
    args = parser.parse_args(argv)
    locale_dir: Path = args.locale_dir
    if args.add:
        print(f"new catalog: {add_language(args.add, locale_dir)}")
    pot = template()
    stale: list[str] = []
    pot_path = locale_dir / TEMPLATE
    if not pot_path.is_file() or _ids(read_catalog(pot_path)) != _ids(pot):
        stale.append(str(pot_path))
        if not args.check:
            pot_path.write_bytes(_po_bytes(pot))
    for po_path in catalog_paths(locale_dir):
        catalog = updated(po_path, pot)
        if catalog is not None:
            stale.append(str(po_path))
            if not args.check:
                po_path.write_bytes(_po_bytes(catalog))
        catalog = catalog or read_catalog(po_path)
        mo_path = po_path.with_suffix(".mo")
        current = mo_path.read_bytes() if mo_path.is_file() else b""
        if not current or compiled_messages(current) != expected_messages(catalog):
            stale.append(str(mo_path))
            if not args.check:
                mo_path.write_bytes(mo_bytes(catalog))
        untranslated = sorted(_ids(pot) - set(expected_messages(catalog)))
        if untranslated:
            print(f"{po_path}: {len(untranslated)} texts to translate", file=sys.stderr)
    for name in stale:
        print(("out of date: " if args.check else "written: ") + name)
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    raise SystemExit(main())
