"""Pages, feeds, calendars and open data: each made from a context built for it through the one Jinja environment."""
