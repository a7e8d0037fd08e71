"""Writing the site: changed files only, swapped in whole; the theme's static files; the search index."""
