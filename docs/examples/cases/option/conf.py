extensions = ["sphinx_rri"]
