// The roundup composer: reorder the list with the arrow buttons or by dragging. The form posts
// the ticked stories in the order they appear.
(function () {
  "use strict";
  const list = document.getElementById("roundup-items");
  if (!list) return;
  let dragged = null;

  list.addEventListener("click", function (event) {
    const button = event.target.closest("[data-move]");
    if (!button) return;
    const item = button.closest("[data-roundup-item]");
    if (button.dataset.move === "up" && item.previousElementSibling) {
      list.insertBefore(item, item.previousElementSibling);
    } else if (button.dataset.move === "down" && item.nextElementSibling) {
      list.insertBefore(item.nextElementSibling, item);
    }
    button.focus();
  });

  list.addEventListener("dragstart", function (event) {
    dragged = event.target.closest("[data-roundup-item]");
    if (dragged) dragged.classList.add("is-dragging");
  });
  list.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("is-dragging");
    dragged = null;
  });
  list.addEventListener("dragover", function (event) {
    const over = event.target.closest("[data-roundup-item]");
    if (!dragged || !over || over === dragged) return;
    event.preventDefault();
    const box = over.getBoundingClientRect();
    const after = event.clientY > box.top + box.height / 2;
    list.insertBefore(dragged, after ? over.nextElementSibling : over);
  });
})();
