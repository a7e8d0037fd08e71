"""The vacancies indexed: open and closed, by trust and by band, at the build's clock."""
