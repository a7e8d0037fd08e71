"""Reading the site's own files: the folder walk, YAML front matter with its lines, and advice on YAML mistakes."""
