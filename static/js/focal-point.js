// Focal-point picker: click the picture (or use the arrow keys on it) to set the focal point;
// the two number fields (input[data-focal="x"|"y"] in the same form) stay the source of truth
// and move the marker too.
//
// The marker is placed in pixels against the picture's rendered box, not in percent of the
// picker: the picture may be smaller than its box (capped width, any aspect ratio), and a
// percentage of the box put the marker in the wrong place on landscape photos.
//
// Used by the media library's change form (set up on load) and by the image chooser's upload
// step, which calls window.NewsroomFocalPoint.setup(pickerElement) on the markup it inserts.
(function () {
  "use strict";

  function clamp(value) {
    return Math.min(1, Math.max(0, value));
  }

  function setup(picker) {
    if (picker.dataset.focalReady) return;
    const form = picker.closest("form");
    const inputX = form && form.querySelector('input[data-focal="x"]');
    const inputY = form && form.querySelector('input[data-focal="y"]');
    const image = picker.querySelector("img");
    const marker = picker.querySelector(".focal-marker");
    if (!inputX || !inputY || !image || !marker) return;
    picker.dataset.focalReady = "1";

    function show() {
      // offsetLeft/Top are relative to the picker (position: relative), so borders, padding
      // or a centred picture are all accounted for.
      const x = clamp(parseFloat(inputX.value) || 0);
      const y = clamp(parseFloat(inputY.value) || 0);
      marker.style.left = image.offsetLeft + x * image.offsetWidth + "px";
      marker.style.top = image.offsetTop + y * image.offsetHeight + "px";
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
    // The picture's box changes when it loads, when the window or a dialog resizes.
    image.addEventListener("load", show);
    if (window.ResizeObserver) new ResizeObserver(show).observe(image);
    show();
  }

  function init() {
    document.querySelectorAll("[data-focal-picker]").forEach(setup);
  }

  window.NewsroomFocalPoint = { setup: setup };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
