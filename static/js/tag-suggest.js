// Tag suggestions on the desk: as an editor types after the last comma in the tags field, the
// admin's own autocomplete endpoint offers matching tags (new tags can still be typed freely).
// The admin loads form media in <head>, so wait for the form.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  const input = document.getElementById("id_tags");
  if (!input || !input.dataset.autocompleteUrl) return;
  const list = document.createElement("datalist");
  list.id = "tag-suggestions";
  input.after(list);
  input.setAttribute("list", list.id);
  input.setAttribute("autocomplete", "off");
  let timer = null;
  let asked = "";

  function split(value) {
    const cut = value.lastIndexOf(",") + 1;
    return { before: value.slice(0, cut), term: value.slice(cut).trim() };
  }

  async function suggest() {
    const { before, term } = split(input.value);
    if (!term || term === asked) return;
    asked = term;
    const url = new URL(input.dataset.autocompleteUrl, window.location.href);
    url.search = new URLSearchParams({
      app_label: "articles", model_name: "article", field_name: "tags", term: term,
    });
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok || split(input.value).term !== term) return;
    const { results } = await response.json();
    const prefix = before ? before.trimEnd() + " " : "";
    list.replaceChildren(...results.map(function (tag) {
      const option = document.createElement("option");
      // The whole field's value, so the browser's own matching keeps earlier tags.
      option.value = prefix + tag.text;
      return option;
    }));
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(suggest, 150);
  });
});
