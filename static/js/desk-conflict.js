// When someone else saves the story this form edits, the form says so at once ("Olena
// Marchenko saved this story at 14:05": desk-presence.js hears the story's version with each
// heartbeat) and offers their version beside yours: "Compare with yours" autosaves this form's
// text, then puts the side-by-side view (includes/conflict.html) above the form. Nothing is
// lost on the way: the form stays as it is until a choice is put in it, and words typed after
// comparing are compared again before the choices leave the page.
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
    // Both versions are already side by side, this one included: nothing new to say.
    const compared = slot.querySelector("[name=theirs_version]");
    if (compared && Number(compared.value) >= story.version) return;
    announced = story.version;
    const who = story.saved_by === "you" ? "You saved this story in another window" : story.saved_by + " saved this story";
    text.textContent = who + " at " + story.saved_at + ".";
    notice.hidden = false;
  });

  // Autosave this form's text, then draw both versions above the form.
  async function showBoth(note) {
    if (form.deskAutosave) await form.deskAutosave.now();
    const response = await fetch(form.dataset.conflictUrl, {
      credentials: "same-origin",
      headers: { "Accept": "text/html" },
    });
    if (!response.ok) throw new Error("HTTP " + response.status);
    // Our own template, drawn by the server with every value escaped.
    slot.innerHTML = await response.text();
    const view = document.getElementById("story-conflict");
    if (!view) return;
    if (note) {
      const line = document.createElement("p");
      line.className = "conflict-again";
      line.setAttribute("role", "status");
      line.textContent = note;
      view.querySelector("h2").after(line);
    }
    notice.hidden = true;
    view.scrollIntoView({ block: "start" });
    view.focus({ preventScroll: true });
  }

  compare.addEventListener("click", async function () {
    compare.disabled = true;
    const label = compare.textContent;
    compare.textContent = "Comparing…";
    try {
      await showBoth("");
    } catch (error) {
      text.textContent += " Could not compare just now: try again.";
    } finally {
      compare.disabled = false;
      compare.textContent = label;
    }
  });

  // The choices are made from the text compared. Words typed in the form since then are not in
  // it: compare again with them rather than leave them behind.
  slot.addEventListener("submit", async function (event) {
    if (!event.target.matches(".conflict-form") || !form.deskAutosave) return;
    if (!form.deskAutosave.pending()) {
      form.deskAutosave.stop();
      return;
    }
    event.preventDefault();
    try {
      await showBoth("You typed on since you compared: here are both versions again, with your newest text.");
    } catch (error) {
      text.textContent = "Could not compare just now: try again.";
      notice.hidden = false;
    }
  });
});
