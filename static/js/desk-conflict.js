// When someone else saves the story this form edits, the form says so at once ("Olena
// Marchenko saved this story at 14:05": desk-presence.js hears the story's version with each
// heartbeat) and offers their version beside yours: "Compare with yours" autosaves this form's
// text, then puts the side-by-side view (includes/conflict.html) above the form. Nothing is
// lost on the way: the form stays as it is until a choice is put in it.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  const form = document.getElementById("article_form");
  const notice = document.getElementById("story-elsewhere");
  const slot = document.getElementById("story-conflict-slot");
  if (!form || !notice || !slot || !form.dataset.conflictUrl) return;
  const version = form.querySelector("[name=base_version]");
  const text = notice.querySelector("[data-elsewhere-text]");
  const compare = notice.querySelector("[data-compare]");
  let announced = 0;

  form.addEventListener("desk:story-saved", function (event) {
    const story = event.detail;
    const mine = version ? Number(version.value) : 0;
    if (!mine || story.version <= mine || story.version === announced) return;
    announced = story.version;
    const who = story.saved_by === "you" ? "You saved this story in another window" : story.saved_by + " saved this story";
    text.textContent = who + " at " + story.saved_at + ".";
    notice.hidden = false;
  });

  compare.addEventListener("click", async function () {
    compare.disabled = true;
    const label = compare.textContent;
    compare.textContent = "Comparing…";
    try {
      if (form.deskAutosave) await form.deskAutosave.now();
      const response = await fetch(form.dataset.conflictUrl, {
        credentials: "same-origin",
        headers: { "Accept": "text/html" },
      });
      if (!response.ok) throw new Error("HTTP " + response.status);
      // Our own template, drawn by the server with every value escaped.
      slot.innerHTML = await response.text();
      const view = document.getElementById("story-conflict");
      if (view) {
        view.scrollIntoView({ block: "start" });
        view.focus({ preventScroll: true });
      }
    } catch (error) {
      text.textContent += " Could not compare just now: try again.";
    } finally {
      compare.disabled = false;
      compare.textContent = label;
    }
  });
});
