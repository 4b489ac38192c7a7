// Autosave: while someone types, the story form sends its text to the server as their working
// copy (articles/working_copies.py): 3 s after the last keystroke, at least every 10 s during
// long typing, and when the tab is hidden or closed (sendBeacon). A new story becomes a draft
// on its first headline; the page then moves to the draft's address without reloading.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  const form = document.getElementById("article_form");
  if (!form || !form.dataset.autosaveUrl) return;
  const FIELDS = ["title", "dek", "body", "lead_image_caption", "tags"];
  const QUIET_MS = 3000;
  const LONGEST_MS = 10000;
  const status = document.getElementById("story-saved");
  const csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  let url = form.dataset.autosaveUrl;
  let creating = !/\/\d+\/autosave\/$/.test(url);
  let changed = form.hasAttribute("data-restored");
  let pendingSince = changed ? Date.now() : 0;
  let timer = null;
  let busy = false;
  let stopped = false;
  let resubmit = null;

  function say(text) { if (status) status.textContent = text; }

  function payload() {
    const data = new FormData(form);
    const fields = {};
    FIELDS.forEach(function (name) {
      const value = data.get(name);
      if (typeof value === "string") fields[name] = value;
    });
    const version = form.querySelector("[name=base_version]");
    return { fields: fields, base_version: version && version.value ? Number(version.value) : null };
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
    const slug = document.getElementById("id_slug");
    if (slug) {
      slug.value = story.slug;
      slug.dispatchEvent(new Event("change", { bubbles: true }));  // stops prepopulating
    }
  }

  async function save() {
    timer = null;
    if (!changed || stopped) return;
    if (busy) { schedule(); return; }
    busy = true;
    changed = false;
    pendingSince = 0;
    say("Saving…");
    try {
      const response = await fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify(payload()),
      });
      if (response.status === 403) {
        stopped = true;
        say("Not autosaved: you cannot edit this story.");
        return;
      }
      if (!response.ok) throw new Error("HTTP " + response.status);
      const result = await response.json();
      if (result.created) became(result);
      say("Autosaved " + result.saved_at_label);
    } catch (error) {
      changed = true;
      pendingSince = pendingSince || Date.now();
      say("Not saved yet: retrying…");
      timer = setTimeout(save, QUIET_MS);
    } finally {
      busy = false;
      if (resubmit) {
        // Saved while the draft was being made: send the form to the draft, not a second one.
        const button = resubmit;
        resubmit = null;
        if (button === true) form.requestSubmit();
        else form.requestSubmit(button);
      }
    }
  }

  function flush() {
    // The page may be going away: hand what is left to the browser to deliver.
    if (!changed || stopped || (creating && busy)) return;
    const data = new FormData();
    data.append("csrfmiddlewaretoken", csrf);
    data.append("payload", JSON.stringify(payload()));
    if (navigator.sendBeacon(url, data)) changed = false;
  }

  form.addEventListener("input", function () {
    if (!changed) pendingSince = Date.now();
    changed = true;
    schedule();
  });
  form.addEventListener("submit", function (event) {
    if (creating && busy) {
      event.preventDefault();
      resubmit = event.submitter || true;
      return;
    }
    stopped = true;
    clearTimeout(timer);
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") flush();
  });
  window.addEventListener("pagehide", flush);
  if (changed) schedule();
});
