// The Share button (templates/components/share.html). Without JavaScript it is a menu of plain
// links. With it: where the browser has a share sheet (phones), the button opens that instead;
// "Copy link" copies the address and says so, or shows it selected when copying is refused; a
// menu closes on Escape, on a click elsewhere, or when another opens. Listeners sit on the
// document, so posts that a live page adds later share too.
(function () {
  "use strict";

  // `text` in the page's language (static/js/script-text.js) where it is not English.
  function t(text) {
    return window.NewsroomText ? window.NewsroomText.text(text) : text;
  }

  function say(share, message) {
    const status = share.querySelector("[data-share-status]");
    if (status) status.textContent = message;
  }

  // The address shown selected, for the reader to copy, when the browser will not.
  function showAddress(share, url) {
    const status = share.querySelector("[data-share-status]");
    if (!status) return;
    status.textContent = "";
    const input = document.createElement("input");
    input.type = "text";
    input.readOnly = true;
    input.value = url;
    input.setAttribute("aria-label", t("Link to copy"));
    status.append(t("Copy this link: "), input);
    input.focus();
    input.select();
  }

  function copyWithSelection(url) {
    const area = document.createElement("textarea");
    area.value = url;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    let copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    area.remove();
    return copied;
  }

  async function copy(share, url) {
    let copied = false;
    if (navigator.clipboard && window.isSecureContext) {
      try {
        await navigator.clipboard.writeText(url);
        copied = true;
      } catch (error) {
        copied = false;
      }
    }
    if (!copied) copied = copyWithSelection(url);
    if (copied) {
      say(share, t("Copied"));
      share.classList.add("is-copied");
      window.setTimeout(function () { share.classList.remove("is-copied"); }, 2500);
    } else {
      showAddress(share, url);
    }
  }

  function closeAll(except) {
    document.querySelectorAll("details[data-share][open]").forEach(function (share) {
      if (share !== except) share.open = false;
    });
  }

  document.addEventListener("click", function (event) {
    const summary = event.target.closest("details[data-share] > summary");
    const share = event.target.closest("details[data-share]");
    if (summary && typeof navigator.share === "function") {
      event.preventDefault();
      const data = { title: share.dataset.shareTitle, url: share.dataset.shareUrl };
      navigator.share(data).catch(function (error) {
        // Closed by the reader: nothing to do. Refused (no sheet after all): the menu.
        if (error && error.name !== "AbortError") share.open = true;
      });
      return;
    }
    const copyLink = event.target.closest("a[data-share-copy]");
    if (copyLink && share) {
      event.preventDefault();
      copy(share, share.dataset.shareUrl);
      return;
    }
    closeAll(share);
  });

  document.addEventListener("toggle", function (event) {
    const share = event.target;
    if (!share.matches || !share.matches("details[data-share]")) return;
    if (share.open) {
      closeAll(share);
    } else {
      say(share, "");
    }
  }, true);

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    const share = (event.target.closest && event.target.closest("details[data-share][open]")) ||
      document.querySelector("details[data-share][open]");
    if (!share) return;
    share.open = false;
    share.querySelector("summary").focus();
  });
})();
