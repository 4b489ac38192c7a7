// Story blocks for readers: gallery buttons, and embeds that load nothing from the third party
// until the reader asks. Without JavaScript a gallery still scrolls sideways and an embed is a
// link to the original.
(function () {
  "use strict";

  // Embeds: the facade's link becomes the player (our server chose its address).
  document.addEventListener("click", function (event) {
    const link = event.target.closest(".embed-open");
    const embed = link && link.closest("[data-embed-player]");
    if (!embed || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    const frame = document.createElement("iframe");
    frame.src = embed.getAttribute("data-embed-player");
    frame.title = embed.getAttribute("data-embed-title") ||
      (window.NewsroomText ? window.NewsroomText.text("Embedded content") : "Embedded content");
    frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    const holder = embed.querySelector(".embed-frame");
    holder.replaceChildren(frame);
    holder.classList.add("is-playing");
    frame.focus();
  });

  // Galleries: previous/next move one photo; the list itself scrolls with keys and swipes.
  function setUpGallery(gallery) {
    const track = gallery.querySelector(".gallery-track");
    const controls = gallery.querySelector(".gallery-controls");
    if (!track || !controls) return;
    const prev = controls.querySelector("[data-gallery-prev]");
    const next = controls.querySelector("[data-gallery-next]");
    function step() {
      const slide = track.querySelector(".gallery-slide");
      return slide ? slide.getBoundingClientRect().width : track.clientWidth;
    }
    function update() {
      prev.disabled = track.scrollLeft <= 2;
      next.disabled = track.scrollLeft + track.clientWidth >= track.scrollWidth - 2;
    }
    prev.addEventListener("click", function () { track.scrollBy({ left: -step(), behavior: "smooth" }); });
    next.addEventListener("click", function () { track.scrollBy({ left: step(), behavior: "smooth" }); });
    track.addEventListener("scroll", update, { passive: true });
    window.addEventListener("resize", update);
    controls.hidden = false;
    update();
  }

  function init() {
    document.querySelectorAll("[data-gallery]").forEach(setUpGallery);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
