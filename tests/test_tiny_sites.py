"""Small cases, each a tiny site built in this process (tests/tinysite.py): what a page shows, and what is refused."""

from __future__ import annotations

from sitetools import main, text_of
from tinysite import TRUST, advert, tiny_site


def test_a_vacancy_page_shows_its_facts_and_links_to_its_trust(tmp_path):
    site = tiny_site(tmp_path, {"content/vacancies/staff-nurse.md": advert(hours="37.5 hours a week")})
    assert site.written and site.errors == []
    page = site.page("vacancies/staff-nurse/")
    assert text_of(main(page).find("h1")) == "Staff Nurse"
    trust_link = page.find("a", string=TRUST)
    assert trust_link is not None and trust_link["href"].endswith("/trusts/kent-and-medway-mental-health-nhs-trust/")
    assert "37.5 hours a week" in text_of(main(page))


def test_every_mistake_in_every_file_comes_in_one_run_and_nothing_is_written(tmp_path):
    site = tiny_site(tmp_path, {
        "content/vacancies/one.md": advert(closing="the fourteenth of March", reference="ONE"),
        "content/vacancies/two.md": advert(band="Band 55", reference="TWO"),
        "content/vacancies/three.md": advert(reference="THREE"),
    })
    assert not site.written and not (tmp_path / "output").exists()
    assert [e.split(":")[0] for e in site.errors] == ["content/vacancies/one.md", "content/vacancies/two.md"]
    assert site.errors[0].startswith("content/vacancies/one.md:7: closing:"), site.errors
    assert site.errors[1].startswith("content/vacancies/two.md:4: band:"), site.errors


def test_an_unknown_field_is_a_warning_with_the_field_it_most_likely_means(tmp_path):
    site = tiny_site(tmp_path, {"content/vacancies/staff-nurse.md": advert(closng="2026-03-20")})
    assert site.written
    [warning] = [w for w in site.warnings if "closng" in w]
    assert warning.startswith("content/vacancies/staff-nurse.md:8: closng: warning: unknown field")
    assert 'did you mean "closing"?' in warning


def test_a_draft_is_not_published_and_a_closed_advert_goes_to_the_archive(tmp_path):
    site = tiny_site(tmp_path, {
        "content/vacancies/draft.md": advert(title="Ward Clerk", reference="DRAFT-1", draft=True),
        "content/vacancies/closed.md": advert(title="Porter", reference="CLOSED-1", posted="2026-01-05", closing="2026-02-01"),
        "content/vacancies/open.md": advert(title="Pharmacist", reference="OPEN-1"),
    })
    assert site.written and site.errors == []
    assert not (tmp_path / "output" / "vacancies" / "draft").exists()
    listed = [text_of(a) for a in main(site.page("")).select("a") if "/vacancies/" in a.get("href", "")]
    archived = [text_of(a) for a in main(site.page("closed/")).select("a") if "/vacancies/" in a.get("href", "")]
    assert "Pharmacist" in listed and "Porter" not in listed and "Ward Clerk" not in listed
    assert "Porter" in archived and "Pharmacist" not in archived


def test_script_in_an_advert_never_reaches_its_page(tmp_path):
    body = 'Apply today.<script>alert("x")</script>\n\n<img src=x onerror="alert(1)">\n\n[link](javascript:alert(1))'
    site = tiny_site(tmp_path, {"content/vacancies/staff-nurse.md": advert(body=body, title="Nurse <script>alert(2)</script>")})
    assert site.written
    page = site.page("vacancies/staff-nurse/")
    assert all(not s.string or "alert" not in s.string for s in page.find_all("script"))
    assert not any(attr.startswith("on") for tag in page.find_all(True) for attr in tag.attrs)
    assert not any(a.get("href", "").lower().startswith("javascript:") for a in page.find_all("a"))
    assert "Nurse <script>alert(2)</script>" == text_of(main(page).find("h1"))
