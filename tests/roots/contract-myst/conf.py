# The authoring contract's examples, each on a page of its own, written in MyST.
extensions = ["sphinx_rri"]
exclude_patterns = ["_build"]
