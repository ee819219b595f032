# A small course that every builder must render with -W and nothing lost.
extensions = ["sphinx_rri"]
exclude_patterns = ["_build"]
project = "RRI test course"
author = "The sphinx-rri developers"
copyright = "2026, The sphinx-rri developers"
version = release = "1.0"
