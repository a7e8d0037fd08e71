// Filters that stay usable with 200 trusts: each group folded with its count, a box that narrows the trust list
// as the candidate types, and the chosen filters shown above the results as buttons that remove them.

// Hide the trusts whose names do not contain what is typed (the ticked ones stay, so a choice never vanishes).
export function narrowTrusts(form) {
  const box = document.getElementById("search-trust-find");
  if (!box) return;
  box.addEventListener("input", () => {
    const words = box.value.trim().toLowerCase();
    for (const trust of form.querySelectorAll("input[name=trust]")) {
      trust.closest(".nhsuk-checkboxes__item").hidden = Boolean(words) && !trust.checked && !trust.value.toLowerCase().includes(words);
    }
  });
}

function removeButton(text, remove) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-right-2 nhsuk-u-margin-bottom-2 search-tag";
  const hidden = document.createElement("span");
  hidden.className = "nhsuk-u-visually-hidden";
  hidden.textContent = "Remove filter: ";
  button.append(hidden, `${text} ×`);
  button.addEventListener("click", remove);
  return button;
}

// Each folded group's count: its choices, and how many are ticked; a group with a ticked choice unfolds.
function countGroups(form) {
  for (const group of form.querySelectorAll(".search-filter-group")) {
    const count = group.querySelector(".search-filter-count");
    const ticked = group.querySelectorAll("input[type=checkbox]:checked").length;
    if (count) count.textContent = ticked ? `(${ticked} of ${count.dataset.choices} chosen)` : `(${count.dataset.choices})`;
    if (ticked) group.open = true;
  }
}

// The ticked filters and the place, each a button that removes it and searches again.
export function showTags(form, run) {
  countGroups(form);
  const tags = document.getElementById("search-tags");
  if (!tags) return;
  const chosen = [];
  for (const box of form.querySelectorAll("input[type=checkbox]:checked")) {
    const label = form.querySelector(`label[for="${CSS.escape(box.id)}"]`);
    chosen.push([label ? label.textContent.trim() : box.value, () => { box.checked = false; }]);
  }
  const place = form.elements.place;
  if (place && place.value.trim()) chosen.push([`Near ${place.value.trim()}`, () => { place.value = ""; }]);
  const heading = document.createElement("h3");
  heading.className = "nhsuk-heading-xs nhsuk-u-margin-bottom-2";
  heading.textContent = "Selected filters";
  const buttons = chosen.map(([text, clear]) => removeButton(text, () => {
    clear();
    run();
    document.getElementById("search-results-heading").focus(); // the button has gone: keep the keyboard user near it
  }));
  tags.replaceChildren(...(buttons.length ? [heading, ...buttons] : []));
}
