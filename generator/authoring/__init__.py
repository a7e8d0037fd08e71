"""jobboard new and jobboard import: vacancy files from a template, from pasted text, saved pages and feeds."""
