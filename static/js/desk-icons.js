// The desk editor's icons, drawn as inline SVG: nothing to download, so they show offline and
// under any CSP, and a missing font can never leave a ligature's name ("format_bold") on a
// button. Line icons on a 24-unit grid in the spirit of Lucide (ISC licence).
import { Extension } from "django-prose-editor/editor"

const PATHS = {
  paragraph: "M13 4v16M17 4v16M19 4H9.5a4.5 4.5 0 0 0 0 9H13",
  heading: "M6 12h12M6 20V4M18 20V4",
  bulletList: "M9 6h12M9 12h12M9 18h12M4 6h.01M4 12h.01M4 18h.01",
  orderedList: "M10 6h11M10 12h11M10 18h11M4 6h1v4M4 10h2M6 18H4c0-1 2-2 2-3s-1-1.5-2-1",
  sliders: "M21 4h-7M10 4H3M21 12h-9M8 12H3M21 20h-5M12 20H3M14 2v4M8 10v4M16 18v4",
  // A quotation inside the text: a bar beside indented lines.
  blockquote: "M17 6H3M21 12H8M21 18H8M3 12v6",
  // A pull quote: two heavy quotation marks.
  pullQuote:
    "M16 3a2 2 0 0 0-2 2v6a2 2 0 0 0 2 2 1 1 0 0 1 1 1v1a2 2 0 0 1-2 2 1 1 0 0 0-1 1v2a1 1 0 0 0 1 1 6 6 0 0 0 6-6V5a2 2 0 0 0-2-2zM5 3a2 2 0 0 0-2 2v6a2 2 0 0 0 2 2 1 1 0 0 1 1 1v1a2 2 0 0 1-2 2 1 1 0 0 0-1 1v2a1 1 0 0 0 1 1 6 6 0 0 0 6-6V5a2 2 0 0 0-2-2z",
  rule: "M3 12h18M8 8l4-4 4 4M16 16l-4 4-4-4",
  bold: "M6 12h9a4 4 0 0 1 0 8H7a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1h7a4 4 0 0 1 0 8",
  italic: "M19 4h-9M14 20H5M15 4 9 20",
  strike: "M16 4H9a3 3 0 0 0-2.83 4M14 12a4 4 0 0 1 0 8H6M4 12h16",
  underline: "M6 4v6a6 6 0 0 0 12 0V4M4 20h16",
  subscript: "m4 5 8 8M12 5l-8 8M20 19h-4c0-1.5.44-2 1.5-2.5S20 15.33 20 14c0-.47-.17-.93-.48-1.29a2.11 2.11 0 0 0-2.62-.44c-.42.24-.74.62-.9 1.07",
  superscript: "m4 19 8-8M12 19l-8-8M20 12h-4c0-1.5.44-2 1.5-2.5S20 8.33 20 7c0-.47-.17-.93-.48-1.29a2.11 2.11 0 0 0-2.62-.44c-.42.24-.74.62-.9 1.07",
  link: "M10 13a5 5 0 0 0 7.54.54l3-3a5 5 0 0 0-7.07-7.07l-1.72 1.71M14 11a5 5 0 0 0-7.54-.54l-3 3a5 5 0 0 0 7.07 7.07l1.71-1.71",
  unlink: "M10 13a5 5 0 0 0 7.54.54l3-3a5 5 0 0 0-7.07-7.07l-1.72 1.71M14 11a5 5 0 0 0-7.54-.54l-3 3a5 5 0 0 0 7.07 7.07l1.71-1.71M3 3l18 18",
  table: "M5 3h14a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zM3 9h18M3 15h18M9 3v18M15 3v18",
  undo: "M3 7v6h6M21 17a9 9 0 0 0-9-9 9 9 0 0 0-6 2.3L3 13",
  redo: "M21 7v6h-6M3 17a9 9 0 0 1 9-9 9 9 0 0 1 6 2.3l3 2.7",
  merge: "M8 6l4-4 4 4M12 2v10.3a4 4 0 0 1-1.17 2.87L4 22M20 22l-5-5",
  split: "M16 3h5v5M8 3H3v5M12 22v-8.3a4 4 0 0 0-1.17-2.87L3 3M15 9l6-6",
  code: "m16 18 6-6-6-6M8 6l-6 6 6 6",
  alignLeft: "M21 6H3M15 12H3M17 18H3",
  alignCenter: "M21 6H3M17 12H7M19 18H5",
  alignRight: "M21 6H3M21 12H9M21 18H7",
  alignJustify: "M3 6h18M3 12h18M3 18h18",
  help: "M9.1 9a3 3 0 0 1 5.8 1c0 2-3 3-3 3M12 17h.01",
  picture: "M5 3h14a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zM11 9a2 2 0 1 1-4 0 2 2 0 0 1 4 0zM21 15l-3.1-3.1a2 2 0 0 0-2.8 0L6 21",
  gallery: "M18 22H4a2 2 0 0 1-2-2V6M8 2h12a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H8a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zM14 8a2 2 0 1 1-4 0 2 2 0 0 1 4 0zM22 13l-1.3-1.3a2.4 2.4 0 0 0-3.4 0L11 18",
  embed: "M5 4h14a3 3 0 0 1 3 3v10a3 3 0 0 1-3 3H5a3 3 0 0 1-3-3V7a3 3 0 0 1 3-3zM10 9l5 3-5 3z",
  callout: "M5 3h14a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zM3 8h18M7 12h10M7 16h6",
  related: "M4 22h16a2 2 0 0 0 2-2V4a2 2 0 0 0-2-2H8a2 2 0 0 0-2 2v16a2 2 0 0 1-4 0v-9a2 2 0 0 1 2-2h2M18 14h-8M15 18h-5M11 6h6a1 1 0 0 1 1 1v2a1 1 0 0 1-1 1h-6a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1z",
  caption: "M4 9h16M4 15h10",
  edit: "M12 20h9M16.5 3.5a2.12 2.12 0 0 1 3 3L7 19l-4 1 1-4z",
  up: "m5 12 7-7 7 7M12 19V5",
  down: "M12 5v14M19 12l-7 7-7-7",
  left: "M19 12H5M12 19l-7-7 7-7",
  right: "M5 12h14M12 5l7 7-7 7",
  remove: "M3 6h18M19 6v14a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2V6M8 6V4a2 2 0 0 1 2-2h4a2 2 0 0 1 2 2v2M10 11v6M14 11v6",
  close: "M18 6 6 18M6 6l12 12",
  add: "M12 5v14M5 12h14",
  replace: "M21 12a9 9 0 0 0-9-9 9.75 9.75 0 0 0-6.74 2.74L3 8M3 3v5h5M3 12a9 9 0 0 0 9 9 9.75 9.75 0 0 0 6.74-2.74L21 16M16 16h5v5",
  search: "M11 19a8 8 0 1 0 0-16 8 8 0 0 0 0 16zM21 21l-4.3-4.3",
  grip: "M9 5h.01M9 12h.01M9 19h.01M15 5h.01M15 12h.01M15 19h.01",
  play: "M7 4l13 8-13 8z",
}

// The library's own buttons name their icons as Material ligatures.
const MATERIAL = {
  notes: "paragraph",
  title: "heading",
  format_list_bulleted: "bulletList",
  format_list_numbered: "orderedList",
  tune: "sliders",
  format_quote: "blockquote",
  horizontal_rule: "rule",
  format_bold: "bold",
  format_italic: "italic",
  format_strikethrough: "strike",
  format_underline: "underline",
  subscript: "subscript",
  superscript: "superscript",
  insert_link: "link",
  link_off: "unlink",
  grid_on: "table",
  undo: "undo",
  redo: "redo",
  call_merge: "merge",
  call_split: "split",
  code: "code",
  format_align_left: "alignLeft",
  format_align_center: "alignCenter",
  format_align_right: "alignRight",
  format_align_justify: "alignJustify",
  // Shown when no text style applies (a block is selected): the paragraph's, as neutral.
  question_mark: "paragraph",
  image: "picture",
}

// The library's buttons, named for writers (it calls them "unordered list", "strike").
const TITLES = {
  paragraph: "Paragraph",
  bulletList: "Bulleted list",
  orderedList: "Numbered list",
  orderedListProperties: "List numbering",
  blockquote: "Quote in the text (indented)",
  horizontalRule: "Divider line",
  bold: "Bold",
  italic: "Italic",
  strike: "Strikethrough",
  subscript: "Subscript",
  superscript: "Superscript",
  link: "Link (select the words first)",
  unlink: "Remove the link",
  "history:undo": "Undo",
  "history:redo": "Redo",
}

const SVG = "http://www.w3.org/2000/svg"

/** An icon as an SVG element (decorative: the button around it carries the words). */
export function icon(name) {
  const svg = document.createElementNS(SVG, "svg")
  svg.setAttribute("viewBox", "0 0 24 24")
  svg.setAttribute("width", "18")
  svg.setAttribute("height", "18")
  svg.setAttribute("aria-hidden", "true")
  svg.setAttribute("focusable", "false")
  svg.setAttribute("class", `desk-icon desk-icon-${name}`)
  const path = document.createElementNS(SVG, "path")
  path.setAttribute("d", PATHS[name] || PATHS.help)
  svg.append(path)
  return svg
}

/** An icon as markup, for the library's `buttons.svg(html, title)`. */
export function iconHTML(name, label = "") {
  const holder = document.createElement("span")
  holder.append(icon(name))
  if (label) {
    const text = document.createElement("span")
    text.className = "desk-icon-label"
    text.textContent = label
    holder.append(text)
  }
  return holder.innerHTML
}

// A button drawn by the library as a Material ligature gets our SVG instead; one we have no
// icon for shows its name in words.
function redraw(button) {
  const ligature = button.textContent.trim()
  button.classList.remove("material-icons")
  button.classList.add("desk-icon-button")
  const title = TITLES[button.dataset.name]
  if (title) {
    button.title = title
    button.setAttribute("aria-label", title)
  }
  const name = MATERIAL[ligature]
  if (name) {
    button.replaceChildren(icon(name))
  } else if (ligature) {
    button.textContent = button.getAttribute("aria-label") || button.title || ligature
  }
}

function redrawAll(root) {
  for (const button of root.querySelectorAll(".material-icons")) redraw(button)
}

/**
 * The desk's look for the editor: SVG icons in its menu bar (the library's buttons and the
 * copies its dropdowns make as the selection moves), a class on the editor's frame that
 * body-blocks-editor.css styles as the story's reading column, and a name for the text.
 */
export const DeskEditor = Extension.create({
  name: "deskEditor",
  addStorage() {
    return { observers: [] }
  },
  onCreate() {
    const frame = this.editor.options.element
    if (!(frame instanceof HTMLElement)) return
    frame.classList.add("desk-editor")
    // The editable text is named after its field's label ("Body"), for assistive technology.
    const field = frame.querySelector("textarea")
    const label = field?.id && document.querySelector(`label[for="${field.id}"]`)
    const name = (label?.textContent || "Text").replace(/:\s*$/, "").trim()
    this.editor.view.dom.setAttribute("aria-label", name)
    const watch = (bar) => {
      if (bar.dataset.deskIcons) return
      bar.dataset.deskIcons = "on"
      redrawAll(bar)
      const observer = new MutationObserver((changes) => {
        for (const change of changes) {
          for (const added of change.addedNodes) {
            if (added.nodeType !== Node.ELEMENT_NODE) continue
            if (added.classList.contains("material-icons")) redraw(added)
            else redrawAll(added)
          }
        }
      })
      observer.observe(bar, { childList: true, subtree: true })
      this.storage.observers.push(observer)
    }
    const findBars = () => frame.querySelectorAll(":scope > .prose-menubar").forEach(watch)
    findBars()
    // The menu bar may be added after this extension starts; watching the frame's own
    // children (not the text) finds it at no cost while writing.
    const frameObserver = new MutationObserver(findBars)
    frameObserver.observe(frame, { childList: true })
    this.storage.observers.push(frameObserver)
  },
  onDestroy() {
    this.storage.observers.forEach((observer) => observer.disconnect())
  },
})
