// The live News Feed: static/js/poller.js asks /live/ for stories newer than the newest one
// shown and offers "N new stories"; on click they go in at the top of the list and of the
// News Feed rail. Without JavaScript the page is the same, just without the button.
(function () {
  "use strict";

  const list = document.querySelector("[data-live-url]");
  if (!list || !window.NewsroomLivePoller) return;

  function prepend(target, nodes) {
    const anchor = target.firstChild;
    nodes.forEach(function (node) { target.insertBefore(node.cloneNode(true), anchor); });
  }

  function insert(update) {
    const cards = Array.from(update.querySelectorAll(".card-grid > li"));
    prepend(list, cards);
    const lines = Array.from(update.querySelectorAll(".feed-items > li"));
    const updated = update.querySelector(".live-updated");
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
        const word = window.NewsroomText ? window.NewsroomText.text("Updated:") : "Updated:";
        shown.replaceChildren("(" + word + " ", time, ")");
      }
    });
    return function () {
      const first = list.querySelector(".card-title a");
      if (first) first.focus();
    };
  }

  window.NewsroomLivePoller.start(list, {
    url: list.dataset.liveUrl, one: "%(count)s new story", many: "%(count)s new stories",
    insert: insert,
  });
})();
