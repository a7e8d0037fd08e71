"""`jobboard new`: a vacancy file with every field and a comment on each."""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta
from pathlib import Path

from generator.config.settings import load_config
from generator.model import examples
from generator.model.problems import Problems
from generator.model.slug import slugify
from generator.source.folders import VACANCIES, link_in_the_way, write_new

TEMPLATE = """---
# Every field is explained in README.md. Delete the lines you do not need.
title: {title}                     # required: the job title as the advert gives it
trust: {trust}   # required: the employer; a name or alias from config.yaml
band: Not stated                    # required: "Band 1" to "Band 9", "Band 8a" to "Band 8d", "Medical and dental", "Non-AfC" or "Not stated"
reference: {reference}               # required: the employer's job reference, unique on this board
salary:                             # pay as the advert states it
  min: 24937                        # lowest pay in pounds, digits only
  max: 26598                        # highest pay in pounds
  period: year                      # year, month, week, day or hour
  note: pro rata                    # optional free text: "pro rata", "inc. HCAS", "subject to confirmation"
  # text: Negotiable                # use text alone when the advert gives no figures
hours: 37.5 hours per week          # free text
working_pattern:                    # a list: Full time, Part time, Flexible working, Job share, Compressed hours, Term time
  - Full time
contract: Permanent                 # Permanent, "Fixed term: 12 months", Bank, Secondment, Apprenticeship, Locum
location:                           # one place, or a list of places (each with these fields)
  site: {site}               # the building or service
  address: {address}        # street address
  town: Maidstone                   # town or city
  postcode: ME16 9NW                # a UK postcode
posted: {today}                 # the date the employer published the advert
# closing: {closing} 23:59       # the closing date (and time); a date alone closes at 23:59
                                    # with no closing date the advert closes max_open_days after it was posted or added
# interview: {interview}            # the interview date
added: {today}                  # the date you added the advert to this board
# staff_group: Mental health        # NHS Jobs' "Main area" or staff group
contact:                            # who candidates can ask; every part is optional
  name: {contact_name}                  # the contact's name
  job_title: Service Manager        # their job title
  email: {contact_email}  # an e-mail address
  phone: "{contact_phone}"             # in quotes, so the leading zero stays
# apply_url: https://www.jobs.nhs.uk/candidate/jobadvert/{reference_slug}   # http or https only
# slug: my-custom-address           # the page address; normally the file's name, which never changes with the title
# aliases: [old-file-name]          # old addresses of this page (after renaming the file), which lead here
draft: true                         # remove this line (or say false) to publish the advert
---
## Job overview

{body_0}

## Main duties of the job

- {body_1}

## Person specification

### Essential

- {body_2}

### Desirable

- {body_2}
"""


def new_vacancy(root: Path, title: str, reference: str, force: bool, today: date) -> int:
    """Write content/vacancies/<slug>.md from the template, dated `today`; never overwrite without --force."""
    problems = Problems()
    config = load_config(root, problems)
    reference = reference or f"{examples.REFERENCE}-{today:%Y%m%d}"
    slug = "-".join(p for p in (slugify(title, limit=60), slugify(reference, limit=40)) if p)
    target = root / VACANCIES / f"{slug}.md"
    refused = link_in_the_way(root, target)
    if refused:
        print(f"jobboard: {refused}", file=sys.stderr)
        return 1
    if target.exists() and not force:
        print(f"jobboard: {target.relative_to(root)} already exists; use --force to overwrite it", file=sys.stderr)
        return 1
    trust = config.trusts[0].name if config.trusts else "Example NHS Foundation Trust"
    text = TEMPLATE.format(
        title=json.dumps(title, ensure_ascii=False), trust=json.dumps(trust, ensure_ascii=False),
        reference=json.dumps(reference, ensure_ascii=False), reference_slug=slugify(reference),
        today=today.isoformat(), closing=(today + timedelta(days=28)).isoformat(),
        interview=(today + timedelta(days=42)).isoformat(),
        site=examples.LOCATION["site"],
        address=examples.LOCATION["address"], contact_name=examples.CONTACT["name"], contact_email=examples.CONTACT["email"],
        contact_phone=examples.CONTACT["phone"], body_0=examples.BODY[0], body_1=examples.BODY[1], body_2=examples.BODY[2],
    )
    write_new(target, text)
    print(f"Wrote {target.relative_to(root)}: fill it in, remove `draft: true`, then run `jobboard check`.")
    return 0
