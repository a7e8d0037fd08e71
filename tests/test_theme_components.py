"""The nhsuk theme's components.html gives, byte for byte, what the NHS.UK frontend's own Jinja macros give.

The theme writes the design system's markup out by hand because the library's macros cost most of a build's time.
These tests render each of ours and the library's macro (the pinned nhsuk-frontend-jinja) with the same values, so
that an upgrade of the library that changes its markup fails here, naming the component to bring up to date.
"""

from __future__ import annotations

import pytest
from conftest import ROOT

from generator.config.settings import load_config
from generator.model.problems import Problems
from generator.render.theme import environment, find_theme

AWKWARD = 'Nurse <b>"&\'</b>\n  second line '  # markup to escape, quotes, a line break and spaces to trim


@pytest.fixture(scope="module")
def env():
    problems = Problems()
    theme = find_theme(load_config(ROOT, problems), problems)
    assert theme is not None and not problems.errors
    return environment(theme, reload=False)


def both(env, ours: str, theirs: str, **values) -> tuple[str, str]:
    """Our component and the library's macro, each rendered from a template's text with the same values."""
    render = lambda text: env.from_string(text).render(**values)  # noqa: E731
    return (render('{% import "components.html" as c %}' + ours), render(theirs))


CASES = {
    "action link": (
        '{{ c.actionLink(text, "/apply/", "apply") }}',
        '{% from "nhsuk/components/action-link/macro.jinja" import actionLink %}'
        '{{ actionLink({"text": text, "href": "/apply/", "classes": "apply"}) }}'),
    "inset text": (
        '{{ c.insetText(text, "note") }}',
        '{% from "nhsuk/components/inset-text/macro.jinja" import insetText %}{{ insetText({"text": text, "classes": "note"}) }}'),
    "inset text with content": (
        '{% call c.insetText(classes="status status-closed", label="Status") %}<p>{{ text }}</p>{% endcall %}',
        '{% from "nhsuk/components/inset-text/macro.jinja" import insetText %}'
        '{% call insetText({"classes": "status status-closed", "visuallyHiddenText": "Status"}) %}<p>{{ text }}</p>{% endcall %}'),
    "summary list": (
        '{% set html %}<a href="/t/">{{ text }}</a>{% endset %}'
        '{{ c.summaryList([{"key": "Employer", "value": html}, {"key": text, "value": text}], "summary-list") }}',
        '{% from "nhsuk/components/summary-list/macro.jinja" import summaryList %}'
        '{% set html %}<a href="/t/">{{ text }}</a>{% endset %}'
        '{{ summaryList({"rows": [{"key": {"text": "Employer"}, "value": {"html": html}}, '
        '{"key": {"text": text}, "value": {"text": text}}], "classes": "summary-list"}) }}'),
    "card": (
        '{% call c.card(text, "/vacancies/x/", 3, "nhsuk-u-margin-bottom-4") %}<p>Facts</p>{% endcall %}',
        '{% from "nhsuk/components/card/macro.jinja" import card %}'
        '{% call card({"heading": {"text": text, "level": 3, "size": "s", "classes": "card-title"}, "href": "/vacancies/x/", '
        '"classes": "nhsuk-u-margin-bottom-4"}) %}<p>Facts</p>{% endcall %}'),
    "pagination": (
        '{{ c.pagination("/page/1/", "/page/3/", [{"ellipsis": false, "number": 1, "url": "/page/1/", "current": false}, '
        '{"ellipsis": true}, {"ellipsis": false, "number": 2, "url": "/page/2/", "current": true}, '
        '{"ellipsis": false, "number": 9, "url": "/page/9/", "current": false}], "pagination") }}',
        '{% from "nhsuk/components/pagination/macro.jinja" import pagination %}'
        '{{ pagination({"previous": {"href": "/page/1/"}, "next": {"href": "/page/3/"}, "items": [{"number": 1, '
        '"href": "/page/1/", "current": false}, {"ellipsis": true}, {"number": 2, "href": "/page/2/", "current": true}, '
        '{"number": 9, "href": "/page/9/", "current": false}], "classes": "pagination"}) }}'),
    "details": (
        '{% call c.details(text, "search-filter-group", "filters", "trust") %}<p>Inside</p>{% endcall %}',
        '{% from "nhsuk/components/details/macro.jinja" import details %}'
        '{% call details({"summary": {"text": text}, "id": "filters", "classes": "search-filter-group", '
        '"attributes": {"data-filter": "trust"}}) %}<p>Inside</p>{% endcall %}'),
    "checkboxes": (
        '{{ c.checkboxes("band", "search-band", text, ["Band 5", text, "Band 8a"]) }}',
        '{% from "nhsuk/components/checkboxes/macro.jinja" import checkboxes %}'
        '{{ checkboxes({"name": "band", "idPrefix": "search-band", "small": true, "fieldset": {"legend": {"text": text, '
        '"classes": "nhsuk-u-visually-hidden"}}, "items": [{"value": "Band 5", "text": "Band 5"}, {"value": text, "text": text}, '
        '{"value": "Band 8a", "text": "Band 8a"}]}) }}'),
    "footer": (
        '{{ c.footer([{"href": "/", "text": "Vacancies"}, {"href": "/a/", "text": text}], text) }}',
        '{% from "nhsuk/components/footer/macro.jinja" import footer %}'
        '{{ footer({"meta": {"items": [{"href": "/", "text": "Vacancies"}, {"href": "/a/", "text": text}], '
        '"visuallyHiddenText": "Site links"}, "copyright": {"text": text}}) }}'),
    "breadcrumb": (
        '{{ c.breadcrumb([{"url": "/", "name": "Home"}, {"url": "/trusts/k/", "name": text}], "/vacancies/x/", text, "breadcrumbs") }}',
        '{% from "nhsuk/components/breadcrumb/macro.jinja" import breadcrumb %}'
        '{{ breadcrumb({"items": [{"href": "/", "text": "Home"}, {"href": "/trusts/k/", "text": text}, {"href": "/vacancies/x/", '
        '"text": text, "attributes": {"aria-current": "page"}}], "classes": "breadcrumbs", "backLink": {"href": "/trusts/k/", '
        '"text": text, "attributes": {}}}) }}'),
    "header": (
        '{{ c.header({"home": "/", "title": text, "search": "/search/", "nav": [{"url": "/", "name": "Vacancies"}, '
        '{"url": "/trusts/", "name": "Trusts"}]}, "/trusts/k/") }}',
        '{% from "nhsuk/components/header/macro.jinja" import header %}'
        '{{ header({"service": {"text": text, "href": "/"}, "navigation": {"items": [{"href": "/", "text": "Vacancies", '
        '"current": false, "active": false}, {"href": "/trusts/", "text": "Trusts", "current": false, "active": true}, '
        '{"href": "/search/", "text": "Search", "current": false}], "ariaLabel": "Main"}}) }}'),
}


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("text", ["Staff Nurse", AWKWARD])
def test_each_component_gives_the_design_systems_own_markup(env, name, text):
    ours, theirs = both(env, *CASES[name], text=text)
    assert "nhsuk-" in ours
    assert ours == theirs, f"components.html's {name} no longer gives the NHS.UK frontend's markup"
