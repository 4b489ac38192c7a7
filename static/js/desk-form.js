// The story form (templates/admin/articles/article/change_form.html): warns before leaving
// with unsaved changes, keeps the social-card preview in step with the headline and
// standfirst, and lets bylines be dragged (or moved with the arrow keys) into order.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  const form = document.getElementById("article_form");
  if (!form) return;

  // Leaving with unsaved changes: the browser asks first. Autosave keeps a copy on the
  // server too, but the story itself changes only when the form is saved.
  let dirty = form.hasAttribute("data-restored");
  let submitting = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { submitting = true; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty && !submitting) event.preventDefault();
  });

  // The social card and search result follow the headline, standfirst and slug as typed.
  const siteUrl = form.dataset.siteUrl || "";
  function show(name, text) {
    form.querySelectorAll('[data-card="' + name + '"]').forEach(function (el) {
      el.textContent = text;
    });
  }
  const title = document.getElementById("id_title");
  const dek = document.getElementById("id_dek");
  const slug = document.getElementById("id_slug");
  if (title) {
    title.addEventListener("input", function () { show("title", title.value || "Your headline"); });
    // A headline is one line, even in a textarea that wraps it: Enter moves on to the standfirst.
    title.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();
      if (dek) dek.focus();
    });
  }
  if (dek) dek.addEventListener("input", function () { show("dek", dek.value); });
  if (slug) slug.addEventListener("input", function () {
    show("url", siteUrl.replace(/[^/]*\/$/, (slug.value || "…") + "/"));
  });

  // Bylines: each row gets a handle; dragging it (or pressing ↑/↓ on it) moves the row, and
  // the hidden position fields are renumbered in the order shown.
  const group = document.getElementById("bylines-group");
  if (!group || !group.querySelector('input[name$="-position"]')) return;
  const tbody = group.querySelector("tbody");
  let dragged = null;

  function rows() {
    return Array.from(tbody.querySelectorAll("tr.form-row:not(.empty-form)"));
  }
  function renumber() {
    // Only rows with an author count; an empty extra row keeps its untouched value, or Django
    // would take it for a byline being added and ask for its author.
    let next = 0;
    rows().forEach(function (row) {
      const position = row.querySelector('input[name$="-position"]');
      const author = row.querySelector('select[name$="-author"]');
      if (!position) return;
      position.value = author && author.value ? next++ : position.defaultValue;
    });
  }
  function addHandle(row) {
    const cell = row.querySelector("td.original");
    if (!cell || cell.querySelector(".byline-handle")) return;
    const handle = document.createElement("button");
    handle.type = "button";
    handle.className = "byline-handle";
    handle.textContent = "⠿";
    handle.setAttribute("aria-label", "Move this byline (drag, or use the arrow keys)");
    handle.addEventListener("mousedown", function () { row.draggable = true; });
    handle.addEventListener("keydown", function (event) {
      const list = rows();
      const index = list.indexOf(row);
      if (event.key === "ArrowUp" && index > 0) {
        list[index - 1].before(row);
      } else if (event.key === "ArrowDown" && index < list.length - 1) {
        list[index + 1].after(row);
      } else {
        return;
      }
      event.preventDefault();
      handle.focus();
      renumber();
      dirty = true;
    });
    cell.prepend(handle);
    row.addEventListener("dragstart", function (event) {
      dragged = row;
      row.classList.add("byline-dragging");
      event.dataTransfer.effectAllowed = "move";
    });
    row.addEventListener("dragend", function () {
      row.draggable = false;
      row.classList.remove("byline-dragging");
      dragged = null;
      renumber();
    });
    row.addEventListener("dragover", function (event) {
      if (!dragged || dragged === row) return;
      event.preventDefault();
      const box = row.getBoundingClientRect();
      if (event.clientY < box.top + box.height / 2) row.before(dragged);
      else row.after(dragged);
      dirty = true;
    });
  }
  rows().forEach(addHandle);
  document.addEventListener("formset:added", function (event) {
    if (event.detail && event.detail.formsetName === "bylines") {
      addHandle(event.target);
      renumber();
    }
  });
  form.addEventListener("submit", renumber);
});
