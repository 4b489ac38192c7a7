// Comments for the desk, without leaving the story: a comment or reply is posted with fetch
// and the answer (the new comment, drawn by the server) goes in its place. The story form
// keeps every word typed in it; a failed post keeps the comment's text too.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  const section = document.getElementById("desk-comments");
  if (!section || !window.fetch) return;

  function fragment(html) {
    const template = document.createElement("template");
    template.innerHTML = html;
    return template.content;
  }

  function complain(form, text) {
    let line = form.querySelector(".desk-comment-error");
    if (!line) {
      line = document.createElement("p");
      line.className = "desk-comment-error";
      line.setAttribute("role", "alert");
      form.appendChild(line);
    }
    line.textContent = text;
    line.hidden = !text;
  }

  section.addEventListener("submit", async function (event) {
    const form = event.target;
    if (!form.matches("[data-desk-comment]")) return;
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    if (button.disabled) return;
    button.disabled = true;
    complain(form, "");
    try {
      const response = await fetch(form.action, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Accept": "application/json" },
        body: new FormData(form),
      });
      const answer = await response.json().catch(function () { return {}; });
      if (!response.ok) {
        complain(form, answer.error || "Not posted: try again.");
        return;
      }
      const added = fragment(answer.html);
      if (answer.thread) {
        const thread = document.getElementById("comment-" + answer.thread);
        thread.querySelector(".desk-reply-form").before(added);
        form.closest("details").open = false;
      } else {
        const empty = section.querySelector("[data-no-comments]");
        if (empty) empty.remove();
        section.querySelector(".desk-comment-form").before(added);
      }
      form.reset();
      const shown = document.getElementById("comment-" + answer.id);
      if (shown) shown.classList.add("desk-comment-new");
    } catch (error) {
      complain(form, "Not posted (no connection?): your comment is still here, try again.");
    } finally {
      button.disabled = false;
    }
  });
});
