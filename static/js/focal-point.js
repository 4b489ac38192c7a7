// Focal-point picker in the media library: click the picture (or use the arrow keys on it) to
// set the focal point; the two number fields stay the source of truth and move the marker too.
(function () {
  "use strict";

  function clamp(value) {
    return Math.min(1, Math.max(0, value));
  }

  function setup(picker) {
    const form = picker.closest("form");
    const inputX = form && form.querySelector('input[data-focal="x"]');
    const inputY = form && form.querySelector('input[data-focal="y"]');
    const image = picker.querySelector("img");
    const marker = picker.querySelector(".focal-marker");
    if (!inputX || !inputY || !image || !marker) return;

    function show() {
      marker.style.left = clamp(parseFloat(inputX.value) || 0) * 100 + "%";
      marker.style.top = clamp(parseFloat(inputY.value) || 0) * 100 + "%";
    }

    function set(x, y) {
      inputX.value = clamp(x).toFixed(3);
      inputY.value = clamp(y).toFixed(3);
      inputX.dispatchEvent(new Event("change", { bubbles: true }));
      show();
    }

    picker.addEventListener("click", function (event) {
      const box = image.getBoundingClientRect();
      if (!box.width || !box.height) return;
      set((event.clientX - box.left) / box.width, (event.clientY - box.top) / box.height);
    });

    picker.addEventListener("keydown", function (event) {
      const step = event.shiftKey ? 0.1 : 0.02;
      const moves = {
        ArrowLeft: [-step, 0],
        ArrowRight: [step, 0],
        ArrowUp: [0, -step],
        ArrowDown: [0, step],
      };
      const move = moves[event.key];
      if (!move) return;
      event.preventDefault();
      set((parseFloat(inputX.value) || 0) + move[0], (parseFloat(inputY.value) || 0) + move[1]);
    });

    inputX.addEventListener("input", show);
    inputY.addEventListener("input", show);
  }

  function init() {
    document.querySelectorAll("[data-focal-picker]").forEach(setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
