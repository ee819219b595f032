"""Reading sources leniently, so that a binary ``.md`` cannot stop a build.

Sphinx decodes each source with the environment's ``input_encoding`` and stops the whole
build at the first byte that is not UTF-8, before any extension sees the page. For the
pages it reads, the environment's setting (not ``source_encoding`` in the configuration,
which stays as the author set it) names this codec: UTF-8 in which an invalid byte
becomes U+FFFD. ``source-read`` then judges the file's real bytes and reports the page,
at its line, with the message ``sphinx-rri validate`` gives
(:func:`sphinx_rri.reader.project.refuse_bytes`).
"""

from __future__ import annotations

import codecs
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

NAME = "sphinx_rri_lenient_utf_8"
_UTF8 = {"utf-8", "utf8", "utf_8", "utf-8-sig", "utf_8_sig"}


def _decode(data: Any, errors: str = "strict") -> tuple[str, int]:
    text, consumed = codecs.utf_8_decode(bytes(data), "replace", True)
    return text.removeprefix("\ufeff"), consumed


class _IncrementalDecoder(codecs.BufferedIncrementalDecoder):
    """What ``open()`` uses: UTF-8 with replacement, dropping a leading byte-order mark."""

    def __init__(self, errors: str = "strict") -> None:
        super().__init__(errors)
        self._first = True

    def _buffer_decode(self, data: Any, errors: str, final: bool) -> tuple[str, int]:
        text, consumed = codecs.utf_8_decode(bytes(data), "replace", final)
        if self._first and text:
            self._first = False
            text = text.removeprefix("\ufeff")
        return text, consumed

    def reset(self) -> None:
        super().reset()
        self._first = True


def _search(name: str) -> codecs.CodecInfo | None:
    if name != NAME:
        return None
    utf8 = codecs.lookup("utf-8")
    return codecs.CodecInfo(
        name=NAME,
        encode=utf8.encode,
        decode=_decode,
        incrementalencoder=utf8.incrementalencoder,
        incrementaldecoder=_IncrementalDecoder,
        streamwriter=utf8.streamwriter,
        streamreader=utf8.streamreader,
    )


codecs.register(_search)


def _read_leniently(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    if str(app.config.source_encoding).lower() in _UTF8:
        env.settings["input_encoding"] = NAME


def setup_encoding(app: Sphinx) -> None:
    app.connect("env-before-read-docs", _read_leniently)
