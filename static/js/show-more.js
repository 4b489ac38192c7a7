// "Show more": the link works without JavaScript; with it, the next chunk is fetched as an HTML
// fragment and appended in place, and focus moves to the first new item. The link names its
// list (`data-show-more-list`, else the page's `[data-stories]`).
//
// The address stays the page's own (a reader's "?before=" page would show only the last
// chunk); what was loaded is kept in history.state with the scroll position, so Back to this
// page, after opening a story, shows the same stories at the same place.
(function () {
  "use strict";

  function listOf(link) {
    return link.dataset.showMoreList || "[data-stories]";
  }

  function remember(key, list, nav) {
    const state = Object.assign({}, window.history.state);
    state.showMore = Object.assign({}, state.showMore);
    state.showMore[key] = { items: list.innerHTML, nav: nav.innerHTML };
    state.scrollY = window.scrollY;
    window.history.replaceState(state, "");
  }

  async function showMore(link) {
    const key = listOf(link);
    const list = document.querySelector(key);
    const nav = link.closest("nav");
    if (!list || !nav || link.getAttribute("aria-busy") === "true") return false;
    link.setAttribute("aria-busy", "true");
    const response = await fetch(link.href, { headers: { "X-Show-More": "1" } });
    if (!response.ok) throw new Error("HTTP " + response.status);
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    const chunk = doc.querySelector("ol");
    const items = chunk ? Array.from(chunk.children) : [];
    items.forEach(function (item) { list.appendChild(document.adoptNode(item)); });
    // The nav stays where it is (Back finds it again); only its link changes.
    const nextNav = doc.querySelector("nav");
    nav.replaceChildren.apply(nav, nextNav ? Array.from(nextNav.childNodes).map(function (node) {
      return document.adoptNode(node);
    }) : []);
    remember(key, list, nav);
    const status = document.querySelector("[data-show-more-status]");
    if (status) {
      const more = "%(count)s more loaded.";
      status.textContent = window.NewsroomText
        ? window.NewsroomText.plural(items.length, String(items.length), more, more)
        : items.length + " more loaded.";
    }
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

  // Back to a page whose lists had grown: put back what was loaded, then the scroll position.
  function restore() {
    const state = window.history.state;
    const entry = performance.getEntriesByType("navigation")[0];
    if (!state || !state.showMore || !entry || entry.type !== "back_forward") return;
    Object.keys(state.showMore).forEach(function (key) {
      const list = document.querySelector(key);
      const link = Array.from(document.querySelectorAll("a[data-show-more]")).find(function (a) {
        return listOf(a) === key;
      });
      if (!list || !link) return;
      list.innerHTML = state.showMore[key].items;
      link.closest("nav").innerHTML = state.showMore[key].nav;
    });
    if (typeof state.scrollY === "number") {
      const y = state.scrollY;
      window.history.scrollRestoration = "manual";
      window.scrollTo(0, y);
      window.addEventListener("load", function () {
        if (window.scrollY !== y) window.scrollTo(0, y);
      }, { once: true });
    }
  }

  // Where the reader is, for Back (only on a page whose lists grew).
  let pending = false;
  window.addEventListener("scroll", function () {
    if (pending || !window.history.state || !window.history.state.showMore) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      const state = Object.assign({}, window.history.state, { scrollY: window.scrollY });
      window.history.replaceState(state, "");
    });
  }, { passive: true });

  document.addEventListener("click", function (event) {
    const link = event.target.closest("a[data-show-more]");
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    showMore(link).catch(function () {
      // Fall back to an ordinary page load if the fragment cannot be fetched.
      window.location.href = link.href;
    });
  });

  restore();
})();
