# The authoring contract's examples, each on a page of its own, in reStructuredText.
extensions = ["sphinx_rri"]
exclude_patterns = ["_build"]
