// The home page on a phone: the front page or the News Feed, one at a time (site.css shows
// both side by side on a wider screen). Without this script the News Feed tab is a link to
// the News Feed page. The tab shown is kept in history.state, so Back returns to it.
(function () {
  "use strict";

  const layout = document.querySelector("[data-home]");
  if (!layout) return;
  const tabs = Array.from(layout.querySelectorAll("[data-home-tab]"));

  function show(name, moveFocus) {
    layout.dataset.tab = name;
    tabs.forEach(function (tab) {
      if (tab.dataset.homeTab === name) tab.setAttribute("aria-current", "true");
      else tab.removeAttribute("aria-current");
    });
    const state = Object.assign({}, window.history.state, { homeTab: name });
    window.history.replaceState(state, "");
    if (!moveFocus) return;
    const target = name === "feed"
      ? layout.querySelector("#news-feed-heading")
      : layout.querySelector(".listing-top");
    if (target) {
      target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: true });
      layout.scrollIntoView({ block: "start" });
    }
  }

  tabs.forEach(function (tab) {
    tab.addEventListener("click", function (event) {
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      show(tab.dataset.homeTab, true);
    });
  });
  const kept = window.history.state && window.history.state.homeTab;
  if (kept === "feed") show("feed", false);
})();
