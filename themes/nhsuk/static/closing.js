/* Adverts close on time between daily builds: this compares each advert's closing time, put in the markup by the
   build, with the reader's clock. A closed advert leaves the listings and its page loses the apply link; on its
   closing day "Closes today" replaces "Closing soon". Without JavaScript the page stays as built, and the next
   build remains the source of truth. Markup it reads:
     li.card[data-closes]      a card in a list of open adverts: dropped once closed
     [data-open-count]         "N open vacancies": lowered by the cards dropped on this page
     [data-status-closes]      an advert page's status line: "Closed" and its data-closed-text, or "Closes today"
     [data-apply-closes]       an apply link or section: replaced by its data-closed-text, or removed */
(function () {
  "use strict";
  // Closing times are London times: the calendar day is London's, whatever the reader's own time zone.
  const day = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" });

  function state(iso, now = Date.now()) {
    const at = Date.parse(iso);
    if (Number.isNaN(at)) return "open";
    if (now > at) return "closed";  // as the build has it: open up to and including the closing minute
    return day.format(at) === day.format(now) ? "today" : "open";
  }

  function tag(colour, className, text) {
    const node = document.createElement("strong");
    node.className = `nhsuk-tag nhsuk-tag--${colour} tag ${className}`;
    node.textContent = text;
    return node;
  }

  function closesToday(root) {
    const soon = root.querySelector(".tag-soon");
    if (soon) {
      soon.textContent = "Closes today";
    } else {
      const time = root.querySelector("time[datetime]");
      if (time) time.after(" ", tag("orange", "tag-soon", "Closes today"));
    }
  }

  function card(item, now) {
    const when = state(item.dataset.closes, now);
    if (when === "today") closesToday(item);
    if (when !== "closed" || item.classList.contains("card-closed")) return false;
    item.remove();
    return true;
  }

  function advert(now) {
    for (const status of document.querySelectorAll("[data-status-closes]")) {
      const when = state(status.dataset.statusCloses, now);
      if (when === "today") closesToday(status);
      if (when !== "closed") continue;
      status.classList.remove("status-soon");
      status.classList.add("status-closed");
      status.replaceChildren(tag("grey", "tag-closed", "Closed"), ` ${status.dataset.closedText || "This vacancy has closed."}`);
    }
    for (const apply of document.querySelectorAll("[data-apply-closes]")) {
      if (state(apply.dataset.applyCloses, now) !== "closed") continue;
      if (apply.dataset.closedText) {
        const note = document.createElement("p");
        note.textContent = apply.dataset.closedText;
        apply.replaceWith(note);
      } else {
        apply.remove();
      }
    }
  }

  // Every advert on the page (or under root) as of now; returns how many cards it dropped.
  function sweep(root = document, now = Date.now()) {
    let dropped = 0;
    for (const item of root.querySelectorAll("li.card[data-closes]")) if (card(item, now)) dropped += 1;
    if (root === document) advert(now);
    if (root === document && dropped) {
      for (const count of document.querySelectorAll("[data-open-count]")) {
        const left = Math.max(0, Number(count.dataset.openCount) - dropped);
        count.dataset.openCount = left;
        count.textContent = `${left} open vacanc${left === 1 ? "y" : "ies"}`;
      }
    }
    return dropped;
  }

  // For the search page's own script, which renders its results after this has run.
  window.jobboardClosing = { state, sweep, isClosed: (iso, now) => state(iso, now) === "closed" };
  sweep();
  document.documentElement.dataset.closing = "checked"; // the page's signal that its adverts are as of now
})();
