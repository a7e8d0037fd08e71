"""Themes: site-level templates override single theme templates (the feed too); template errors are located."""

from __future__ import annotations

import re

import feedparser
from bs4 import BeautifulSoup
from conftest import run

EVERY_SEED_POSTED = "2026-12-01"  # all five seed adverts are published (and closed) by then


def test_site_templates_override_single_theme_templates(site_copy):
    site = site_copy("repo")
    (site / "templates").mkdir()
    (site / "templates" / "404.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>Lost? Try the list</h1>{% endblock %}\n', encoding="utf-8")
    (site / "templates" / "feed.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Custom: {{ channel.title }}</title>'
        "<link>{{ channel.link }}</link><description>{{ channel.description }}</description>"
        "{% for item in items %}<item><title>{{ item.title }}</title><link>{{ item.link }}</link>"
        '<guid isPermaLink="false">{{ item.guid }}</guid></item>{% endfor %}</channel></rss>\n', encoding="utf-8")
    result = run("build", "--site", site, "--now", "2025-08-15")
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((site / "output" / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert page.h1.get_text() == "Lost? Try the list"
    assert page.find("a", href=re.compile(r"/feed\.xml$")), "the override still extends the theme's base"
    vacancy = next((site / "output" / "vacancies").glob("*/index.html"))
    assert BeautifulSoup(vacancy.read_text(encoding="utf-8"), "html.parser").find("dl"), "other templates still come from the theme"
    feed = feedparser.parse((site / "output" / "feed.xml").read_bytes())
    assert not feed.bozo and feed.feed.title.startswith("Custom: ")
    assert len(feed.entries) == 2


def test_template_error_names_template_line_and_vacancy(site_copy):
    site = site_copy("repo")
    (site / "templates").mkdir()
    (site / "templates" / "vacancy.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n<h1>{{ vacancy.title }}</h1>\n<p>{{ vacancy.no_such_fact }}</p>\n{% endblock %}\n',
        encoding="utf-8")
    (site / "output").mkdir()
    (site / "output" / ".jobboard-site").write_text("an earlier build's\n", encoding="utf-8")
    (site / "output" / "keep.txt").write_text("last good site", encoding="utf-8")
    result = run("build", "--site", site, "--now", EVERY_SEED_POSTED)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if "no_such_fact" in line]
    assert len(lines) == 5, result.stderr
    for line in lines:
        assert re.match(r"^\S*templates/vacancy\.html:4: template: ", line), line
        assert re.search(r"while rendering \S*content/vacancies/[\w-]+\.md", line), line
    assert sorted(p.name for p in (site / "output").iterdir()) == [".jobboard-site", "keep.txt"]


def test_template_syntax_error_is_located(site_copy):
    site = site_copy("repo")
    (site / "templates").mkdir()
    (site / "templates" / "listing.html").write_text('{% extends "base.html" %}\n{% block main %}\n{% for x in %}\n{% endblock %}\n', encoding="utf-8")
    result = run("check", "--site", site)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(r"templates/listing\.html:3: template: ", result.stderr), result.stderr


def test_unknown_theme_is_a_config_error(site_copy):
    site = site_copy("repo")
    config = site / "config.yaml"
    text = re.sub(r"(?m)^theme: .*$", "theme: nosuchtheme", config.read_text(encoding="utf-8"))
    assert "theme: nosuchtheme" in text, "the repository's config.yaml names its theme"
    config.write_text(text, encoding="utf-8")
    result = run("check", "--site", site)
    assert result.returncode == 1
    assert re.search(r"config\.yaml.*theme: .*nosuchtheme", result.stderr), result.stderr
