// The search page: Pagefind searches the index the build made, in the browser, with no server.
// The form's query string is the search's state, so a filtered search is a link that can be shared.
import { away, cellsAround, distance, locate } from "./near.js";
import { narrowTrusts, showTags } from "./filters.js";

const form = document.getElementById("search-form");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const filterDetails = document.getElementById("search-filters");
const FILTERS = ["trust", "band", "pay", "contract", "pattern", "group", "closing"];
const near = form.querySelector("[data-places]");
const placeError = document.getElementById("search-place-error");
const WIDE = "(min-width: 48.0625em)"; // the design system's tablet width, where the columns sit side by side
// The word every advert page has (vacancy.html): Pagefind 1.5 loads its whole index for a search with no
// words (`null`), and only the part that holds this word for it.
const EVERY = "jobboardeveryvacancy";
const PAGE = 20; // results shown at first, and added by each "Show more results"
let pagefind = null;
let latest = 0;

function readUrl() {
  const params = new URLSearchParams(window.location.search);
  form.elements.q.value = params.get("q") || "";
  let filtered = false;
  for (const box of form.querySelectorAll("input[type=checkbox]")) {
    box.checked = params.getAll(box.name).includes(box.value);
    if (box.checked && box.name !== "closing") filtered = true;
  }
  // Show the filters a shared link has set, beside the results. On a phone the panel would push the results
  // a screen down: the tags above the results show the filters instead.
  if (filtered && filterDetails && window.matchMedia(WIDE).matches) filterDetails.open = true;
  readPlace(params);
}

// Near me: ?place=ME16&within=10&sort=nearest; the select keeps its default when the link's value is not offered.
function readPlace(params) {
  form.elements.place.value = params.get("place") || "";
  for (const name of ["within", "sort"]) {
    const option = [...form.elements[name].options].find((o) => o.value === params.get(name));
    if (option) form.elements[name].value = option.value;
  }
}

function state() {
  const data = new FormData(form);
  const q = (data.get("q") || "").trim();
  const filters = {};
  for (const key of FILTERS) {
    const values = data.getAll(key);
    if (values.length) filters[key] = { any: values };
  }
  const place = (data.get("place") || "").trim();
  return { q, filters, place, within: Number(data.get("within")) || 10, sort: data.get("sort") || "best" };
}

function writeUrl({ q, filters, place, within, sort }) {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  for (const [key, { any }] of Object.entries(filters)) for (const value of any) params.append(key, value);
  if (place) params.set("place", place);
  if (place) params.set("within", within);
  if (sort !== "best") params.set("sort", sort);
  const query = params.toString();
  window.history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function card(result) {
  const meta = result.meta;
  const item = element("li", "card");
  if (meta.closing_iso) item.dataset.closes = meta.closing_iso; // for closing.js
  const box = element("div", "nhsuk-card nhsuk-u-margin-bottom-4");
  const content = element("div", "nhsuk-card__content");
  const heading = element("h3", "nhsuk-card__heading nhsuk-heading-s card-title");
  const link = element("a", "nhsuk-card__link", meta.title);
  link.href = result.url;
  heading.append(link);
  content.append(heading);
  if (meta.soon) {
    const tag = element("p", "nhsuk-u-margin-bottom-2");
    tag.append(element("strong", "nhsuk-tag nhsuk-tag--orange tag-soon", meta.soon));
    content.append(tag);
  }
  const facts = element("dl", "card-facts nhsuk-body-s");
  for (const [label, key] of [["Employer", "trust"], ["Pay band", "band"], ["Salary", "salary"], ["Location", "location"], ["Closing date", "closing"]]) {
    if (!meta[key]) continue;
    const row = element("div");
    row.append(element("dt", "", label), element("dd", "", meta[key]));
    facts.append(row);
  }
  content.append(facts);
  if (result.away) content.append(element("p", "nhsuk-body-s search-away", result.away));
  box.append(content);
  item.append(box);
  return item;
}

async function run() {
  const current = state();
  writeUrl(current);
  showTags(form, run);
  const ticket = ++latest;
  if (!current.q && !Object.keys(current.filters).length && !current.place) {
    showPlaceError("");
    list.replaceChildren();
    status.textContent = "Type a keyword or choose a filter to see open vacancies.";
    return;
  }
  status.textContent = "Searching…";
  const here = current.place ? await locate(current.place, near.dataset.places) : null;
  if (ticket !== latest) return;
  if (current.place && !here) {
    list.replaceChildren();
    status.textContent = showPlaceError(`We could not find "${current.place}". Try a postcode such as ME16 9NW or a town.`);
    return;
  }
  showPlaceError("");
  const options = { filters: { ...current.filters } };
  if (here) options.filters.cell = { any: cellsAround(here, current.within) };
  if (current.sort === "newest") options.sort = { published: "desc" };
  else if (!current.q || current.sort === "closing") options.sort = { closing: "asc" };
  const search = await pagefind.search(current.q || EVERY, options);
  // An advert that has closed since the build leaves the results (closing.js decides, by the reader's clock).
  const closed = window.jobboardClosing ? window.jobboardClosing.isClosed : () => false;
  // Each result's data is a file of its own: a place search needs every one (to measure), any other the first page.
  const wanted = here ? search.results : search.results.slice(0, PAGE);
  const results = (await Promise.all(wanted.map((r) => r.data()))).filter((r) => !closed(r.meta.closing_iso));
  if (ticket !== latest) return; // a newer search has started
  showMore(here ? [] : search.results.slice(PAGE), ticket);
  const nearby = here ? measure(results, here, current) : null;
  list.replaceChildren(...(nearby ? nearby.shown : results).map(card));
  window.jobboardClosing?.sweep(list); // "Closes today" on the day
  if (nearby) {
    status.textContent = nearby.message;
    return;
  }
  const count = search.results.length - (wanted.length - results.length);
  status.textContent = count
    ? `${count} open vacanc${count === 1 ? "y" : "ies"} found.`
    : "No open vacancies match. Try other words or fewer filters.";
}

// "Show more results": the next page of the search's results, each fetched only now.
function showMore(rest, ticket) {
  const button = document.getElementById("search-more");
  button.hidden = !rest.length;
  button.onclick = async () => {
    const page = rest.splice(0, PAGE);
    const closed = window.jobboardClosing ? window.jobboardClosing.isClosed : () => false;
    const results = (await Promise.all(page.map((r) => r.data()))).filter((r) => !closed(r.meta.closing_iso));
    if (ticket !== latest) return;
    const cards = results.map(card);
    list.append(...cards);
    window.jobboardClosing?.sweep(list);
    button.hidden = !rest.length;
    cards[0]?.querySelector("a").focus(); // the keyboard goes on from the first new result
  };
}

// The place's error message, shown with the field in the design system's error style; returns the message.
function showPlaceError(message) {
  placeError.replaceChildren(...(message ? [element("span", "nhsuk-u-visually-hidden", "Error: "), message] : []));
  placeError.hidden = !message;
  document.getElementById("search-place-group").classList.toggle("nhsuk-form-group--error", Boolean(message));
  form.elements.place.classList.toggle("nhsuk-input--error", Boolean(message));
  return message;
}

// The results within the distance (nearest first when asked), then those whose place is not known.
function measure(results, here, { place, within, sort }) {
  for (const r of results) r.miles = distance(here, r.meta.points);
  const known = results.filter((r) => r.miles !== null && r.miles <= within);
  const unknown = results.filter((r) => r.miles === null);
  if (sort === "nearest") known.sort((a, b) => a.miles - b.miles);
  const shown = [...known, ...unknown];
  for (const r of shown) r.away = away(r.miles);
  const where = /^-?[\d.]+\s*,/.test(place) ? "your location" : place;
  const count = `${known.length || "No"} open vacanc${known.length === 1 ? "y" : "ies"} found within ${within} mile${within === 1 ? "" : "s"} of ${where}.`;
  const more = unknown.length ? ` ${unknown.length} more do${unknown.length === 1 ? "es" : ""} not say where ${unknown.length === 1 ? "it is" : "they are"}: listed after them as "Place not known".` : "";
  return { shown, message: count + more };
}

// "Use my location": the browser asks the candidate only when they press the button.
function locateButton() {
  const button = document.getElementById("search-locate");
  if (!button || !navigator.geolocation) return;
  button.hidden = false;
  button.addEventListener("click", () => {
    status.textContent = "Finding your location…";
    navigator.geolocation.getCurrentPosition(
      ({ coords }) => {
        form.elements.place.value = `${coords.latitude.toFixed(3)},${coords.longitude.toFixed(3)}`;
        run();
      },
      () => { status.textContent = "We could not get your location. Type a postcode or a town instead."; },
    );
  });
}

let timer = null;
function soon() {
  clearTimeout(timer);
  timer = setTimeout(run, 250);
}

async function start() {
  // The link's search first, before waiting for the index: whatever the candidate types or ticks while
  // Pagefind loads is theirs, and the first search below runs on it.
  readUrl();
  pagefind = await import(form.dataset.pagefind);
  await pagefind.options({ baseUrl: form.dataset.base });
  await pagefind.init();
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  form.elements.q.addEventListener("input", soon);
  form.addEventListener("change", (event) => {
    if (event.target.type === "checkbox" || event.target.tagName === "SELECT" || event.target.name === "place") run();
  });
  locateButton();
  narrowTrusts(form);
  await run();
  // A shared link on a phone: the form fills the first screen, so bring its results into view.
  const narrow = !window.matchMedia(WIDE).matches;
  if (narrow && window.location.search && list.children.length && window.scrollY === 0) {
    document.getElementById("search-results-heading").scrollIntoView();
  }
  form.dataset.ready = "true";
}

start().catch((error) => {
  status.textContent = "Search is not available right now. Browse the open vacancies instead.";
  console.error(error);
});
