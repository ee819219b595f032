"""The course model: plain records of course pages and of what the checks find.

Nothing in this package imports Sphinx or any other part of sphinx-rri; the readers
fill it, the checks judge it and the outputs read it.
"""
