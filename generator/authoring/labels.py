"""The words pasted adverts use: labels of facts, section titles and page chrome, as NHS Jobs, Trac, DWP and boards print them."""

from __future__ import annotations

import re

# Label (as printed, lower case) -> fact. NHS Jobs, Trac, Jobtrain, HSCNI, DWP and aggregators name the same facts differently.
LABELS = {
    "job title": "title", "title": "title", "position": "title", "vacancy title": "title", "post title": "title",
    "role": "title", "job role": "title", "position title": "title", "vacancy": "title",
    "employer": "trust", "employer name": "trust", "company": "trust", "organisation": "trust", "organization": "trust",
    "trust": "trust", "hiring organisation": "trust", "hiring organization": "trust", "health board": "trust",
    "nhs board": "trust", "board": "trust", "employing organisation": "trust", "organisation name": "trust",
    "grade": "band", "band": "band", "pay band": "band", "agenda for change band": "band", "afc band": "band",
    "grade/band": "band", "band/grade": "band", "pay grade": "band", "salary band": "band",
    "pay scheme": "pay_scheme",
    "salary": "salary", "pay": "salary", "salary range": "salary", "additional salary information": "salary_extra",
    "salary scale": "salary", "pay rate": "salary", "salary/pay": "salary", "salary period": "salary_period",
    "contract": "contract", "contract type": "contract", "job type": "contract", "employment type": "contract",
    "type of contract": "contract", "vacancy type": "contract", "post type": "contract",
    "duration": "contract_length", "contract length": "contract_length", "fixed term duration": "contract_length",
    "hours": "hours", "working hours": "hours", "hours per week": "hours", "hours of work": "hours", "weekly hours": "hours",
    "working pattern": "working_pattern", "working patterns": "working_pattern",
    "job ref": "reference", "job reference": "reference", "reference number": "reference", "reference": "reference",
    "ref": "reference", "vacancy reference": "reference", "job reference number": "reference", "vacancy id": "reference",
    "job id": "reference", "vacancy number": "reference", "vacancy no": "reference", "reference no": "reference",
    "ref no": "reference", "job ref no": "reference", "advert reference": "reference", "vacancy reference number": "reference",
    "job reference no": "reference", "job number": "reference",
    "main area": "staff_group", "staff group": "staff_group", "specialty": "staff_group", "speciality": "staff_group",
    "job category": "staff_group", "professional group": "staff_group",
    "site": "site", "town": "town", "location": "location", "job locations": "location", "job location": "location",
    "locations": "location", "work location": "location", "address": "address", "postcode": "postcode",
    "base": "location", "work base": "location", "place of work": "location", "base location": "location",
    "closing": "closing", "closing date": "closing", "closes": "closing", "closing date and time": "closing",
    "deadline": "closing", "application deadline": "closing", "closing date for applications": "closing",
    "apply by": "closing", "closes on": "closing", "closing date/time": "closing", "closing date & time": "closing",
    "date posted": "posted", "posting date": "posted", "posted": "posted", "date published": "posted",
    "published": "posted", "posted date": "posted", "published on": "posted", "posted on": "posted",
    "date advertised": "posted", "date listed": "posted", "advertised": "posted",
    "interview date": "interview", "interview": "interview", "interview dates": "interview", "interview date(s)": "interview",
    "employer type": "employer_type", "employer's website": "website", "website": "website",
    "apply online": "apply_url", "apply at": "apply_url", "application link": "apply_url", "apply url": "apply_url",
    "email address": "contact.email", "email": "contact.email", "e-mail": "contact.email",
    "telephone number": "contact.phone", "telephone": "contact.phone", "phone": "contact.phone", "phone number": "contact.phone",
}
# Labels that only mean a contact detail inside the contact block.
CONTACT_LABELS = {"name": "contact.name", "job title": "contact.job_title", "contact name": "contact.name"}
MULTI_LINE = {"location", "address"}

SECTIONS = {
    "job summary", "job overview", "summary", "overview", "main duties of the job", "about us",
    "about the organisation", "about the organization", "working for our organisation", "working for our organization",
    "job description", "detailed job description and main responsibilities", "person specification",
    "disclosure and barring service check", "applicant requirements", "about the role", "the role",
    "key responsibilities", "main responsibilities", "duties and responsibilities", "what we offer", "benefits",
    "about you", "why join us", "additional information", "further information", "how to apply", "our strategy",
    "job responsibilities", "certificate of sponsorship", "uk registration", "flexible working", "staff benefits",
    "our values", "equality, diversity and inclusion", "full job description", "job details", "vacancy details",
    "description", "job advert", "about the job", "role description", "the post",
}
SUBSECTIONS = {"job responsibilities"}
CONTACT_SECTIONS = {"further details / informal visits contact", "further details/informal visits contact",
                    "informal visits contact", "contact details", "for further details / informal visits contact"}
DROPPED_SECTIONS = {"employer details", "details", "employer certification / accreditation badges", "documents to download",
                    "job summary details"}
# Lines of a page that are no part of its advert: navigation, cookie banners, buttons. Anchored at both ends, each
# alternative a short literal or one `.*`/`.+` at most, so matching a megabyte line takes linear time.
CHROME = re.compile(
    r"^(skip to (main )?content|this site is independent of the nhs.*|please wait,? loading.*|apply online now.*|"
    r"apply now|alert me to similar vacancies|documents to download|employer heading|.+ logo|\(opens in a new tab\)|"
    r"save (this )?(job|vacancy)|share (this )?(job|vacancy).*|print (this )?(page|job|vacancy)|back to (search )?results|"
    r"back to top|view all jobs.*|sign in.*|sign out|create an account.*|menu|home|back|close|search|search jobs|jobs|"
    r"find a job|register|log ?in|my account|saved jobs|job alerts|post a job|employers|recruiters|"
    r"(accept|reject) (all |additional |analytics |optional )?cookies|(view|manage|change|set) (your )?cookies?( settings| preferences)?|"
    r"cookie (settings|preferences|policy)|we use (some )?(essential )?cookies.*|cookies on .*|hide (this )?(cookie )?message|"
    r"(ok,? )?got it|accept|reject|beta.*|this is a new service.*|report (this )?(job|advert|vacancy)|"
    r"apply for this (job|vacancy|role)|apply|save|share|print|easy apply|easily apply|home ?[>›/|].*|"
    r"you are here:.*|breadcrumbs?|(posted )?\d+\+? (days?|hours?|weeks?) ago|(posted )?(today|yesterday|just now)|new|urgently hiring|"
    r"featured( job)?|sponsored|promoted|company reviews|find (jobs|salaries)|(upload|post) your cv|"
    r".{0,80}\bcookies\b.{0,80}|search for jobs|"
    # A board's own name: "learn4good.com", "Harmonia Careers", "NHS Scotland Jobs", "indeed".
    r"[\w-]+(\.[\w-]+)*\.(com|co\.uk|org\.uk|org|net|uk|jobs|scot)|([\w&-]+ ){0,2}(jobs|careers)|"
    r"indeed|jobsincare|jobclerk|healthjobsuk|nursingnetuk|learn4good|totaljobs|reed|cv-library|trac)$",
    re.IGNORECASE,
)
