// The search page: Pagefind searches the index the build made, in the browser, with no server.
// The form's query string is the search's state, so a filtered search is a link that can be shared.
const form = document.getElementById("search-form");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const filterDetails = document.getElementById("search-filters");
const FILTERS = ["trust", "band", "contract", "pattern", "group", "closing"];
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
  // Show the filters a shared link has set.
  if (filtered && filterDetails) filterDetails.open = true;
}

function state() {
  const data = new FormData(form);
  const q = (data.get("q") || "").trim();
  const filters = {};
  for (const key of FILTERS) {
    const values = data.getAll(key);
    if (values.length) filters[key] = { any: values };
  }
  return { q, filters };
}

function writeUrl({ q, filters }) {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  for (const [key, { any }] of Object.entries(filters)) for (const value of any) params.append(key, value);
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
  box.append(content);
  item.append(box);
  return item;
}

async function run() {
  const current = state();
  writeUrl(current);
  const ticket = ++latest;
  if (!current.q && !Object.keys(current.filters).length) {
    list.replaceChildren();
    status.textContent = "Type a keyword or choose a filter to see open vacancies.";
    return;
  }
  status.textContent = "Searching…";
  const options = { filters: current.filters };
  if (!current.q) options.sort = { closing: "asc" };
  const search = await pagefind.search(current.q || null, options);
  const results = await Promise.all(search.results.map((r) => r.data()));
  if (ticket !== latest) return; // a newer search has started
  list.replaceChildren(...results.map(card));
  const count = results.length;
  status.textContent = count
    ? `${count} open vacanc${count === 1 ? "y" : "ies"} found.`
    : "No open vacancies match. Try other words or fewer filters.";
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
    if (event.target.type === "checkbox") run();
  });
  await run();
  form.dataset.ready = "true";
}

start().catch((error) => {
  status.textContent = "Search is not available right now. Browse the open vacancies instead.";
  console.error(error);
});
