// The polling both live pages share (the News Feed and a live story's posts): while the page
// is visible it asks `url?since=<newest shown>` every `interval` seconds (a conditional GET, so
// no news is a 304), and when the answer holds new items it offers "N new …" (`one`, `many`:
// "%(count)s new story" and its plural, in English) in a polite live region just above the
// list. A click hands the waiting update to the page's `insert`, which may return a step to run
// once the button is gone (scrolling, focus); then polling resumes. `arrived`, if given, sees
// each new answer as it comes (before any click, also one with no new item: something else in
// it may have changed); `start` returns `{ insert }`, which inserts the waiting update as the
// button would.
(function () {
  "use strict";

  function start(list, options) {
    if (!window.fetch || !window.DOMParser) return;
    const interval = Math.max(1, Number(list.dataset.liveInterval) || 60) * 1000;
    let since = list.dataset.liveSince;
    let pending = null;
    let seen = null;
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
      const url = options.url + "?since=" + encodeURIComponent(asked);
      const response = await fetch(url, { credentials: "same-origin" });
      // A click may have moved the list on while this was in flight.
      if (!response.ok || asked !== since) return;
      // The same answer again (the server's 304, which fetch shows as the stored answer).
      const etag = response.headers.get("ETag");
      if (etag && etag === seen) return;
      seen = etag;
      const doc = new DOMParser().parseFromString(await response.text(), "text/html");
      const update = doc.querySelector("[data-live-count]");
      const count = update ? Number(update.dataset.liveCount) : 0;
      if (update && options.arrived) options.arrived(update);
      pending = count ? update : null; // none waiting, if the only new one was deleted
      if (!count) {
        button.hidden = true;
        return;
      }
      const shown = count + (update.dataset.liveMore === "true" ? "+" : "");
      // In the page's language (static/js/script-text.js) where it is not English.
      button.textContent = window.NewsroomText
        ? window.NewsroomText.plural(count, shown, options.one, options.many)
        : (count === 1 ? options.one : options.many).replace("%(count)s", shown);
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
      const update = pending;
      const settle = options.insert(update);
      since = update.dataset.liveNewest;
      pending = null;
      button.hidden = true;
      if (settle) settle();
      tick();
    }

    button.addEventListener("click", insertPending);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") tick();
      else clearTimeout(timer);
    });
    schedule();
    return { insert: insertPending };
  }

  window.NewsroomLivePoller = { start: start };
})();
