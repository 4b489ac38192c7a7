// Body blocks drawn in the desk's editor as readers see them: pictures with their caption and
// credit at their width, galleries as a grid, embeds as the facade card, pull quotes, related
// stories as cards. body-blocks-editor.js defines the blocks and what they store; this module
// draws them, gives each a toolbar (Edit, Move up, Move down, Width, Remove) that the keyboard
// reaches, and opens the image chooser and the story search.
//
// Pictures and stories come from the widget (articles/body_editor.py puts those the body names
// on the textarea as data-body-blocks) and, for any added while writing, from two small JSON
// endpoints, asked once for all the blocks that need them.
import { gettext, pm } from "django-prose-editor/editor"
import { icon } from "newsroom/desk-icons"

// Elements ------------------------------------------------------------------------------------

export function el(tag, props = {}, children = []) {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue
    if (name === "className") node.className = value
    else if (name === "text") node.textContent = value
    else if (name === "dataset") Object.assign(node.dataset, value)
    else node.setAttribute(name, value === true ? "" : String(value))
  }
  node.append(...children.filter((child) => child !== null && child !== undefined && child !== ""))
  return node
}

function button(action, text, iconName, { label = text, showText = true, run } = {}) {
  const node = el("button", {
    type: "button",
    className: `bb-button bb-button-${action}`,
    title: label,
    "aria-label": label,
    dataset: { action },
  })
  node.append(icon(iconName))
  if (showText) node.append(el("span", { className: "bb-button-text", text }))
  if (run) {
    node.addEventListener("click", (event) => {
      event.preventDefault()
      event.stopPropagation()
      run(event)
    })
  }
  return node
}

const { NodeSelection } = pm.state

const interpolate = (text, values) => text.replace(/%\((\w+)\)s/g, (_, key) => values[key] ?? "")

// The pictures and stories the blocks show ----------------------------------------------------

// An entry is an object (found), null (no such image or story, or not one this person may
// open: readers see nothing of the block either) or undefined (being asked for).
class BlockData {
  constructor(data) {
    this.found = {
      images: new Map(Object.entries(data.images || {})),
      stories: new Map(Object.entries(data.stories || {})),
    }
    this.urls = { images: data.images_url || "", stories: data.stories_url || "" }
    this.wanted = { images: new Set(), stories: new Set() }
    this.failed = false
    this.listeners = new Set()
    this.timer = null
  }

  image(id) {
    return this.get("images", id)
  }

  story(id) {
    return this.get("stories", id)
  }

  get(kind, id) {
    const key = String(id || "")
    if (!/^[1-9][0-9]{0,9}$/.test(key)) return null
    if (this.found[kind].has(key)) return this.found[kind].get(key)
    this.want(kind, key)
    return undefined
  }

  // One request for every block drawn in this turn (a pasted body, an undo, a gallery).
  want(kind, key) {
    this.wanted[kind].add(key)
    this.timer ??= setTimeout(() => this.fetchWanted(), 0)
  }

  put(kind, entry) {
    if (!entry || !entry.id) return
    const key = String(entry.id)
    this.found[kind].set(key, entry)
    // A picture just chosen has only its small thumbnail; the server makes the larger preview.
    if (kind === "images" && !entry.preview_url) this.want(kind, key)
    this.changed()
  }

  subscribe(listener) {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  changed() {
    for (const listener of [...this.listeners]) listener()
  }

  async fetchWanted() {
    this.timer = null
    for (const kind of ["images", "stories"]) {
      const ids = [...this.wanted[kind]]
      this.wanted[kind].clear()
      for (let start = 0; start < ids.length; start += 100) {
        const chunk = ids.slice(start, start + 100)
        let answer = {}
        try {
          if (!this.urls[kind]) throw new Error("no address")
          const query = new URLSearchParams(chunk.map((id) => ["id", id]))
          const response = await fetch(`${this.urls[kind]}?${query}`, {
            credentials: "same-origin",
            headers: { Accept: "application/json" },
          })
          if (!response.ok) throw new Error(String(response.status))
          answer = (await response.json())[kind] || {}
        } catch {
          // Offline, or signed out: the blocks say so quietly; the next draw asks again.
          this.failed = true
          continue
        }
        for (const id of chunk) {
          if (answer[id] || !this.found[kind].get(id)) this.found[kind].set(id, answer[id] || null)
        }
      }
    }
    this.changed()
  }
}

const stores = new WeakMap()

/** The pictures and stories of one editor's blocks. */
export function blockData(editor) {
  let data = stores.get(editor)
  if (!data) {
    const frame = editor.options.element
    const textarea = frame?.querySelector?.("textarea[data-body-blocks]")
    let given = {}
    try {
      given = JSON.parse(textarea?.dataset.bodyBlocks || "{}")
    } catch {
      given = {}
    }
    data = new BlockData(given)
    stores.set(editor, data)
  }
  return data
}

// Choosing pictures and stories ---------------------------------------------------------------

/**
 * One library image, or several in the order they were picked ({multiple: true}), from the
 * image chooser (static/js/image-chooser.js); null when the chooser is closed.
 */
export function chooseImages(editor, { multiple = false, title = "" } = {}) {
  return new Promise((resolve) => {
    const chooser = window.NewsroomImageChooser
    if (!chooser || typeof chooser.open !== "function") {
      window.alert(gettext("The image library could not be opened. Reload the page and try again."))
      resolve(null)
      return
    }
    chooser.open({
      multiple,
      title,
      onChoose: (chosen) => {
        const images = (Array.isArray(chosen) ? chosen : [chosen]).filter((i) => i && i.id)
        images.forEach((image) => blockData(editor).put("images", image))
        resolve(multiple ? images : images[0] || null)
      },
      onCancel: () => resolve(null),
    })
  })
}

/** A published story for a related-story card, found by words of its headline. */
export function chooseStory(editor) {
  const data = blockData(editor)
  return new Promise((resolve) => {
    let chosen = null
    let timer = null
    let asked = 0
    const input = el("input", {
      type: "search",
      id: "bb-story-search",
      autocomplete: "off",
      placeholder: gettext("Words of its headline, or its number"),
    })
    const status = el("p", { className: "bb-dialog-status", role: "status" })
    const results = el("ul", { className: "bb-story-results" })
    const cancel = el("button", { type: "button", className: "bb-dialog-cancel", text: gettext("Cancel") })
    const dialog = el("dialog", { className: "bb-dialog", "aria-labelledby": "bb-story-heading" }, [
      el("h3", { id: "bb-story-heading", text: gettext("Related story") }),
      el("label", { for: "bb-story-search", text: gettext("Find a published story") }),
      input,
      status,
      results,
      el("div", { className: "bb-dialog-buttons" }, [cancel]),
    ])

    async function search() {
      const words = input.value.trim()
      const request = ++asked
      if (!words) {
        results.replaceChildren()
        status.textContent = ""
        return
      }
      status.textContent = gettext("Searching…")
      try {
        const response = await fetch(`${data.urls.stories}?${new URLSearchParams({ q: words })}`, {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
        if (!response.ok) throw new Error(String(response.status))
        const answer = await response.json()
        if (request !== asked) return
        const stories = answer.order.map((id) => answer.stories[id]).filter(Boolean)
        results.replaceChildren(...stories.map(storyChoice))
        status.textContent = stories.length
          ? interpolate(gettext("%(count)s stories"), { count: stories.length })
          : gettext("No published story has those words in its headline.")
      } catch {
        if (request === asked) status.textContent = gettext("The search failed. Try again.")
      }
    }

    function storyChoice(story) {
      const choice = el("button", { type: "button", className: "bb-story-choice" }, [
        story.thumbnail_url
          ? el("img", { src: story.thumbnail_url, alt: "" })
          : el("span", { className: "bb-story-blank" }),
        el("span", {}, [
          el("span", { className: "bb-kicker", text: story.section }),
          el("strong", { text: story.title }),
        ]),
      ])
      choice.addEventListener("click", () => {
        chosen = story
        data.put("stories", story)
        dialog.close()
      })
      return el("li", {}, [choice])
    }

    input.addEventListener("input", () => {
      clearTimeout(timer)
      timer = setTimeout(search, 250)
    })
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault()
        clearTimeout(timer)
        search()
      }
    })
    cancel.addEventListener("click", () => dialog.close())
    dialog.addEventListener("close", () => {
      dialog.remove()
      resolve(chosen)
    })
    ;(editor.options.element || document.body).append(dialog)
    dialog.showModal()
    input.focus()
  })
}

// A block's frame: its toolbar and what readers see -----------------------------------------

/**
 * A ProseMirror node view for an atom block. `spec`:
 *   kind, label, icon   names for the class, the toolbar and assistive technology
 *   describe(attrs, view)  a one-line account of the block (its accessible name)
 *   draw(body, attrs, view)  fills `body` with the block as readers see it
 *   edit(view)          the Edit button's action (none: no button)
 *   actions             [{action, text, icon, run(view)}]: more buttons after Edit
 *   widths              true: Column / Wide / Full buttons for attrs.width
 */
export function blockView(spec) {
  return ({ node, editor, getPos }) => new BlockView(spec, node, editor, getPos)
}

const WIDTH_LABELS = () => ({
  column: gettext("Column"),
  wide: gettext("Wide"),
  full: gettext("Full"),
})

class BlockView {
  constructor(spec, node, editor, getPos) {
    this.spec = spec
    this.node = node
    this.editor = editor
    this.getPos = getPos
    this.data = blockData(editor)
    this.dom = el("div", { className: `bb bb--${spec.kind}`, role: "group", tabindex: "0" })
    this.dom.contentEditable = "false"
    this.toolbar = this.buildToolbar()
    this.body = el("div", { className: "bb-body" })
    this.dom.append(this.toolbar, this.body)
    this.dom.addEventListener("keydown", (event) => this.onKey(event))
    // A shortcut for the Edit button, which says the same.
    if (spec.edit) this.body.addEventListener("dblclick", () => spec.edit(this))
    this.unsubscribe = this.data.subscribe(() => this.draw())
    this.draw()
  }

  buildToolbar() {
    const { spec } = this
    const label = spec.label
    const bar = el("div", {
      className: "bb-toolbar",
      role: "toolbar",
      "aria-label": interpolate(gettext("%(block)s: block tools"), { block: label }),
    })
    bar.append(el("span", { className: "bb-kind", "aria-hidden": "true" }, [icon(spec.icon), label]))
    if (spec.edit) {
      bar.append(
        button("edit", gettext("Edit"), "edit", {
          label: interpolate(gettext("Edit %(block)s"), { block: label.toLowerCase() }),
          run: () => spec.edit(this),
        }),
      )
    }
    for (const extra of spec.actions || []) {
      bar.append(button(extra.action, extra.text, extra.icon, { run: () => extra.run(this) }))
    }
    if (spec.widths) {
      const group = el("span", {
        className: "bb-widths",
        role: "group",
        "aria-label": gettext("Width"),
      })
      for (const [width, text] of Object.entries(WIDTH_LABELS())) {
        const label = interpolate(gettext("Width: %(width)s"), { width: text.toLowerCase() })
        const choice = el("button", {
          type: "button",
          className: "bb-width",
          title: label,
          "aria-label": label,
          dataset: { width },
          text,
        })
        choice.addEventListener("click", (event) => {
          event.preventDefault()
          this.setAttrs({ width })
        })
        group.append(choice)
      }
      bar.append(group)
    }
    const name = label.toLowerCase()
    bar.append(
      button("up", gettext("Move up"), "up", {
        label: interpolate(gettext("Move %(block)s up"), { block: name }),
        showText: false,
        run: () => this.move(-1),
      }),
      button("down", gettext("Move down"), "down", {
        label: interpolate(gettext("Move %(block)s down"), { block: name }),
        showText: false,
        run: () => this.move(1),
      }),
      button("remove", gettext("Remove"), "remove", {
        label: interpolate(gettext("Remove %(block)s"), { block: name }),
        run: () => this.remove(),
      }),
    )
    roving(bar)
    return bar
  }

  // Held while something is dragged inside the block: drawing it again would drop the drag.
  hold(held) {
    this.held = held
    if (!held && this.missed) this.draw()
  }

  draw() {
    if (this.held) {
      this.missed = true
      return
    }
    this.missed = false
    const { attrs } = this.node
    this.dom.setAttribute("aria-label", this.spec.describe(attrs, this))
    if (this.spec.widths) {
      this.dom.dataset.width = attrs.width
      for (const choice of this.toolbar.querySelectorAll("[data-width]")) {
        choice.setAttribute("aria-pressed", String(choice.dataset.width === attrs.width))
      }
    }
    const place = this.place()
    if (place) {
      this.toolbar.querySelector("[data-action=up]").disabled = place.first
      this.toolbar.querySelector("[data-action=down]").disabled = place.last
      // The toolbar's one Tab stop must be a button that works.
      const stops = [...this.toolbar.querySelectorAll("button")]
      if (!stops.some((b) => b.tabIndex === 0 && !b.disabled)) {
        stops.forEach((b) => (b.tabIndex = -1))
        stops.find((b) => !b.disabled).tabIndex = 0
      }
    }
    this.body.replaceChildren()
    this.spec.draw(this.body, attrs, this)
  }

  // Where the block is among its siblings (null before it is in the document).
  place() {
    const pos = typeof this.getPos === "function" ? this.getPos() : undefined
    if (typeof pos !== "number") return null
    const $pos = this.editor.state.doc.resolve(pos)
    return { pos, index: $pos.index(), first: $pos.index() === 0, last: $pos.index() >= $pos.parent.childCount - 1, parent: $pos.parent }
  }

  // A change made with a block's own controls selects the block: the editor's selection
  // follows what the writer works on (and the next block inserted goes after it).
  setAttrs(changes) {
    const place = this.place()
    if (!place) return
    const tr = this.editor.state.tr.setNodeMarkup(place.pos, undefined, { ...this.node.attrs, ...changes })
    tr.setSelection(NodeSelection.create(tr.doc, place.pos))
    this.editor.view.dispatch(tr)
  }

  move(direction) {
    const place = this.place()
    if (!place || (direction < 0 ? place.first : place.last)) return
    const { pos, index, parent } = place
    const node = this.node
    const tr = this.editor.state.tr.delete(pos, pos + node.nodeSize)
    const target =
      direction < 0 ? pos - parent.child(index - 1).nodeSize : pos + parent.child(index + 1).nodeSize
    tr.insert(target, node)
    tr.setSelection(NodeSelection.create(tr.doc, target))
    this.editor.view.dispatch(tr.scrollIntoView())
    // Keep the keyboard where it was: on this block's button, wherever the block now is.
    const moved = this.editor.view.nodeDOM(target)
    const again = moved?.querySelector?.(`[data-action=${direction < 0 ? "up" : "down"}]`)
    const focus = again && !again.disabled ? again : moved
    focus?.focus?.()
    focus?.scrollIntoView?.({ block: "nearest" })
  }

  remove() {
    const place = this.place()
    if (!place) return
    this.editor
      .chain()
      .focus()
      .deleteRange({ from: place.pos, to: place.pos + this.node.nodeSize })
      .run()
  }

  onKey(event) {
    if (event.target !== this.dom) return // the toolbar's buttons answer for themselves
    if (event.key === "Enter" && this.spec.edit) {
      event.preventDefault()
      this.spec.edit(this)
    } else if (event.altKey && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
      event.preventDefault()
      this.move(event.key === "ArrowUp" ? -1 : 1)
    } else if (event.key === "Delete" || event.key === "Backspace") {
      event.preventDefault()
      this.remove()
    }
  }

  update(node) {
    if (node.type !== this.node.type) return false
    this.node = node
    this.draw()
    return true
  }

  selectNode() {
    this.dom.classList.add("is-selected")
  }

  deselectNode() {
    this.dom.classList.remove("is-selected")
  }

  // Clicks, keys and drags on the block's own controls are the block's; a click on the block
  // itself selects it, and dragging it by its body moves it, as ProseMirror does.
  stopEvent(event) {
    const target = event.target
    if (!(target instanceof Element)) return false
    if (this.toolbar.contains(target)) return true
    if (target.closest("button, input, select, textarea, a[href]")) return true
    if (event.type === "keydown" && target === this.dom) return true
    // A gallery's photos are dragged within it, not the gallery within the story.
    return Boolean(target.closest("[data-bb-own-drag]"))
  }

  ignoreMutation() {
    return true
  }

  destroy() {
    this.unsubscribe()
  }
}

// A toolbar is one stop for Tab; the arrow keys (and Home, End) move along its buttons.
function roving(bar) {
  const buttons = () => [...bar.querySelectorAll("button")].filter((b) => !b.disabled)
  const current = (target) => {
    for (const b of bar.querySelectorAll("button")) b.tabIndex = b === target ? 0 : -1
  }
  current(bar.querySelector("button"))
  bar.addEventListener("focusin", (event) => {
    if (event.target instanceof HTMLButtonElement) current(event.target)
  })
  bar.addEventListener("keydown", (event) => {
    const all = buttons()
    const at = all.indexOf(document.activeElement)
    const next = {
      ArrowRight: at + 1,
      ArrowLeft: at - 1,
      Home: 0,
      End: all.length - 1,
    }[event.key]
    if (next === undefined || at < 0) return
    event.preventDefault()
    all[(next + all.length) % all.length].focus()
  })
}

// What readers see --------------------------------------------------------------------------

/** A library picture: its preview, or a quiet stand-in while it loads or when it is gone. */
export function picture(image, id, { thumbnail = false } = {}) {
  if (image === undefined) {
    return el("div", { className: "bb-picture-missing is-loading" }, [gettext("Loading the picture…")])
  }
  if (image === null) {
    return el("div", { className: "bb-picture-missing" }, [
      interpolate(gettext("Picture %(id)s is not in the library any more; readers will not see it."), { id }),
    ])
  }
  const src = (thumbnail ? image.thumbnail_url : image.preview_url) || image.thumbnail_url
  const frame = el("div", { className: "bb-picture" }, [
    el("img", {
      src,
      alt: image.alt_text || "",
      width: image.width || undefined,
      height: image.height || undefined,
      draggable: "false",
    }),
  ])
  if (!image.alt_text) frame.append(el("span", { className: "bb-flag", text: gettext("No alt text") }))
  return frame
}

/** Caption and credit, as readers see them under a picture. */
export function captionLine(caption, image, { hint = true } = {}) {
  const line = el("figcaption", { className: "bb-caption" })
  if (caption) line.append(el("span", { className: "bb-caption-text", text: caption }))
  if (image?.credit) line.append(" ", el("span", { className: "bb-credit", text: `(${image.credit})` }))
  if (!caption && hint) {
    line.append(" ", el("span", { className: "bb-hint", text: gettext("No caption: Edit to add one.") }))
  }
  return line
}

export { interpolate }
