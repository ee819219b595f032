"""The contract's directives, one module per family; each registers itself with a
``setup_<family>(app)`` that :func:`sphinx_rri.sphinxext.setup_extension` calls."""
