// Presence: the story form checks in every 5 s and shows who else has the story open
// ("Olena is editing this story"), so colleagues talk before they conflict. Closing or leaving
// the page checks out at once (a beacon on pagehide); a crashed tab fades within 15 s.
// Each answer also carries the story's saved version: the form announces it to the page as a
// "desk:story-saved" event (desk-conflict.js says who saved and offers both versions).
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  const form = document.getElementById("article_form");
  const note = document.getElementById("story-presence");
  if (!form || !note || !form.dataset.presenceUrl) return;
  const url = form.dataset.presenceUrl;
  const page = form.dataset.deskPage || "";
  const csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  const EVERY_MS = 5000;

  function render(names) {
    if (!names.length) {
      note.hidden = true;
      note.textContent = "";
      return;
    }
    note.textContent = names.join(", ") + (names.length > 1 ? " are" : " is") + " editing this story.";
    note.hidden = false;
  }

  async function beat() {
    if (document.visibilityState === "hidden") return;
    try {
      const response = await fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify({ page: page }),
      });
      if (!response.ok) return;
      const answer = await response.json();
      render(answer.others || []);
      if (answer.story) form.dispatchEvent(new CustomEvent("desk:story-saved", { detail: answer.story }));
    } catch (error) {
      // Offline for a moment: the next beat tries again.
    }
  }

  function leave() {
    const data = new FormData();
    data.append("csrfmiddlewaretoken", csrf);
    data.append("payload", JSON.stringify({ page: page, leaving: true }));
    navigator.sendBeacon(url, data);
  }

  setInterval(beat, EVERY_MS);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") beat();
  });
  window.addEventListener("pagehide", leave);
  // Back from the browser's page cache: check in again at once.
  window.addEventListener("pageshow", function (event) { if (event.persisted) beat(); });
});
