// Presence: the story form checks in every 10 s and shows who else has the story open
// ("Olena is editing this story"), so colleagues talk before they conflict. A closed tab simply
// stops checking in and fades from the others' forms within half a minute.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  const form = document.getElementById("article_form");
  const note = document.getElementById("story-presence");
  if (!form || !note || !form.dataset.presenceUrl) return;
  const url = form.dataset.presenceUrl;
  const csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  const EVERY_MS = 10000;

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
        body: "{}",
      });
      if (response.ok) render((await response.json()).others || []);
    } catch (error) {
      // Offline for a moment: the next beat tries again.
    }
  }

  setInterval(beat, EVERY_MS);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") beat();
  });
});
