"""A seeded generator of realistic vacancy sites: `python benchmarks/generate.py N DIR --seed S`."""

from __future__ import annotations

import argparse
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

# The clock the generated dates are spread around: build with `--now 2026-03-01T09:00`.
CLOCK = datetime(2026, 3, 1, 9, 0, tzinfo=ZoneInfo("Europe/London"))
NOW = CLOCK.strftime("%Y-%m-%dT%H:%M")
TRUSTS = 200

# Agenda for Change 2025/26 pay points (bottom, top) and the other pay groups, as adverts state them.
PAY = {
    "Band 1": (24465, 24465), "Band 2": (24465, 25674), "Band 3": (24937, 26598), "Band 4": (27485, 30162),
    "Band 5": (29970, 36483), "Band 6": (37338, 44962), "Band 7": (46148, 52809), "Band 8a": (53755, 60504),
    "Band 8b": (62215, 72293), "Band 8c": (74290, 85601), "Band 8d": (88168, 101677), "Band 9": (105385, 121271),
    "Medical and dental": (38831, 123889), "Non-AfC": (23000, 60000), "Not stated": (0, 0),
}
BAND_SPELLINGS = {"Band 7": ["Band 7", "NHS AfC: Band 7", "band 7", 7], "Band 8a": ["Band 8a", "band 8A", "Agenda for Change band 8a"]}
ROLES = [
    "Staff Nurse", "Registered Mental Health Nurse", "Healthcare Assistant", "Occupational Therapist", "Physiotherapist",
    "Clinical Psychologist", "Pharmacist", "Pharmacy Technician", "Paramedic", "Radiographer", "Speech and Language Therapist",
    "Dietitian", "Liaison and Diversion Practitioner", "Support Time Recovery Worker", "Peer Support Worker",
    "Ward Manager", "Community Psychiatric Nurse", "Medical Secretary", "Administrator", "Receptionist", "Porter",
    "Estates Officer", "Finance Officer", "Data Analyst", "Clinical Nurse Specialist", "Advanced Clinical Practitioner",
    "Consultant Psychiatrist", "Specialty Doctor", "Health Visitor", "Midwife", "Operating Department Practitioner",
    "Biomedical Scientist", "Social Worker", "Team Leader", "Service Manager", "Head of Nursing",
]
QUALIFIERS = ["", "", "", "Senior ", "Trainee ", "Lead ", "Deputy ", "Assistant ", "Specialist "]
SETTINGS = [
    "", "", " – Acute Inpatient Ward", " – Community Team", " (Night Shifts)", " – Crisis Resolution", " – Health & Justice",
    " – Older Adults", " – CAMHS", " (Bank)", " – Emergency Department", " – Theatres", " (Fixed Term)",
]
PLACES = [
    ("Maidstone", "ME16 9NW"), ("Leeds", "LS15 8ZB"), ("London", "SW1A 1AA"), ("Preston", "PR2 9HT"), ("Bristol", "BS10 5NB"),
    ("Manchester", "M13 9WL"), ("Birmingham", "B15 2TH"), ("Newcastle upon Tyne", "NE1 4LP"), ("Norwich", "NR4 7UY"),
    ("Exeter", "EX2 5DW"), ("Nottingham", "NG5 1PB"), ("Sheffield", "S10 2JF"), ("Liverpool", "L7 8XP"), ("York", "YO31 8HE"),
    ("Cambridge", "CB2 0QQ"), ("Oxford", "OX3 9DU"), ("Southampton", "SO16 6YD"), ("Brighton", "BN2 5BE"), ("Carlisle", "CA2 7HY"),
    ("Truro", "TR1 3LJ"),
]
PLACE_WORDS = [town for town, _ in PLACES] + [
    "Kent", "Medway", "Sussex", "Surrey", "Essex", "Devon", "Cornwall", "Dorset", "Somerset", "Norfolk", "Suffolk",
    "Cumbria", "Lancashire", "Yorkshire", "Tees", "Wear", "Humber", "Derbyshire", "Leicestershire", "Berkshire",
]
TRUST_KINDS = [
    "NHS Foundation Trust", "NHS Trust", "Teaching Hospitals NHS Foundation Trust", "Mental Health NHS Trust",
    "Community Healthcare NHS Trust", "University Hospitals NHS Foundation Trust", "Partnership NHS Foundation Trust",
]
PATTERNS = ["Full-time", "Part-time", "Flexible working", "Job share", "Compressed hours", "Term time", "Home or remote working"]
CONTRACTS = ["Permanent", "Permanent", "Fixed term: 12 months", "Fixed term: 6 months", "Bank", "Secondment"]
GROUPS = ["Nursing and midwifery registered", "Allied Health Professionals", "Administrative and Clerical", "Medical and Dental",
          "Additional Clinical Services", "Estates and Ancillary", "Health & Justice", "Healthcare Scientists"]
FIRST = ["Sam", "Alex", "Priya", "Tom", "Aisha", "Joanne", "Chidi", "Megan", "Owen", "Fatima", "Gareth", "Roz", "Niamh", "Marek"]
LAST = ["Jones", "Patel", "Smith", "Okafor", "Kerr", "Williams", "Nowak", "Hughes", "Begum", "Taylor", "O'Neill", "Evans"]
WORDS = (
    "patients service team care support clinical community deliver develop experience high quality safe effective "
    "compassionate assessment treatment recovery wellbeing partnership training supervision governance audit "
    "multidisciplinary colleagues families carers evidence based practice outcomes improve access pathway referral "
    "caseload risk management safeguarding documentation record keeping leadership values inclusive respect dignity "
    "opportunity progression learning development flexible rota shifts weekends nights band responsibilities duties "
    "policy procedure standards professional registration continuing education mentoring students placement"
).split()
HEADINGS = ["Job overview", "Main duties of the job", "Working for our organisation", "Detailed job description and main responsibilities",
            "Person specification", "Employer certification / accreditation badges", "Benefits of working with us"]


def _sentence(rng: random.Random, low: int = 8, high: int = 20) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    if rng.random() < 0.15:
        words[rng.randrange(len(words))] = f"**{rng.choice(WORDS)}**"
    if rng.random() < 0.1:
        words[rng.randrange(len(words))] = f"*{rng.choice(WORDS)}*"
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))


def body(rng: random.Random, size: int) -> str:
    """Markdown advert text of about `size` characters: headings, paragraphs, lists and now and then a table."""
    parts: list[str] = []
    for heading in HEADINGS:
        parts.append(f"## {heading}")
        parts.append(_paragraph(rng))
        if rng.random() < 0.7:
            marker = "-" if rng.random() < 0.6 else "1."
            parts.append("\n".join(f"{marker} {_sentence(rng, 4, 10)}" for _ in range(rng.randint(3, 7))))
        if rng.random() < 0.4:
            parts.append(f"### {rng.choice(WORDS).capitalize()} and {rng.choice(WORDS)}\n\n{_paragraph(rng)}")
        if sum(len(p) + 2 for p in parts) >= size:
            break
    if rng.random() < 0.3:
        parts.append("| Criteria | Essential | Desirable |\n| --- | --- | --- |\n"
                     + "\n".join(f"| {rng.choice(WORDS).capitalize()} | Yes | {rng.choice(['Yes', 'No'])} |" for _ in range(3)))
    while sum(len(p) + 2 for p in parts) < size:
        parts.append(_paragraph(rng))
    # A long last section can overshoot: drop trailing parts while the text stays over 4 KB.
    while sum(len(p) + 2 for p in parts) > 5800 and sum(len(p) + 2 for p in parts[:-1]) >= 4000:
        parts.pop()
    parts.append(f"For more information, see [our careers site](https://careers.example.nhs.uk/{rng.randrange(10**6)}).")
    return "\n\n".join(parts) + "\n"


def trusts(rng: random.Random, count: int = TRUSTS) -> list[dict]:
    """`count` trusts with distinct names, some with an alias or abbreviation."""
    found: list[dict] = []
    names: set[str] = set()
    while len(found) < count:
        places = rng.sample(PLACE_WORDS, rng.choice((1, 2, 2, 3)))
        name = f"{' and '.join(places) if len(places) < 3 else ', '.join(places[:-1]) + ' and ' + places[-1]} {rng.choice(TRUST_KINDS)}"
        if name in names:
            continue
        names.add(name)
        trust: dict = {"name": name}
        initials = "".join(word[0] for word in name.replace(",", "").split() if word[0].isupper() and word not in ("NHS",))
        if rng.random() < 0.3 and initials not in names and len(initials) >= 3:
            names.add(initials)
            trust["aliases"] = [initials]
        if rng.random() < 0.7:
            trust["website"] = f"https://www.trust{len(found) + 1}.example.nhs.uk/"
        found.append(trust)
    return found


def _yaml(value: object) -> str:
    """A YAML scalar: text is always quoted, so no value is read as anything else."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _dates(rng: random.Random) -> dict[str, str]:
    """posted, closing, interview and added around CLOCK: about 60% open, 35% closed, some not posted yet."""
    today = CLOCK.date()
    roll = rng.random()
    if roll < 0.6:  # open: posted in the last four weeks, closing within the next five
        posted = today - timedelta(days=rng.randint(0, 27))
        closing = today + timedelta(days=rng.randint(0, 35))
    elif roll < 0.95:  # closed some time in the last year
        closing = today - timedelta(days=rng.randint(1, 365))
        posted = closing - timedelta(days=rng.randint(7, 28))
    else:  # posted after the clock: not published yet
        posted = today + timedelta(days=rng.randint(1, 10))
        closing = posted + timedelta(days=rng.randint(14, 40))
    dates = {"posted": posted.isoformat()}
    style = rng.random()
    if style < 0.1:
        pass  # no closing date: the board closes it max_open_days after posting
    elif style < 0.3:
        dates["closing"] = f"{closing.isoformat()} {rng.choice(['12:00', '17:00', '23:59'])}"
    elif style < 0.4:
        dates["closing"] = closing.strftime("%d/%m/%Y")
    else:
        dates["closing"] = closing.isoformat()
    if rng.random() < 0.4:
        dates["interview"] = (closing + timedelta(days=rng.randint(7, 21))).isoformat()
    if rng.random() < 0.5:
        dates["added"] = min(posted + timedelta(days=rng.randint(0, 3)), max(posted, today)).isoformat()
    return dates


def vacancy(rng: random.Random, number: int, known: list[dict]) -> tuple[str, str]:
    """One vacancy file: (file name, text)."""
    trust = rng.choice(known)
    band = rng.choice(list(PAY))
    title = f"{rng.choice(QUALIFIERS)}{rng.choice(ROLES)}{rng.choice(SETTINGS)}"
    reference = f"{rng.randint(100, 999)}-{rng.choice('ABCDEFGHKLMNPRSTW')}{rng.choice('ABCDEFGHKLMNPRSTW')}-{number:06d}"
    town, postcode = rng.choice(PLACES)
    low, high = PAY[band]
    lines = [
        "---",
        f"title: {_yaml(title)}",
        f"trust: {_yaml(rng.choice(trust.get('aliases', []) + [trust['name']] * 3))}",
        f"band: {_yaml(rng.choice(BAND_SPELLINGS.get(band, [band])))}",
    ]
    if band == "Not stated" or rng.random() < 0.05:
        lines += ["salary:", f"  text: {_yaml(rng.choice(['Negotiable', 'Depending on experience', 'See advert']))}"]
    elif rng.random() < 0.1:
        hourly = round(low / 1950, 2)
        lines += ["salary:", f"  min: {hourly}", "  period: hour", '  note: "bank rate"']
    else:
        lines += ["salary:", f"  min: {low}", f"  max: {high}", "  period: year"]
        if rng.random() < 0.4:
            lines.append(f"  note: {_yaml(rng.choice(['pro rata', 'inc. HCAS', 'per annum pro rata', 'plus unsocial hours']))}")
    hours = rng.choice(["37.5", "30", "22.5", "15", "40"])
    lines.append(f"hours: {_yaml(f'{hours} hours per week')}")
    lines.append(f"working_pattern: [{', '.join(_yaml(p) for p in rng.sample(PATTERNS, rng.randint(1, 3)))}]")
    lines.append(f"contract: {_yaml(rng.choice(CONTRACTS))}")
    if rng.random() < 0.15:
        lines.append("location:")
        for place_town, place_postcode in rng.sample(PLACES, 2):
            lines += [f"  - site: {_yaml(place_town + ' Community Hub')}", f"    town: {_yaml(place_town)}", f"    postcode: {_yaml(place_postcode)}"]
    else:
        lines += ["location:", f"  site: {_yaml(rng.choice(['General Hospital', 'Community Hub', 'Health Centre', 'Mental Health Unit']))}",
                  f"  address: {_yaml(f'{rng.randint(1, 200)} {rng.choice(WORDS).capitalize()} Road')}",
                  f"  town: {_yaml(town)}", f"  postcode: {_yaml(postcode)}"]
    lines.append(f"reference: {_yaml(reference)}")
    lines += [f"{key}: {_yaml(value)}" for key, value in _dates(rng).items()]
    lines.append(f"staff_group: {_yaml(rng.choice(GROUPS))}")
    first, last = rng.choice(FIRST), rng.choice(LAST)
    lines += ["contact:", f"  name: {_yaml(f'{first} {last}')}", f"  job_title: {_yaml(rng.choice(['Ward Manager', 'Service Manager', 'Team Leader', 'Recruitment Lead']))}",
              f"  email: {_yaml(f'{first}.{last}'.lower().replace(chr(39), '') + '@nhs.example.org')}",
              f"  phone: {_yaml(f'0{rng.randint(1000, 9999)} {rng.randint(100000, 999999)}')}"]
    if rng.random() < 0.85:
        lines.append(f"apply_url: {_yaml(f'https://www.jobs.nhs.uk/candidate/jobadvert/C{number:07d}')}")
    if rng.random() < 0.02:
        lines.append("draft: true")
    lines.append("---")
    text = "\n".join(lines) + "\n\n" + body(rng, rng.randint(4000, 5000))
    return f"{number:06d}-{reference.lower()}.md", text


def config(known: list[dict], theme: str = "default") -> str:
    """config.yaml for a generated site with `theme`, listing every trust."""
    lines = ["title: Generated NHS Jobs", "description: A generated board for benchmarks and tests.", f"theme: {theme}",
             "base_url: https://example.github.io/jobs/", "per_page: 20", "max_open_days: 28",
             # A complete accessibility statement, so that a strict check of a generated site passes.
             "accessibility:", "  email: accessibility@example.nhs.uk", "  reviewed: 2026-02-02", "trusts:"]
    for trust in known:
        lines.append(f"  - name: {_yaml(trust['name'])}")
        if trust.get("aliases"):
            lines.append(f"    aliases: [{', '.join(_yaml(a) for a in trust['aliases'])}]")
        if trust.get("website"):
            lines.append(f"    website: {_yaml(trust['website'])}")
    return "\n".join(lines) + "\n"


def generate(count: int, folder: Path, seed: int = 0, theme: str = "default") -> Path:
    """Write config.yaml (with `theme`) and `count` vacancy files under `folder`; the same seed gives the same files."""
    rng = random.Random(seed)
    known = trusts(rng)
    vacancies = folder / "content" / "vacancies"
    vacancies.mkdir(parents=True, exist_ok=True)
    (folder / "config.yaml").write_text(config(known, theme), encoding="utf-8")
    for number in range(1, count + 1):
        name, text = vacancy(rng, number, known)
        # Spread files over sub-folders, as a large board would keep them.
        (vacancies / name[:3]).mkdir(exist_ok=True)
        (vacancies / name[:3] / name).write_text(text, encoding="utf-8")
    return folder


def main(argv: list[str] | None = None) -> int:
    """The command line: N DIR --seed S."""
    parser = argparse.ArgumentParser(description=f"Write N realistic vacancy files and a config.yaml into DIR (build with --now {NOW}).")
    parser.add_argument("count", type=int, metavar="N", help="how many vacancy files")
    parser.add_argument("folder", type=Path, metavar="DIR", help="the site folder to write")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument("--theme", default="nhsuk", help="the theme in config.yaml (default: nhsuk, as shipped)")
    args = parser.parse_args(argv)
    generate(args.count, args.folder, args.seed, args.theme)
    print(f"Wrote {args.count} vacancies to {args.folder}; build with --now {NOW}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
