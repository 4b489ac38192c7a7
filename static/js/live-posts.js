// A live story's new posts: static/js/poller.js asks /news/<slug>/posts/ for posts newer than
// the newest shown and offers "N new posts"; on click they go in at the top of the timeline.
// As soon as an answer arrives, the key-events list becomes the story's as it stands (new key
// events, posts marked as one since, edits) and the header's "Updated" time moves on to the
// posts' last change; a key event's link to a post not shown yet inserts the waiting posts
// first. The reader's place never jumps: when what grew is above the window, the page scrolls
// by exactly what was inserted.
(function () {
  "use strict";

  const list = document.querySelector("[data-live-posts-url]");
  if (!list || !window.NewsroomLivePoller) return;

  // The page keeps the reader's place itself (below), the same in every browser: the
  // browser's own scroll anchoring would add its correction to ours.
  document.documentElement.style.overflowAnchor = "none";

  const keyEvents = document.getElementById("key-events");
  const updated = document.querySelector("[data-live-updated]");
  let poller = null;

  function arrived(update) {
    const answer = update.querySelector(".live-key-events");
    if (keyEvents && answer) {
      // The list as it stands now: new key events, a post marked as one since, a new headline,
      // one deleted. What follows the list stays where it is on the screen if the reader is
      // past it.
      const nav = keyEvents.closest("nav");
      const next = nav.nextElementSibling;
      const before = next ? next.getBoundingClientRect().top : 0;
      const items = Array.from(answer.children).map(function (item) {
        const copy = document.importNode(item, true);
        const link = copy.querySelector("a");
        const id = link && (link.getAttribute("href") || "").split("#")[1];
        // Shown on this page, or waiting behind "N new posts": followed here.
        if (id && (document.getElementById(id) || update.querySelector('[id="' + id + '"]'))) {
          link.setAttribute("href", "#" + id);
        }
        return copy;
      });
      keyEvents.replaceChildren.apply(keyEvents, items);
      nav.hidden = !items.length;
      if (next && before < 0) window.scrollBy(0, next.getBoundingClientRect().top - before);
    }
    // Forward only: the page's own time may be the story's later change.
    const time = update.querySelector(".live-updated");
    const when = time && time.getAttribute("datetime");
    if (updated && when && Date.parse(when) > Date.parse(updated.getAttribute("datetime"))) {
      updated.setAttribute("datetime", when);
      updated.textContent = time.textContent;
    }
  }

  // A key event that arrived before its post was shown: show the waiting posts, then follow it.
  if (keyEvents) {
    keyEvents.addEventListener("click", function (event) {
      const link = event.target.closest("a");
      const href = link && link.getAttribute("href");
      if (href && href.charAt(0) === "#" && !document.getElementById(href.slice(1)) && poller) {
        poller.insert();
      }
    });
  }

  function insert(update) {
    // Keep whatever the reader is looking at where it is on the screen.
    const anchor = list.firstElementChild;
    const before = anchor ? anchor.getBoundingClientRect().top : 0;
    const items = Array.from(update.querySelectorAll(".live-posts > li"));
    items.slice().reverse().forEach(function (item) {
      const id = item.firstElementChild && item.firstElementChild.id;
      if (id && document.getElementById(id)) return; // already shown
      list.insertBefore(document.importNode(item, true), list.firstChild);
    });
    return function () {
      if (anchor && list.getBoundingClientRect().top < 0) {
        window.scrollBy(0, anchor.getBoundingClientRect().top - before);
      } else {
        const first = list.querySelector(".live-post");
        if (first) {
          first.setAttribute("tabindex", "-1");
          first.focus({ preventScroll: true });
        }
      }
    };
  }

  poller = window.NewsroomLivePoller.start(list, {
    url: list.dataset.livePostsUrl, one: "%(count)s new post", many: "%(count)s new posts",
    insert: insert, arrived: arrived,
  });
})();
