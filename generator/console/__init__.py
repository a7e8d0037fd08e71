"""What the terminal shows: the progress bar and summary, and GitHub annotations."""
