// Autosave: while someone types, the story form sends its text to the server as their working
// copy (articles/working_copies.py): 3 s after the last keystroke, at least every 10 s during
// long typing, and when the tab is hidden or closed (sendBeacon). A new story becomes a draft
// on its first headline; the page then moves to the draft's address without reloading.
//
// Nothing typed is lost to a reload or a late beacon: when the page goes away its text is also
// written to the tab's sessionStorage, and the next page of the same story sends that first,
// then offers it back (Restore). While an offer of unsaved text stands, this page does not
// autosave over it (the server refuses too, with a 409): the person restores or discards it.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  const form = document.getElementById("article_form");
  if (!form || !form.dataset.autosaveUrl) return;
  // A new story's language goes with its first autosave, which makes the story.
  const FIELDS = ["title", "dek", "body", "lead_image_caption", "lead_image_alt", "tags", "language"];
  const QUIET_MS = 3000;
  const LONGEST_MS = 10000;
  const status = document.getElementById("story-saved");
  const offer = document.getElementById("story-restore");
  const csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  const page = form.dataset.deskPage || "";
  let url = form.dataset.autosaveUrl;
  let creating = !/\/\d+\/autosave\/$/.test(url);
  let changed = form.hasAttribute("data-restored");
  let pendingSince = changed ? Date.now() : 0;
  let timer = null;
  let busy = false;
  let stopped = false;
  let resubmit = null;
  let recovering = Promise.resolve();

  function say(text) { if (status) status.textContent = text; }
  function held() { return offer && !offer.hidden; }
  function journalKey() { return "newsroom:unsaved:" + url; }

  function payload() {
    const data = new FormData(form);
    const fields = {};
    FIELDS.forEach(function (name) {
      const value = data.get(name);
      if (typeof value === "string") fields[name] = value;
    });
    const version = form.querySelector("[name=base_version]");
    return {
      fields: fields,
      base_version: version && version.value ? Number(version.value) : null,
      page: page,
    };
  }

  function post(target, body) {
    return fetch(target, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body),
    });
  }

  function showOffer(at) {
    if (!offer) return;
    const when = offer.querySelector("[data-unsaved-at]");
    if (when) {
      if (at) when.textContent = at;
    } else {
      offer.querySelector("p").textContent = "You have unsaved changes from " + at + ".";
    }
    offer.hidden = false;
  }

  function schedule() {
    clearTimeout(timer);
    const waited = Date.now() - pendingSince;
    timer = setTimeout(save, waited >= LONGEST_MS ? 0 : QUIET_MS);
  }

  function became(story) {
    // The new story is a draft now: later saves go to it, and so does the form.
    url = story.autosave_url;
    creating = false;
    history.replaceState(history.state, "", story.change_url);
    const version = form.querySelector("[name=base_version]");
    if (version) version.value = story.version;
    // Its language is fixed now: the form no longer changes it.
    const language = document.getElementById("id_language");
    if (language) language.disabled = true;
    const slug = document.getElementById("id_slug");
    if (slug) {
      slug.value = story.slug;
      slug.dispatchEvent(new Event("change", { bubbles: true }));  // stops prepopulating
    }
  }

  async function save() {
    timer = null;
    if (!changed || stopped) return;
    if (held()) {
      say("Not autosaved: restore or discard your unsaved changes above first.");
      return;
    }
    if (busy) { schedule(); return; }
    busy = true;
    changed = false;
    pendingSince = 0;
    say("Saving…");
    try {
      const response = await post(url, payload());
      if (response.status === 403) {
        stopped = true;
        say("Not autosaved: you cannot edit this story.");
        return;
      }
      if (response.status === 409) {
        // Another page's unsaved text is on the server: offer it, and keep this text here.
        changed = true;
        showOffer((await response.json()).unsaved_at);
        say("Not autosaved: restore or discard your unsaved changes above first.");
        return;
      }
      if (!response.ok) throw new Error("HTTP " + response.status);
      const result = await response.json();
      if (result.created) became(result);
      if (!changed) sessionStorage.removeItem(journalKey());
      say("Autosaved " + result.saved_at_label);
    } catch (error) {
      changed = true;
      pendingSince = pendingSince || Date.now();
      say("Not saved yet: retrying…");
      timer = setTimeout(save, QUIET_MS);
    } finally {
      busy = false;
      if (resubmit) {
        // Saved while an autosave was on its way: send the form now, to the same story.
        const button = resubmit;
        resubmit = null;
        if (button === true) form.requestSubmit();
        else form.requestSubmit(button);
      }
    }
  }

  function flush() {
    // The page may be going away: hand what is left to the browser to deliver, and keep it in
    // the tab too, for the next page to send if the beacon arrives after it asked.
    if (!changed || stopped || held() || (creating && busy)) return;
    const body = payload();
    if (!creating) {
      try {
        sessionStorage.setItem(journalKey(), JSON.stringify(body));
      } catch (error) {
        // Storage full or off: the beacon still goes.
      }
    }
    const data = new FormData();
    data.append("csrfmiddlewaretoken", csrf);
    data.append("payload", JSON.stringify(body));
    if (navigator.sendBeacon(url, data)) changed = false;
  }

  async function recover() {
    // Text the last page of this story left in the tab: make sure the server has it (its beacon
    // may still be on the way), then offer it back.
    if (creating || form.hasAttribute("data-restored")) return;
    let left = null;
    try {
      left = JSON.parse(sessionStorage.getItem(journalKey()) || "null");
    } catch (error) {
      return;
    }
    if (!left || !left.fields) return;
    try {
      const response = await post(url, left);
      if (response.status === 409) {
        showOffer((await response.json()).unsaved_at);
        return;
      }
      if (!response.ok) return;
      sessionStorage.removeItem(journalKey());
      const result = await response.json();
      if (result.unsaved) showOffer(result.saved_at_label);
    } catch (error) {
      // Offline: the journal stays for the next page.
    }
  }

  async function discard(button) {
    const response = await fetch(button.formAction, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf },
    });
    if (!response.ok) throw new Error("HTTP " + response.status);
    offer.hidden = true;
    sessionStorage.removeItem(journalKey());
    say("Unsaved changes discarded.");
    if (changed) schedule();
  }

  form.addEventListener("input", function () {
    if (!changed) pendingSince = Date.now();
    changed = true;
    schedule();
  });
  form.addEventListener("submit", function (event) {
    if (busy) {
      event.preventDefault();
      resubmit = event.submitter || true;
      return;
    }
    stopped = true;
    clearTimeout(timer);
    sessionStorage.removeItem(journalKey());
  });
  if (offer) {
    const restore = offer.querySelector("[data-restore]");
    const discardButton = offer.querySelector("[data-discard]");
    if (restore) restore.addEventListener("click", function (event) {
      // Restore opens the newest text: wait until the tab's leftover has reached the server.
      event.preventDefault();
      recovering.finally(function () { window.location.assign(restore.href); });
    });
    if (discardButton) discardButton.addEventListener("click", function (event) {
      event.preventDefault();
      discard(discardButton).catch(function () { say("Not discarded: try again."); });
    });
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") flush();
  });
  window.addEventListener("pagehide", flush);

  // For desk-conflict.js, which compares this form's text with the story and then leaves the
  // page with the choices made from it.
  form.deskAutosave = {
    // Save the form's text now, changed or not.
    now: async function () {
      await recovering;
      clearTimeout(timer);
      changed = true;
      while (busy) await new Promise(function (done) { setTimeout(done, 100); });
      await save();
      return !changed;
    },
    // Typed since the last autosave (or one is on its way)?
    pending: function () { return changed || busy; },
    // The page is leaving with choices made from the saved text: sending this form's text as
    // it goes would put it back over them.
    stop: function () {
      stopped = true;
      clearTimeout(timer);
      sessionStorage.removeItem(journalKey());
    },
  };

  recovering = recover();
  if (changed) schedule();
});
