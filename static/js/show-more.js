// "Show more": the link works without JavaScript; with it, the next chunk is fetched as an HTML
// fragment and appended in place, and focus moves to the first new item. The link names its
// list (`data-show-more-list`, else the page's `[data-stories]`). When the link continues this
// page, the address becomes it (history.replaceState), so a reload or a shared link opens
// where the reader is.
(function () {
  "use strict";

  async function showMore(link) {
    const list = document.querySelector(link.dataset.showMoreList || "[data-stories]");
    const nav = link.closest("nav");
    if (!list || !nav || link.getAttribute("aria-busy") === "true") return false;
    link.setAttribute("aria-busy", "true");
    const response = await fetch(link.href, { headers: { "X-Show-More": "1" } });
    if (!response.ok) throw new Error("HTTP " + response.status);
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    const chunk = doc.querySelector("ol");
    const items = chunk ? Array.from(chunk.children) : [];
    items.forEach(function (item) { list.appendChild(document.adoptNode(item)); });
    const nextNav = doc.querySelector("nav");
    nav.replaceWith(nextNav ? document.adoptNode(nextNav) : document.createElement("div"));
    const target = new URL(link.href, window.location.href);
    if (window.history && target.pathname === window.location.pathname) {
      window.history.replaceState(null, "", target.pathname + target.search);
    }
    const status = document.querySelector("[data-show-more-status]");
    if (status) status.textContent = items.length + " more loaded.";
    const first = items.length && (
      items[0].querySelector(".card-title a") || items[0].querySelector(".live-post") ||
      items[0].querySelector("a")
    );
    if (first) {
      if (!first.matches("a")) first.setAttribute("tabindex", "-1");
      first.focus();
    }
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
