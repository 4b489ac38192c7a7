// The image chooser: a modal <dialog> over the desk page to pick a library image, search and
// filter the library, or upload a new image in place (drag and drop or a file input), describe
// it (alt text, caption, credit, focal point) and choose it, without leaving the page.
//
// API, for any desk script (the body editor's inline images and galleries use it):
//
//   window.NewsroomImageChooser.open({
//     onChoose: function (image) { ... },  // called once, after the dialog has closed
//     onCancel: function () { ... },       // optional: closed without a choice
//     multiple: true,                      // optional: pick several, in order; onChoose
//                                          // then gets an array of images
//     title: "Choose photos",              // optional: the dialog's heading
//     url: "/admin/media/image/chooser/",  // optional: see below
//   });
//
//   image = {id, title, alt_text, caption, credit, thumbnail_url, preview_url, width, height}
//     id            the media.Image primary key (what a ForeignKey to Image stores)
//     thumbnail_url the desk's staff-only preview (max 160×160 WebP); "" if it has none
//     preview_url   a larger one (max 800×800), made on its first request
//     width, height the original's size in pixels
//
// With `multiple`, a click on a picture adds it to the selection (numbered in the order of the
// clicks) or takes it out; an upload joins the selection; "Add N photos" hands them over.
//
// The chooser's address comes from `url`, else from the first [data-image-chooser-url] on the
// page (every ImageChooserWidget has one), else the default admin path. Load this file (and
// js/focal-point.js, css/image-chooser.css, css/admin-media.css: ImageChooserWidget.Media)
// on the page. Closing the dialog without a choice (Escape, the close button) calls nothing.
//
// ImageChooserWidget fields ([data-image-chooser]) are wired here too: "Choose"/"Change" opens
// the chooser and fills the hidden input and the preview; "Clear" empties them.
//
// CSP: no inline scripts or handlers; server HTML is inserted as is (Django escaped it),
// user text set through textContent only.
(function () {
  "use strict";

  const DEFAULT_URL = "/admin/media/image/chooser/";
  let dialog = null;
  let body = null;
  let current = null; // {onChoose, onCancel, url, returnFocus, multiple, selection, chosen}
  let heading = null;
  let footer = null;
  let searchTimer = null;
  let gridRequest = 0;

  function chooserUrl(options) {
    if (options && options.url) return options.url;
    const holder = document.querySelector("[data-image-chooser-url]");
    return holder ? holder.dataset.imageChooserUrl : DEFAULT_URL;
  }

  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "image-chooser";
    dialog.setAttribute("aria-labelledby", "image-chooser-heading");
    const header = document.createElement("div");
    header.className = "ic-header";
    heading = document.createElement("h2");
    heading.id = "image-chooser-heading";
    heading.textContent = "Choose an image";
    const close = document.createElement("button");
    close.type = "button";
    close.className = "ic-close";
    close.setAttribute("aria-label", "Close the image chooser");
    close.textContent = "×";
    close.addEventListener("click", function () {
      dialog.close();
    });
    header.append(heading, close);
    body = document.createElement("div");
    body.className = "ic-body";
    footer = buildFooter();
    dialog.append(header, body, footer);
    document.body.append(dialog);

    dialog.addEventListener("close", function () {
      const done = current;
      current = null;
      body.replaceChildren();
      if (done && done.returnFocus && done.returnFocus.isConnected) done.returnFocus.focus();
      if (done && done.chosen && done.onChoose) done.onChoose(done.chosen);
      else if (done && done.onCancel) done.onCancel();
    });
    dialog.addEventListener("click", onClick);
    dialog.addEventListener("submit", onSubmit);
    dialog.addEventListener("input", onInput);
    dialog.addEventListener("change", onChange);
    dialog.addEventListener("dragover", onDragOver);
    dialog.addEventListener("dragleave", onDragLeave);
    dialog.addEventListener("drop", onDrop);
  }

  function open(options) {
    options = options || {};
    if (!dialog) build();
    if (dialog.open) dialog.close();
    current = {
      onChoose: options.onChoose,
      onCancel: options.onCancel,
      url: chooserUrl(options),
      returnFocus: document.activeElement,
      multiple: Boolean(options.multiple),
      selection: [],
      chosen: null,
    };
    heading.textContent = options.title || (current.multiple ? "Choose photos" : "Choose an image");
    dialog.classList.toggle("is-multiple", current.multiple);
    footer.hidden = !current.multiple;
    showSelection();
    body.replaceChildren(message("Loading the image library…"));
    dialog.showModal();
    showLibrary();
  }

  function message(text, isError) {
    const p = document.createElement("p");
    p.className = isError ? "ic-error" : "ic-status";
    if (isError) p.setAttribute("role", "alert");
    p.textContent = text;
    return p;
  }

  function fragment(html) {
    const template = document.createElement("template");
    template.innerHTML = html;
    return template.content;
  }

  async function fetchText(url, init) {
    const response = await fetch(url, Object.assign({ credentials: "same-origin" }, init));
    return { ok: response.ok, status: response.status, text: await response.text() };
  }

  async function showLibrary() {
    const session = current;
    try {
      const result = await fetchText(session.url);
      if (current !== session) return;
      if (!result.ok) throw new Error(String(result.status));
      body.replaceChildren(fragment(result.text));
      markSelection();
      const search = body.querySelector("[data-ic-query]");
      (search || body.querySelector("button, input")).focus();
    } catch (error) {
      if (current !== session) return;
      body.replaceChildren(
        message("The image library could not be loaded. Check your connection and try again.", true)
      );
    }
  }

  function status(text) {
    const holder = body.querySelector("[data-ic-status]");
    if (holder) holder.textContent = text;
  }

  // The grid: search, filters and "Load more" fetch the results partial.

  function gridUrl(extra) {
    const form = body.querySelector("[data-ic-search]");
    const params = new URLSearchParams(new FormData(form));
    return form.action + "?" + params.toString() + (extra || "");
  }

  async function loadGrid() {
    const results = body.querySelector("[data-ic-results]");
    if (!results) return;
    const request = ++gridRequest;
    status("Searching…");
    try {
      const result = await fetchText(gridUrl());
      if (request !== gridRequest || !results.isConnected) return;
      if (!result.ok) throw new Error(String(result.status));
      results.replaceChildren(fragment(result.text));
      markSelection();
      const count = results.querySelectorAll("[data-ic-choose]").length;
      status(count ? count + (results.querySelector("[data-ic-more]") ? "+" : "") + " images" : "");
    } catch (error) {
      if (request === gridRequest) status("The search failed. Try again.");
    }
  }

  async function loadMore(link) {
    const results = body.querySelector("[data-ic-results]");
    const grid = results.querySelector("[data-ic-grid]");
    link.setAttribute("aria-disabled", "true");
    link.textContent = "Loading…";
    try {
      const result = await fetchText(link.href);
      if (!result.ok) throw new Error(String(result.status));
      const more = fragment(result.text);
      const items = Array.from(more.querySelectorAll("[data-ic-grid] > li"));
      const next = more.querySelector(".ic-more-row");
      grid.append.apply(grid, items);
      link.closest(".ic-more-row").replaceWith(next || "");
      markSelection();
      const first = items[0] && items[0].querySelector("button");
      if (first) first.focus();
      status(grid.children.length + (next ? "+" : "") + " images");
    } catch (error) {
      link.removeAttribute("aria-disabled");
      link.textContent = "Load more images";
      status("More images could not be loaded. Try again.");
    }
  }

  function choose(image) {
    if (!current) return;
    if (current.multiple) {
      // An upload (or the duplicate it found) joins the selection; back to the library.
      if (!isSelected(image)) current.selection.push(image);
      showSelection();
      if (!body.querySelector("[data-ic-library]")) showLibrary();
      else markSelection();
      return;
    }
    current.chosen = image;
    dialog.close(); // the close handler hands the image over
  }

  // Several pictures (a gallery): the selection, in the order of the clicks.

  function buildFooter() {
    const bar = document.createElement("div");
    bar.className = "ic-footer";
    bar.hidden = true;
    const status = document.createElement("p");
    status.className = "ic-selection";
    status.setAttribute("role", "status");
    status.dataset.icSelection = "";
    const clear = document.createElement("button");
    clear.type = "button";
    clear.className = "button ic-clear-selection";
    clear.textContent = "Clear";
    clear.addEventListener("click", function () {
      current.selection = [];
      showSelection();
      markSelection();
    });
    const done = document.createElement("button");
    done.type = "button";
    done.className = "button default ic-done";
    done.dataset.icDone = "";
    done.addEventListener("click", function () {
      if (!current || !current.selection.length) return;
      current.chosen = current.selection.slice();
      dialog.close();
    });
    bar.append(status, clear, done);
    return bar;
  }

  function isSelected(image) {
    return current.selection.some(function (chosen) {
      return chosen.id === image.id;
    });
  }

  function toggle(image) {
    if (isSelected(image)) {
      current.selection = current.selection.filter(function (chosen) {
        return chosen.id !== image.id;
      });
    } else {
      current.selection.push(image);
    }
    showSelection();
    markSelection();
  }

  function showSelection() {
    if (!current || !current.multiple) return;
    const count = current.selection.length;
    footer.querySelector("[data-ic-selection]").textContent = count
      ? count + (count === 1 ? " photo chosen" : " photos chosen") + ", in the order shown by the numbers."
      : "Click photos to choose them, in the order they should appear.";
    const done = footer.querySelector("[data-ic-done]");
    done.disabled = !count;
    done.textContent = count ? "Add " + count + (count === 1 ? " photo" : " photos") : "Add photos";
    footer.querySelector(".ic-clear-selection").hidden = !count;
  }

  // Numbers the chosen pictures in the grid and marks them pressed.
  function markSelection() {
    if (!current || !current.multiple) return;
    const order = new Map(
      current.selection.map(function (image, index) {
        return [image.id, index + 1];
      })
    );
    body.querySelectorAll("[data-ic-choose]").forEach(function (tile) {
      let id = null;
      try {
        id = JSON.parse(tile.dataset.icChoose).id;
      } catch (error) {
        return;
      }
      const position = order.get(id);
      tile.setAttribute("aria-pressed", String(Boolean(position)));
      if (position) tile.dataset.icOrder = String(position);
      else delete tile.dataset.icOrder;
    });
  }

  // Upload in place, then the details step.

  async function upload(file) {
    const section = body.querySelector("[data-ic-upload]");
    const form = section && section.querySelector("[data-ic-upload-form]");
    if (!form || !file) return;
    const data = new FormData(form);
    data.set("file", file, file.name);
    const progress = section.querySelector("[data-ic-progress]");
    progress.textContent = "Uploading " + file.name + "…";
    section.classList.add("is-busy");
    const session = current;
    try {
      const result = await fetchText(form.action, { method: "POST", body: data });
      if (current !== session) return;
      if (result.ok) {
        showDetails(result.text);
      } else if (result.status === 400) {
        section.replaceWith(fragment(result.text));
        const error = body.querySelector("[data-ic-error]");
        if (error) error.setAttribute("tabindex", "-1");
        (body.querySelector(".ic-duplicate [data-ic-choose]") || error || body).focus();
      } else {
        throw new Error(String(result.status));
      }
    } catch (error) {
      if (current !== session) return;
      section.classList.remove("is-busy");
      progress.textContent = "";
      progress.replaceChildren(message("The upload failed. Check your connection and try again.", true));
    }
  }

  function showDetails(html) {
    body.replaceChildren(fragment(html));
    const picker = body.querySelector("[data-focal-picker]");
    if (picker && window.NewsroomFocalPoint) window.NewsroomFocalPoint.setup(picker);
    const firstEmpty = body.querySelector("#ic_alt_text") || body.querySelector("input, textarea");
    if (firstEmpty) firstEmpty.focus();
  }

  async function saveDetails(form) {
    const button = form.querySelector("button[type=submit]");
    const label = button.textContent;
    button.disabled = true;
    button.textContent = "Saving…"; // the library makes the crops pages will show first
    const session = current;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
      });
      if (current !== session) return;
      if (response.ok) {
        choose(await response.json());
        return;
      }
      if (response.status !== 400) throw new Error(String(response.status));
      showDetails(await response.text());
      const invalid = body.querySelector(".has-error input, .has-error textarea");
      if (invalid) invalid.focus();
    } catch (error) {
      if (current !== session) return;
      button.disabled = false;
      button.textContent = label;
      form.prepend(message("The details could not be saved. Try again.", true));
    }
  }

  // Events, delegated from the dialog (its content is replaced as the steps change).

  function onClick(event) {
    const chooseButton = event.target.closest("[data-ic-choose]");
    if (chooseButton) {
      const image = JSON.parse(chooseButton.dataset.icChoose);
      if (current && current.multiple) toggle(image);
      else choose(image);
      return;
    }
    const filter = event.target.closest("[data-ic-filter]");
    if (filter) {
      body.querySelectorAll("[data-ic-filter]").forEach(function (button) {
        button.setAttribute("aria-pressed", String(button === filter));
      });
      body.querySelector("[data-ic-filter-input]").value = filter.dataset.icFilter;
      loadGrid();
      return;
    }
    const more = event.target.closest("[data-ic-more]");
    if (more) {
      event.preventDefault();
      if (more.getAttribute("aria-disabled") !== "true") loadMore(more);
      return;
    }
    if (event.target.closest("[data-ic-back]")) {
      showLibrary();
    }
  }

  function onSubmit(event) {
    event.preventDefault();
    if (event.target.matches("[data-ic-search]")) {
      clearTimeout(searchTimer);
      loadGrid();
    } else if (event.target.matches("[data-ic-details]")) {
      saveDetails(event.target);
    }
  }

  function onInput(event) {
    if (event.target.matches("[data-ic-query]")) {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(loadGrid, 250);
    }
  }

  function onChange(event) {
    if (event.target.matches("[data-ic-file]") && event.target.files.length) {
      upload(event.target.files[0]);
    }
  }

  function dropZone() {
    return body && body.querySelector("[data-ic-drop]");
  }

  function carriesFiles(event) {
    return event.dataTransfer && Array.from(event.dataTransfer.types).includes("Files");
  }

  function onDragOver(event) {
    if (!carriesFiles(event) || !dropZone()) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
    dropZone().classList.add("is-over");
  }

  function onDragLeave(event) {
    if (dropZone() && !dialog.contains(event.relatedTarget)) dropZone().classList.remove("is-over");
  }

  function onDrop(event) {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    const zone = dropZone();
    if (!zone) return;
    zone.classList.remove("is-over");
    if (event.dataTransfer.files.length) upload(event.dataTransfer.files[0]);
  }

  // ImageChooserWidget fields.

  function fill(field, image) {
    const input = field.querySelector("[data-chooser-input]");
    input.value = image ? image.id : "";
    input.dispatchEvent(new Event("change", { bubbles: true }));
    const thumb = field.querySelector("[data-chooser-thumb]");
    thumb.hidden = !(image && image.thumbnail_url);
    if (image && image.thumbnail_url) thumb.src = image.thumbnail_url;
    else thumb.removeAttribute("src");
    field.querySelector("[data-chooser-title]").textContent = image ? image.title : "";
    [
      ["[data-chooser-alt]", "alt_text"],
      ["[data-chooser-credit]", "credit"],
    ].forEach(function (pair) {
      const holder = field.querySelector(pair[0]);
      const value = image ? image[pair[1]] : "";
      holder.textContent = value || "missing";
      holder.classList.toggle("media-flag", !value);
    });
    field.querySelector("[data-chooser-preview]").hidden = !image;
    field.querySelector("[data-chooser-empty]").hidden = Boolean(image);
    field.querySelector("[data-chooser-clear]").hidden = !image;
    field.querySelector("[data-chooser-open]").textContent = image ? "Change" : "Choose an image";
  }

  document.addEventListener("click", function (event) {
    const field = event.target.closest("[data-image-chooser]");
    if (!field) return;
    if (event.target.closest("[data-chooser-open]")) {
      open({
        url: field.dataset.imageChooserUrl,
        onChoose: function (image) {
          fill(field, image);
        },
      });
    } else if (event.target.closest("[data-chooser-clear]")) {
      fill(field, null);
      field.querySelector("[data-chooser-open]").focus();
    }
  });

  window.NewsroomImageChooser = { open: open };
})();
