// The words the scripts write, in the page's language: the catalogue a page in another
// language than English carries (public/templatetags/script_text.py). Pages in English load
// neither, and the scripts write their own English.
(function () {
  "use strict";

  const block = document.getElementById("script-text");
  const words = block ? JSON.parse(block.textContent) : {};

  window.NewsroomText = {
    // `text` (the English) in the page's language.
    text: function (text) {
      return typeof words[text] === "string" ? words[text] : text;
    },
    // The message for `count` (English: `one` or `many`), its "%(count)s" written `shown`.
    plural: function (count, shown, one, many) {
      const found = words[one];
      let text = count === 1 ? one : many;
      if (typeof found === "string") {
        text = found;
      } else if (found && count >= 0 && count < found.by_count.length) {
        text = found.forms[Number(found.by_count[count])];
      }
      return text.replace("%(count)s", shown);
    },
  };
})();
