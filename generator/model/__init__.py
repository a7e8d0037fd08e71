"""Values and their rules: the vacancy, band, trust, dates, money, spellings, slugs and addresses, problems and the clock."""
