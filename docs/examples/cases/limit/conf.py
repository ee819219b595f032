extensions = ["sphinx_rri"]
rri_max_frontmatter_bytes = 80
