// A live story's new posts: static/js/poller.js asks /news/<slug>/posts/ for posts newer than
// the newest shown and offers "N new posts"; on click they go in at the top of the timeline.
// The reader's place never jumps: when the timeline's top is above the window, the page
// scrolls by exactly what was inserted.
(function () {
  "use strict";

  const list = document.querySelector("[data-live-posts-url]");
  if (!list || !window.NewsroomLivePoller) return;

  // The page keeps the reader's place itself (below), the same in every browser: the
  // browser's own scroll anchoring would add its correction to ours.
  document.documentElement.style.overflowAnchor = "none";

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

  window.NewsroomLivePoller.start(list, {
    url: list.dataset.livePostsUrl, one: "new post", many: "new posts", insert: insert,
  });
})();
