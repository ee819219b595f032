# A version 1 project, frozen: rri.json of this project as version 1 wrote it is kept in
# tests/regression/rri-json-v1/; do not change these pages (test_rri_json_v1.py).
extensions = ["sphinx_rri"]
exclude_patterns = ["_build"]
project = "RRI test course"
author = "The sphinx-rri developers"
copyright = "2026, The sphinx-rri developers"
version = release = "1.0"
