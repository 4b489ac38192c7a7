// The "Ready to publish?" ticks follow the form as it is filled in
// (templates/admin/articles/article/includes/checklist.html): a typed headline is ticked at
// once, not on the next save. Each tick's data-check names what it reads, mirroring
// articles.workflow.publish_checklist; the server's list, shown after every save, stays the
// authority. Ticks whose field is not on the page (a read-only story) are left as served.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  const form = document.getElementById("article_form");
  const box = document.querySelector("[data-checklist]");
  if (!form || !box) return;

  function field(name) {
    return form.elements.namedItem(name);
  }
  function hasText(name) {
    const input = field(name);
    if (!input || typeof input.value !== "string") return null;
    return input.value.trim() !== "";
  }
  function bodyHasText() {
    // The body editor keeps its HTML in the field; the words are what count.
    const input = field("body");
    if (!input || typeof input.value !== "string") return null;
    const doc = new DOMParser().parseFromString(input.value, "text/html");
    return doc.body.textContent.trim() !== "";
  }
  function hasByline() {
    const authors = form.querySelectorAll('select[name^="bylines-"][name$="-author"]');
    if (!authors.length) return null;
    return Array.from(authors).some(function (select) {
      if (select.name.indexOf("__prefix__") !== -1 || !select.value) return false;
      const removed = form.querySelector('[name="' + select.name.replace(/-author$/, "-DELETE") + '"]');
      return !(removed && removed.checked);
    });
  }
  function leadImage() {
    const input = field("lead_image");
    return input ? input.closest("[data-image-chooser]") : null;
  }
  function imageDetail(selector) {
    // Alt text and credit count only on a chosen picture (the chooser flags a missing one).
    const chooser = leadImage();
    if (!chooser) return null;
    const holder = chooser.querySelector(selector);
    return Boolean(field("lead_image").value) && Boolean(holder) && !holder.classList.contains("media-flag");
  }

  const CHECKS = {
    title: function () { return hasText("title"); },
    dek: function () { return hasText("dek"); },
    body: bodyHasText,
    byline: hasByline,
    section: function () { return hasText("section"); },
    lead_image: function () { return hasText("lead_image"); },
    // The story's own alt text (in its language) stands in for the library's.
    alt_text: function () {
      return imageDetail("[data-chooser-alt]") || (hasText("lead_image") && hasText("lead_image_alt"));
    },
    credit: function () { return imageDetail("[data-chooser-credit]"); },
  };

  function tick(item, done) {
    item.classList.toggle("done", done);
    item.classList.toggle("todo", !done);
    const mark = item.querySelector("[data-check-mark]");
    if (mark) mark.textContent = done ? "✓" : "○";
    const state = item.querySelector("[data-check-state]");
    if (state) state.textContent = done ? ": done" : ": missing";
  }

  function update() {
    box.querySelectorAll("[data-check]").forEach(function (item) {
      const check = CHECKS[item.dataset.check];
      const done = check ? check() : null;
      if (done !== null) tick(item, done);
    });
    const ready = box.querySelector("[data-checklist-ready]");
    if (ready) ready.hidden = Boolean(box.querySelector("li.todo"));
  }

  // After the event has run its course: the body editor and the image chooser write their
  // fields first and tell the page after.
  let timer = null;
  function soon() {
    clearTimeout(timer);
    timer = setTimeout(update, 50);
  }
  form.addEventListener("input", soon);
  form.addEventListener("change", soon);
  form.addEventListener("click", function (event) {
    // Removing a new byline row takes it out of the page without a change event.
    if (event.target.closest(".inline-deletelink")) soon();
  });
  document.addEventListener("formset:removed", soon);
  // The admin's autocomplete fields (section, bylines) tell only jQuery of a choice.
  if (window.django && window.django.jQuery) {
    window.django.jQuery(form).on("change select2:select select2:clear", soon);
  }
  update();
});
