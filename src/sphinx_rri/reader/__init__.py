"""The fast reader behind ``sphinx-rri validate`` and ``report``: the project (its
``conf.py`` and documents) and the page scanner, which fill the course model without
running Sphinx."""
