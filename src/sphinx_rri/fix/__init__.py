"""Repairs for what the checks find: ``sphinx-rri fix`` and the language server's quick
fixes.

:mod:`.edits` turns findings into line edits (the checks' own :class:`~sphinx_rri.model.
diagnostics.Fix` records, and the repairs no check carries: fence lengths, placeholder
examples, missing parts); :mod:`.command` applies them across a project. Nothing here
imports Sphinx or the language server.
"""
