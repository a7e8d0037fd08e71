"""jobboard serve: the live preview server and its file watcher."""
