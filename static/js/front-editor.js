// The front-page editor (public/front_editor.py): stories dragged, or chosen by keyboard, into
// the places of a board drawn as readers see the page; the board and the two preview frames
// are redrawn by the server for every change, and nothing is kept until "Save".
(function () {
  "use strict";

  const form = document.querySelector("[data-editor]");
  if (!form) return;
  const board = form.querySelector("[data-board]");
  const announce = document.querySelector("[data-announce]");
  const chooser = document.querySelector("[data-chooser]");
  const chooserInput = chooser.querySelector("[data-chooser-input]");
  const chooserList = chooser.querySelector("[data-chooser-list]");
  let chooserTarget = null; // a place's slot, or "banner"
  let chooserReturn = null;

  function say(text) {
    announce.textContent = "";
    window.setTimeout(function () { announce.textContent = text; }, 50);
  }

  function query() {
    const data = new FormData(form);
    data.delete("csrfmiddlewaretoken");
    data.delete("action");
    return new URLSearchParams(data).toString();
  }

  let previewTimer = null;
  function refreshPreviews() {
    window.clearTimeout(previewTimer);
    previewTimer = window.setTimeout(function () {
      document.querySelectorAll("[data-preview]").forEach(function (frame) {
        frame.src = form.dataset.previewUrl + "?" + query();
      });
    }, 300);
  }

  async function redraw(focusSlot) {
    const response = await fetch(form.dataset.boardUrl + "?" + query());
    if (!response.ok) { say("The board could not be redrawn: " + response.status); return; }
    board.innerHTML = await response.text();
    refreshPreviews();
    if (focusSlot) {
      const place = board.querySelector('[data-place="' + focusSlot + '"]');
      if (place) place.focus();
    }
  }

  function place(slot, story, title) {
    const input = board.querySelector('input[name="story-' + slot + '"]');
    if (!input) return;
    // A story is in one place: taken out of any other it was in.
    board.querySelectorAll('input[name^="story-"]').forEach(function (other) {
      if (other !== input && other.value === String(story)) other.value = "";
    });
    input.value = story;
    const label = board.querySelector('[data-place="' + slot + '"]').dataset.label;
    redraw(slot).then(function () {
      say("“" + title + "” placed as the " + label.toLowerCase() + ". Not saved yet.");
    });
  }

  // Search ------------------------------------------------------------------------------------

  async function search(text) {
    // Stories of the language whose front page this is.
    const language = form.elements.language.value;
    const response = await fetch(
      form.dataset.storiesUrl + "?" + new URLSearchParams({ q: text, language: language }));
    if (!response.ok) return [];
    return (await response.json()).stories;
  }

  function storyText(story) {
    return (story.live ? "LIVE · " : "") + (story.section ? story.section + " · " : "") + story.time;
  }

  const results = document.querySelector("[data-results]");
  async function listResults() {
    const found = await search(document.querySelector("[data-search]").value);
    results.replaceChildren.apply(results, found.map(function (story) {
      const item = document.createElement("li");
      item.draggable = true;
      item.dataset.story = story.id;
      item.dataset.title = story.title;
      item.innerHTML = "<strong></strong><span></span>";
      item.querySelector("strong").textContent = story.title;
      item.querySelector("span").textContent = storyText(story);
      return item;
    }));
  }
  let searchTimer = null;
  document.querySelector("[data-search]").addEventListener("input", function () {
    window.clearTimeout(searchTimer);
    searchTimer = window.setTimeout(listResults, 200);
  });

  results.addEventListener("dragstart", function (event) {
    const item = event.target.closest("[data-story]");
    if (!item) return;
    event.dataTransfer.setData("text/plain", item.dataset.story + "\n" + item.dataset.title);
    event.dataTransfer.effectAllowed = "copy";
  });
  board.addEventListener("dragover", function (event) {
    const target = event.target.closest("[data-place]");
    if (!target) return;
    event.preventDefault();
    target.classList.add("place-over");
  });
  board.addEventListener("dragleave", function (event) {
    const target = event.target.closest("[data-place]");
    if (target) target.classList.remove("place-over");
  });
  board.addEventListener("drop", function (event) {
    const target = event.target.closest("[data-place]");
    if (!target) return;
    event.preventDefault();
    const [story, title] = event.dataTransfer.getData("text/plain").split("\n");
    if (/^\d+$/.test(story)) place(target.dataset.place, story, title);
  });

  // The board's own buttons and fields ---------------------------------------------------------

  board.addEventListener("click", function (event) {
    const button = event.target.closest("button");
    const target = event.target.closest("[data-place]");
    if (!button || !target) return;
    if (button.matches("[data-clear]")) {
      board.querySelector('input[name="story-' + target.dataset.place + '"]').value = "";
      redraw(target.dataset.place).then(function () {
        say(target.dataset.label + " cleared: the newest stories fill it. Not saved yet.");
      });
    } else if (button.matches("[data-choose]")) {
      openChooser(target.dataset.place, target.dataset.label, target);
    }
  });
  board.addEventListener("change", function (event) {
    if (event.target.matches("[data-until]")) {
      redraw(null).then(function () { say("Hold-until time changed. Not saved yet."); });
    }
  });
  board.addEventListener("keydown", function (event) {
    const target = event.target.closest("[data-place]");
    if (event.key !== "Enter" || !target || event.target !== target) return;
    event.preventDefault();
    openChooser(target.dataset.place, target.dataset.label, target);
  });

  // The chooser: a search list for the keyboard --------------------------------------------------

  let options = [];
  let active = -1;
  function mark(index) {
    const items = chooserList.children;
    if (!items.length) return;
    active = (index + items.length) % items.length;
    Array.from(items).forEach(function (item, n) {
      item.setAttribute("aria-selected", n === active ? "true" : "false");
    });
    chooserInput.setAttribute("aria-activedescendant", items[active].id);
    items[active].scrollIntoView({ block: "nearest" });
  }

  async function fillChooser() {
    options = await search(chooserInput.value);
    chooserList.replaceChildren.apply(chooserList, options.map(function (story, n) {
      const item = document.createElement("li");
      item.id = "chooser-option-" + n;
      item.setAttribute("role", "option");
      item.textContent = story.title + " — " + storyText(story);
      return item;
    }));
    active = -1;
    chooserInput.removeAttribute("aria-activedescendant");
    if (options.length) mark(0);
    say(options.length + " published stories listed.");
  }

  function openChooser(slot, label, returnTo) {
    chooserTarget = slot;
    chooserReturn = returnTo;
    chooser.querySelector("[data-chooser-place]").textContent = label.toLowerCase();
    chooser.hidden = false;
    chooserInput.value = "";
    chooserInput.focus();
    fillChooser();
  }

  function closeChooser() {
    chooser.hidden = true;
    if (chooserReturn && document.contains(chooserReturn)) chooserReturn.focus();
  }

  function pick(index) {
    const story = options[index];
    if (!story) return;
    const slot = chooserTarget;
    chooser.hidden = true;
    if (slot === "banner") {
      document.querySelector("[data-banner-story]").value = story.id;
      document.querySelector("[data-banner-title]").value = story.title;
      document.querySelector("[data-choose-banner]").focus();
      say("The banner links to “" + story.title + "”. Not saved yet.");
    } else {
      place(slot, story.id, story.title);
    }
  }

  let chooserTimer = null;
  chooserInput.addEventListener("input", function () {
    window.clearTimeout(chooserTimer);
    chooserTimer = window.setTimeout(fillChooser, 200);
  });
  chooserInput.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") { event.preventDefault(); mark(active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); mark(active - 1); }
    else if (event.key === "Enter") { event.preventDefault(); pick(active); }
    else if (event.key === "Escape") { event.preventDefault(); closeChooser(); }
  });
  chooserList.addEventListener("click", function (event) {
    const item = event.target.closest("[role=option]");
    if (item) pick(Array.from(chooserList.children).indexOf(item));
  });

  // Section blocks ---------------------------------------------------------------------------

  const sectionList = document.querySelector("[data-section-list]");
  const sectionAdd = document.querySelector("[data-section-add]");
  function sectionsChanged(text, focus) {
    board.querySelector("[data-sections-value]").value = Array.from(sectionList.children)
      .map(function (item) { return item.dataset.section; }).join(",");
    redraw(null).then(function () {
      say(text + " Not saved yet.");
      if (focus) focus.focus();
    });
  }
  sectionList.addEventListener("click", function (event) {
    const button = event.target.closest("button");
    const item = event.target.closest("[data-section]");
    if (!button || !item) return;
    const name = item.querySelector("span").textContent;
    if (button.matches("[data-remove]")) {
      const option = document.createElement("option");
      option.value = item.dataset.section;
      option.textContent = name;
      sectionAdd.appendChild(option);
      item.remove();
      sectionsChanged("The " + name + " block is removed.", sectionAdd);
      return;
    }
    const step = Number(button.dataset.move);
    const sibling = step < 0 ? item.previousElementSibling : item.nextElementSibling;
    if (!sibling) return;
    if (step < 0) sectionList.insertBefore(item, sibling);
    else sectionList.insertBefore(sibling, item);
    const position = Array.from(sectionList.children).indexOf(item) + 1;
    sectionsChanged(name + " is block " + position + ".", button);
  });
  document.querySelector("[data-section-add-button]").addEventListener("click", function () {
    const option = sectionAdd.selectedOptions[0];
    if (!option) return;
    const item = document.createElement("li");
    const name = option.textContent;
    item.dataset.section = option.value;
    item.innerHTML = '<span></span> <button type="button" data-move="-1">↑</button> ' +
      '<button type="button" data-move="1">↓</button> <button type="button" data-remove>✕</button>';
    item.querySelector("span").textContent = name;
    item.querySelector('[data-move="-1"]').setAttribute("aria-label", "Move " + name + " up");
    item.querySelector('[data-move="1"]').setAttribute("aria-label", "Move " + name + " down");
    item.querySelector("[data-remove]").setAttribute("aria-label", "Remove the " + name + " block");
    sectionList.appendChild(item);
    option.remove();
    sectionsChanged("A " + name + " block is added last.", null);
  });

  // The banner's story ------------------------------------------------------------------------

  document.querySelector("[data-choose-banner]").addEventListener("click", function (event) {
    openChooser("banner", "the banner", event.currentTarget);
  });
  document.querySelector("[data-unlink-banner]").addEventListener("click", function () {
    document.querySelector("[data-banner-story]").value = "";
    document.querySelector("[data-banner-title]").value = "";
    say("The banner links to no story. Not saved yet.");
  });

  listResults();
  refreshPreviews();
})();
