// "Show more": the link works without JavaScript; with it, the next chunk of cards is fetched
// as an HTML fragment and appended in place, and focus moves to the first new story.
(function () {
  "use strict";

  async function showMore(link) {
    const list = document.querySelector("[data-stories]");
    const nav = link.closest(".show-more");
    if (!list || !nav || link.getAttribute("aria-busy") === "true") return false;
    link.setAttribute("aria-busy", "true");
    const response = await fetch(link.href, { headers: { "X-Show-More": "1" } });
    if (!response.ok) throw new Error("HTTP " + response.status);
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    const items = Array.from(doc.querySelectorAll(".card-grid > li"));
    items.forEach(function (item) { list.appendChild(document.adoptNode(item)); });
    const nextNav = doc.querySelector(".show-more");
    nav.replaceWith(nextNav ? document.adoptNode(nextNav) : document.createElement("div"));
    const status = document.querySelector("[data-show-more-status]");
    if (status) status.textContent = items.length + " more stories loaded.";
    const first = items.length && items[0].querySelector(".card-title a");
    if (first) first.focus();
    return true;
  }

  document.addEventListener("click", function (event) {
    const link = event.target.closest("a[data-show-more]");
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    showMore(link).catch(function () {
      // Fall back to an ordinary page load if the fragment cannot be fetched.
      window.location.href = link.href;
    });
  });
})();
