// The live News Feed: while the home page is visible it asks /live/ for stories newer than the
// newest one shown (a conditional GET, so an unchanged feed is a 304), offers "N new stories",
// and on click inserts them at the top of the list and of the News Feed rail. Without
// JavaScript the page is the same, just without the button.
(function () {
  "use strict";

  const list = document.querySelector("[data-live-url]");
  if (!list || !window.fetch || !window.DOMParser) return;

  const interval = Math.max(1, Number(list.dataset.liveInterval) || 60) * 1000;
  let since = list.dataset.liveSince;
  let pending = null;
  let timer = null;

  const region = document.createElement("div");
  region.className = "live-notice";
  region.setAttribute("aria-live", "polite");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button";
  button.hidden = true;
  region.appendChild(button);
  list.parentNode.insertBefore(region, list);

  async function poll() {
    const asked = since;
    const url = list.dataset.liveUrl + "?since=" + encodeURIComponent(asked);
    const response = await fetch(url, { credentials: "same-origin" });
    // A click may have moved the feed on while this was in flight.
    if (!response.ok || asked !== since) return;
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    const update = doc.querySelector("[data-live-count]");
    const count = update ? Number(update.dataset.liveCount) : 0;
    if (!count) return;
    pending = update;
    const plus = update.dataset.liveMore === "true" ? "+" : "";
    button.textContent = count + plus + (count === 1 ? " new story" : " new stories");
    button.hidden = false;
  }

  function schedule() {
    clearTimeout(timer);
    if (document.visibilityState === "visible") timer = setTimeout(tick, interval);
  }

  function tick() {
    poll().catch(function () { /* Offline or a deploy: try again next time. */ }).finally(schedule);
  }

  function prepend(target, nodes) {
    const anchor = target.firstChild;
    nodes.forEach(function (node) { target.insertBefore(node.cloneNode(true), anchor); });
  }

  function insertPending() {
    if (!pending) return;
    const cards = Array.from(pending.querySelectorAll(".card-grid > li"));
    prepend(list, cards);
    const lines = Array.from(pending.querySelectorAll(".feed-items > li"));
    const updated = pending.querySelector(".live-updated");
    document.querySelectorAll(".news-feed").forEach(function (feed) {
      const items = feed.querySelector(".feed-items");
      if (items) {
        items.querySelectorAll("li.empty").forEach(function (li) { li.remove(); });
        prepend(items, lines);
      }
      const shown = feed.querySelector(".updated");
      if (shown && updated) {
        const time = updated.cloneNode(true);
        time.removeAttribute("class");
        shown.replaceChildren("(Updated: ", time, ")");
      }
    });
    since = pending.dataset.liveNewest;
    pending = null;
    button.hidden = true;
    const first = list.querySelector(".card-title a");
    if (first) first.focus();
    tick();
  }

  button.addEventListener("click", insertPending);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") tick();
    else clearTimeout(timer);
  });
  schedule();
})();
