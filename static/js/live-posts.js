// A live story's new posts: while the page is visible it asks /news/<slug>/posts/ for posts
// newer than the newest shown (a conditional GET, so no news is a 304), offers "N new posts",
// and on click inserts them at the top of the timeline. The reader's place never jumps: when
// the timeline's top is above the window, the page scrolls by exactly what was inserted.
(function () {
  "use strict";

  const list = document.querySelector("[data-live-posts-url]");
  if (!list || !window.fetch || !window.DOMParser) return;

  const interval = Math.max(1, Number(list.dataset.liveInterval) || 60) * 1000;
  // The page keeps the reader's place itself (below), the same in every browser: the
  // browser's own scroll anchoring would add its correction to ours.
  document.documentElement.style.overflowAnchor = "none";
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
    const url = list.dataset.livePostsUrl + "?since=" + encodeURIComponent(asked);
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok || asked !== since) return;
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    const update = doc.querySelector("[data-live-count]");
    const count = update ? Number(update.dataset.liveCount) : 0;
    if (!count) return;
    pending = update;
    const plus = update.dataset.liveMore === "true" ? "+" : "";
    button.textContent = count + plus + (count === 1 ? " new post" : " new posts");
    button.hidden = false;
  }

  function schedule() {
    clearTimeout(timer);
    if (document.visibilityState === "visible") timer = setTimeout(tick, interval);
  }

  function tick() {
    poll().catch(function () { /* Offline or a deploy: try again next time. */ }).finally(schedule);
  }

  function insertPending() {
    if (!pending) return;
    // Keep whatever the reader is looking at where it is on the screen.
    const anchor = list.firstElementChild;
    const before = anchor ? anchor.getBoundingClientRect().top : 0;
    const items = Array.from(pending.querySelectorAll(".live-posts > li"));
    items.slice().reverse().forEach(function (item) {
      const id = item.firstElementChild && item.firstElementChild.id;
      if (id && document.getElementById(id)) return; // already shown
      list.insertBefore(document.importNode(item, true), list.firstChild);
    });
    since = pending.dataset.liveNewest;
    pending = null;
    button.hidden = true;
    if (anchor && list.getBoundingClientRect().top < 0) {
      window.scrollBy(0, anchor.getBoundingClientRect().top - before);
    } else {
      const first = list.querySelector(".live-post");
      if (first) {
        first.setAttribute("tabindex", "-1");
        first.focus({ preventScroll: true });
      }
    }
    tick();
  }

  button.addEventListener("click", insertPending);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") tick();
    else clearTimeout(timer);
  });
  schedule();
})();
