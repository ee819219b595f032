"""The shipped translations of the fixed texts are complete and well formed.

Each ``locale/<lang>/LC_MESSAGES/sphinx_rri.po`` of the package must translate every
English text in ``contract/labels.py`` and every string the Sphinx extension passes to
its translation function ``_``, with nothing fuzzy or left empty, the same ``%s``
placeholders as the English, and a header that names its language, UTF-8 and its
plural forms. (Whether a build in each language shows the texts is tested with the
catalog machinery.)
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

import sphinx_rri
from sphinx_rri.contract.labels import LABELS

PACKAGE = Path(sphinx_rri.__file__).parent
LOCALE = PACKAGE / "locale"
#: The languages the contract asks for; a catalog a track adds is checked as well.
REQUIRED = ("cy", "de", "es", "fr", "it", "nl", "pt")
SHIPPED = sorted(p.parent.parent.name for p in LOCALE.glob("*/LC_MESSAGES/sphinx_rri.po"))
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[a-zA-Z%]")


def extension_msgids() -> set[str]:
    """Every string literal passed to ``_(...)`` in the Sphinx extension's modules."""
    found: set[str] = set()
    for path in sorted((PACKAGE / "sphinxext").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found


def load(lang: str) -> Catalog:
    path = LOCALE / lang / "LC_MESSAGES" / "sphinx_rri.po"
    assert path.is_file(), f"no catalog for {lang} at {path.relative_to(PACKAGE)}"
    with path.open("rb") as handle:
        return read_po(handle, abort_invalid=True)


def test_the_extension_translates_only_texts_of_the_labels_module() -> None:
    # The directives take their texts by key (rri_label); any literal text still
    # passed to _() must be one of labels.py's.
    assert extension_msgids() <= set(LABELS.values())


def test_every_language_the_contract_asks_for_ships() -> None:
    assert set(REQUIRED) <= set(SHIPPED)


@pytest.mark.parametrize("lang", SHIPPED)
def test_catalog_is_complete_and_well_formed(lang: str) -> None:
    catalog = load(lang)
    assert str(catalog.locale) == lang
    assert catalog.charset.lower() == "utf-8"
    assert not catalog.fuzzy, "the header is marked fuzzy"
    header = dict(catalog.mime_headers)
    assert header.get("Language") == lang
    assert "nplurals=" in header.get("Plural-Forms", "")
    messages = {m.id: m for m in catalog if m.id}
    wanted = set(LABELS.values()) | extension_msgids()
    assert sorted(wanted - set(messages)) == [], "texts with no translation entry"
    assert sorted(set(messages) - wanted) == [], "entries for texts the package never writes"
    problems = []
    for msgid, message in sorted(messages.items()):
        text = message.string
        if message.fuzzy:
            problems.append(f"fuzzy: {msgid!r}")
        if not isinstance(text, str) or not text.strip():
            problems.append(f"untranslated: {msgid!r}")
            continue
        if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(msgid)):
            problems.append(f"placeholders differ: {msgid!r} -> {text!r}")
        if text != text.strip():
            problems.append(f"leading or trailing space: {text!r}")
    assert problems == []
    assert list(catalog.check()) == []
