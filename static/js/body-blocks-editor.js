// Body blocks for the desk's editor (django-prose-editor's "configurable" preset loads this
// module; see DJANGO_PROSE_EDITOR_EXTENSIONS in settings). Each block is written in the stored
// format of articles/blocks.py: ids, choices and plain text only. The server sanitises, checks
// and renders them for readers; the editor draws them as readers will see them
// (body-blocks-views.js), with the pictures and stories the page handed over.
//
// Each block extension takes an option `menu` (default true): false keeps the block in the
// editor (drawn, movable, removable) without offering it in the toolbar (live posts).
import {
  Node,
  Table,
  TableCell,
  TableHeader,
  gettext,
  pm,
  updateAttrsDialog,
} from "django-prose-editor/editor"
import { DeskEditor, iconHTML } from "newsroom/desk-icons"
import {
  blockView,
  captionLine,
  chooseImages,
  chooseStory,
  el,
  interpolate,
  picture,
} from "newsroom/body-blocks-views"

export { DeskEditor }

const WIDTHS = ["column", "wide", "full"]
// Hosts of the embed providers (articles.blocks.PROVIDERS checks the full address on save).
const PROVIDER_HOSTS = {
  youtube: ["youtube.com", "m.youtube.com", "youtu.be"],
  vimeo: ["vimeo.com", "player.vimeo.com"],
  x: ["x.com", "twitter.com", "mobile.twitter.com"],
  telegram: ["t.me"],
  instagram: ["instagram.com"],
  facebook: ["facebook.com", "m.facebook.com", "fb.watch"],
  soundcloud: ["soundcloud.com"],
  spotify: ["open.spotify.com"],
  flickr: ["flickr.com", "flic.kr"],
}
const PROVIDER_LABELS = {
  youtube: "YouTube",
  vimeo: "Vimeo",
  x: "X",
  telegram: "Telegram",
  instagram: "Instagram",
  facebook: "Facebook",
  soundcloud: "SoundCloud",
  spotify: "Spotify",
  flickr: "Flickr",
}
// As readers get them (public/templatetags/body_blocks.py): players are framed 16:9 for video,
// as a strip for audio; posts open on their site. Providers with oEmbed get a snapshot on save.
const EMBED_KINDS = { youtube: "video", vimeo: "video", soundcloud: "audio", spotify: "audio" }
const WITH_SNAPSHOT = new Set(["youtube", "vimeo", "x", "soundcloud", "spotify", "flickr"])

export function providerFor(address) {
  let url
  try {
    url = new URL(address.trim())
  } catch {
    return null
  }
  if (url.protocol !== "https:") return null
  const host = url.hostname.replace(/^www\./, "")
  for (const [name, hosts] of Object.entries(PROVIDER_HOSTS)) {
    if (hosts.includes(host)) return name
  }
  return null
}

const isId = (value) => /^[1-9][0-9]{0,9}$/.test(String(value || "").trim())

// Attributes that renderHTML writes itself (Tiptap must not add them as HTML attributes).
const plain = (value = "") => ({ default: value, rendered: false })

function figcaption(text) {
  return text ? [["figcaption", {}, text]] : []
}

// A labelled button in the toolbar's row of blocks.
function defineBlockItem(menu, buttons, { name, icon, text, title, command, hidden }) {
  menu.defineItem({
    name,
    groups: "blocks",
    command,
    ...(hidden ? { hidden } : {}),
    button: buttons.svg(iconHTML(icon, text), title || text),
  })
}

const withMenu = () => ({ menu: true })

const { NodeSelection, TextSelection } = pm.state

/**
 * Put a block where the writer is: in place of an empty line, after a selected block, before
 * or after the paragraph the cursor is at the start or end of, or between its halves. Blocks
 * sit at the top level of the story, never inside a list, a callout or a table. The new block
 * is then selected (its toolbar shows; the next block goes after it); `inside` puts the cursor
 * at that offset within it instead (a table's first cell). Changes `tr`, for a command.
 */
function placeBlock(tr, content, { inside = null } = {}) {
  const node = tr.doc.type.schema.nodeFromJSON(content)
  const { selection } = tr
  let pos
  if (selection instanceof NodeSelection) {
    pos = selection.$to.depth ? selection.$to.after(1) : selection.to
  } else {
    const $from = selection.$from
    const top = $from.depth ? $from.node(1) : null
    if (!top) {
      pos = tr.doc.content.size
    } else if (top.type.name === "paragraph" && top.content.size === 0) {
      pos = $from.before(1)
      tr.delete(pos, $from.after(1))
    } else if ($from.depth === 1 && top.isTextblock && $from.parentOffset === 0) {
      pos = $from.before(1)
    } else if ($from.depth === 1 && top.isTextblock && $from.parentOffset < top.content.size) {
      tr.split($from.pos)
      pos = $from.pos + 1
    } else {
      pos = $from.after(1)
    }
  }
  tr.insert(pos, node)
  tr.setSelection(
    inside === null ? NodeSelection.create(tr.doc, pos) : TextSelection.near(tr.doc.resolve(pos + inside)),
  )
  tr.scrollIntoView()
  return true
}

const blockCommand =
  (content, options) =>
  ({ tr, dispatch }) =>
    dispatch ? placeBlock(tr, content, options) : true

// Pictures ------------------------------------------------------------------------------------

const picturesCaption = (view, attrs) => {
  const image = view.data.image(attrs.image)
  return updateAttrsDialog(
    {
      caption: {
        title: gettext("Caption"),
        description: image?.caption
          ? interpolate(gettext("Leave empty to use the library's caption: “%(caption)s”."), {
              caption: image.caption,
            })
          : gettext("The credit is added from the library."),
        format: "textarea",
      },
    },
    { title: gettext("Picture in the story"), submitText: gettext("Save") },
  )(view.editor, { caption: attrs.caption })
}

const PICTURE = {
  kind: "picture",
  label: gettext("Picture"),
  icon: "picture",
  widths: true,
  describe(attrs, view) {
    const image = view.data.image(attrs.image)
    const words = attrs.caption || image?.caption || image?.title || ""
    return words ? `${gettext("Picture")}: ${words}` : gettext("Picture")
  },
  draw(body, attrs, view) {
    const image = view.data.image(attrs.image)
    body.append(
      el("figure", { className: "bb-figure" }, [
        picture(image, attrs.image),
        image ? captionLine(attrs.caption || image.caption, image) : null,
      ]),
    )
  },
  edit(view) {
    picturesCaption(view, view.node.attrs).then((attrs) => {
      if (attrs) view.setAttrs({ caption: attrs.caption.trim() })
    })
  },
  actions: [
    {
      action: "replace",
      text: gettext("Replace"),
      icon: "replace",
      run: (view) =>
        chooseImages(view.editor).then((image) => {
          if (image) view.setAttrs({ image: String(image.id) })
        }),
    },
  ],
}

export const BodyImage = Node.create({
  name: "bodyImage",
  group: "block",
  atom: true,
  draggable: true,
  addOptions: withMenu,
  addAttributes() {
    return { image: plain(), width: plain("column"), caption: plain() }
  },
  parseHTML() {
    return [
      {
        tag: 'figure[data-block="image"]',
        getAttrs: (dom) => ({
          image: dom.getAttribute("data-image") || "",
          width: WIDTHS.includes(dom.getAttribute("data-width")) ? dom.getAttribute("data-width") : "column",
          caption: dom.querySelector("figcaption")?.textContent || "",
        }),
      },
    ]
  },
  renderHTML({ node }) {
    const { image, width, caption } = node.attrs
    return [
      "figure",
      { "data-block": "image", "data-image": image, "data-width": width },
      ...figcaption(caption),
    ]
  },
  addNodeView() {
    return blockView(PICTURE)
  },
  addCommands() {
    return {
      insertBodyImage: (attrs) => blockCommand({ type: this.name, attrs }),
    }
  },
  addMenuItems({ buttons, menu }) {
    if (!this.options.menu) return
    defineBlockItem(menu, buttons, {
      name: "bodyImage",
      icon: "picture",
      text: gettext("Picture"),
      title: gettext("Picture from the library"),
      command: (editor) =>
        chooseImages(editor).then((image) => {
          if (!image) return
          editor.chain().focus().insertBodyImage({ image: String(image.id), width: "column", caption: "" }).run()
        }),
    })
  },
})

// Galleries -----------------------------------------------------------------------------------

const GALLERY_DRAG = "application/x-newsroom-gallery-photo"
let dragging = null // {view, from}: the gallery photo being dragged

function moveItem(view, from, to, action) {
  const items = [...view.node.attrs.items]
  if (to < 0 || to >= items.length || from === to) return
  const [item] = items.splice(from, 1)
  items.splice(to, 0, item)
  view.setAttrs({ items })
  if (action) focusTile(view, to, action)
}

function removeItem(view, index) {
  const items = view.node.attrs.items.filter((_, i) => i !== index)
  if (!items.length) {
    view.remove()
    return
  }
  view.setAttrs({ items })
  focusTile(view, Math.min(index, items.length - 1), "drop")
}

// After a change the grid is drawn again: the keyboard goes back to the same photo's button.
function focusTile(view, index, action) {
  const tile = view.body.querySelector(`.bb-tile[data-index="${index}"]`)
  const wanted = tile?.querySelector(`[data-action="${action}"]`)
  const target = wanted && !wanted.disabled ? wanted : tile?.querySelector("button:not(:disabled)")
  target?.focus()
}

function tileButton(action, iconName, label, disabled, run) {
  const node = el("button", {
    type: "button",
    className: `bb-tile-button bb-tile-${action}`,
    title: label,
    "aria-label": label,
    disabled,
    dataset: { action },
  })
  node.innerHTML = iconHTML(iconName)
  node.addEventListener("click", (event) => {
    event.preventDefault()
    event.stopPropagation()
    run()
  })
  return node
}

function galleryGrid(items, view) {
  // Not an <ol>: the editor styles lists as the text's own (numbers, markers).
  const grid = el("div", { className: "bb-gallery-grid", role: "list", "data-bb-own-drag": "" })
  const last = items.length - 1
  items.forEach((item, index) => {
    const image = view.data.image(item.image)
    const number = index + 1
    const values = { n: number }
    const tile = el("div", {
      className: "bb-tile",
      draggable: "true",
      role: "group",
      dataset: { index: String(index), image: item.image },
      "aria-label": interpolate(gettext("Photo %(n)s"), values),
    })
    tile.append(
      el("span", { className: "bb-tile-number", "aria-hidden": "true", text: String(number) }),
      picture(image, item.image),
      image ? captionLine(item.caption || image.caption, image, { hint: false }) : null,
      el("span", { className: "bb-tile-tools" }, [
        tileButton("earlier", "left", interpolate(gettext("Move photo %(n)s earlier"), values), index === 0, () =>
          moveItem(view, index, index - 1, "earlier"),
        ),
        tileButton("later", "right", interpolate(gettext("Move photo %(n)s later"), values), index === last, () =>
          moveItem(view, index, index + 1, "later"),
        ),
        tileButton("drop", "close", interpolate(gettext("Remove photo %(n)s from the gallery"), values), false, () =>
          removeItem(view, index),
        ),
      ]),
    )
    // Drag a photo onto another to put it there (before or after, by the half it is over).
    const side = (event) => {
      const box = tile.getBoundingClientRect()
      return event.clientX > box.left + box.width / 2 ? "after" : "before"
    }
    tile.addEventListener("dragstart", (event) => {
      dragging = { view, from: index }
      view.hold(true)
      event.dataTransfer.setData(GALLERY_DRAG, String(index))
      event.dataTransfer.effectAllowed = "move"
      tile.classList.add("is-dragging")
    })
    tile.addEventListener("dragover", (event) => {
      if (dragging?.view !== view) return
      event.preventDefault()
      event.dataTransfer.dropEffect = "move"
      const where = side(event)
      tile.classList.toggle("drop-before", where === "before")
      tile.classList.toggle("drop-after", where === "after")
    })
    tile.addEventListener("dragleave", () => tile.classList.remove("drop-before", "drop-after"))
    tile.addEventListener("drop", (event) => {
      if (dragging?.view !== view) return
      event.preventDefault()
      const { from } = dragging
      dragging = null
      view.hold(false)
      let to = index + (side(event) === "after" ? 1 : 0)
      if (from < to) to -= 1
      moveItem(view, from, to)
    })
    tile.addEventListener("dragend", () => {
      dragging = null
      view.hold(false)
      grid.querySelectorAll(".bb-tile").forEach((t) => t.classList.remove("is-dragging", "drop-before", "drop-after"))
    })
    grid.append(el("div", { className: "bb-tile-holder", role: "listitem" }, [tile]))
  })
  return grid
}

const addPhotos = (view) =>
  chooseImages(view.editor, { multiple: true, title: gettext("Add photos to the gallery") }).then((images) => {
    if (!images?.length) return
    const added = images.map((image) => ({ image: String(image.id), caption: "" }))
    view.setAttrs({ items: [...view.node.attrs.items, ...added] })
  })

const GALLERY = {
  kind: "gallery",
  label: gettext("Gallery"),
  icon: "gallery",
  describe: (attrs) => interpolate(gettext("Gallery of %(count)s photos"), { count: attrs.items.length }),
  draw(body, attrs, view) {
    body.append(
      galleryGrid(attrs.items, view),
      el("div", {
        className: "bb-hint",
        text: gettext("Drag a photo to change the order, or use its arrows. Readers swipe through them in this order."),
      }),
    )
  },
  edit(view) {
    const { items } = view.node.attrs
    const fields = Object.fromEntries(
      items.map((item, index) => {
        const image = view.data.image(item.image)
        return [
          `caption${index}`,
          {
            title: interpolate(gettext("Photo %(n)s: %(title)s"), { n: index + 1, title: image?.title || "" }),
            description: image?.caption
              ? interpolate(gettext("Empty: the library's caption, “%(caption)s”."), { caption: image.caption })
              : "",
            format: "textarea",
          },
        ]
      }),
    )
    const current = Object.fromEntries(items.map((item, index) => [`caption${index}`, item.caption]))
    updateAttrsDialog(fields, { title: gettext("Gallery captions"), submitText: gettext("Save") })(
      view.editor,
      current,
    ).then((attrs) => {
      if (!attrs) return
      view.setAttrs({
        items: view.node.attrs.items.map((item, index) => ({
          ...item,
          caption: (attrs[`caption${index}`] ?? item.caption).trim(),
        })),
      })
    })
  },
  actions: [{ action: "add", text: gettext("Add photos"), icon: "add", run: addPhotos }],
}

export const Gallery = Node.create({
  name: "gallery",
  group: "block",
  atom: true,
  draggable: true,
  addOptions: withMenu,
  addAttributes() {
    return { items: { default: [], rendered: false } }
  },
  parseHTML() {
    return [
      {
        tag: 'figure[data-block="gallery"]',
        getAttrs: (dom) => ({
          items: Array.from(dom.querySelectorAll(":scope > figure[data-image]")).map((item) => ({
            image: item.getAttribute("data-image"),
            caption: item.querySelector("figcaption")?.textContent || "",
          })),
        }),
      },
    ]
  },
  renderHTML({ node }) {
    return [
      "figure",
      { "data-block": "gallery" },
      ...node.attrs.items.map((item) => ["figure", { "data-image": item.image }, ...figcaption(item.caption)]),
    ]
  },
  addNodeView() {
    return blockView(GALLERY)
  },
  addCommands() {
    return {
      insertGallery: (items) => blockCommand({ type: this.name, attrs: { items } }),
    }
  },
  addMenuItems({ buttons, menu }) {
    if (!this.options.menu) return
    defineBlockItem(menu, buttons, {
      name: "gallery",
      icon: "gallery",
      text: gettext("Gallery"),
      title: gettext("Gallery: choose photos in the library"),
      command: (editor) =>
        chooseImages(editor, { multiple: true, title: gettext("Choose photos for the gallery") }).then((images) => {
          if (!images?.length) return
          const items = images.map((image) => ({ image: String(image.id), caption: "" }))
          editor.chain().focus().insertGallery(items).run()
        }),
    })
  },
})

// Embeds --------------------------------------------------------------------------------------

// The address and caption; a refused address brings the dialog back with the reason.
function embedDialog(editor, attrs, problem = "") {
  return updateAttrsDialog(
    {
      url: {
        title: gettext("Address of the post or video"),
        description:
          problem ||
          gettext("YouTube, Vimeo, X, Telegram, Instagram, Facebook, SoundCloud, Spotify or Flickr."),
        format: "url",
        required: true,
      },
      caption: { title: gettext("Caption"), format: "textarea" },
    },
    { title: gettext("Embed"), submitText: attrs.url ? gettext("Save") : gettext("Insert") },
  )(editor, attrs).then((answer) => {
    if (!answer) return null
    const url = answer.url.trim()
    const provider = providerFor(url)
    if (!provider) {
      return embedDialog(
        editor,
        answer,
        interpolate(gettext("We cannot embed “%(url)s”. Use the address of a post or video on one of: %(sites)s."), {
          url,
          sites: Object.values(PROVIDER_LABELS).join(", "),
        }),
      )
    }
    return { provider, url, caption: answer.caption.trim() }
  })
}

const EMBED = {
  kind: "embed",
  label: gettext("Embed"),
  icon: "embed",
  describe(attrs) {
    const label = PROVIDER_LABELS[attrs.provider] || attrs.provider
    return `${gettext("Embed")}: ${label}, ${attrs.title || attrs.url}`
  },
  draw(body, attrs, view) {
    const label = PROVIDER_LABELS[attrs.provider] || attrs.provider
    const kind = EMBED_KINDS[attrs.provider] || "post"
    const thumbnail = isId(attrs.thumbnail) ? view.data.image(attrs.thumbnail) : null
    const verb = kind === "post" ? gettext("Show post") : gettext("Play")
    const frame = el("div", { className: `bb-embed-frame bb-embed-${kind}` }, [
      thumbnail
        ? el("img", { src: thumbnail.preview_url || thumbnail.thumbnail_url, alt: "", draggable: "false" })
        : el("div", { className: "bb-embed-blank" }),
      el("span", { className: "bb-embed-open" }, [
        el("span", { className: "bb-embed-icon", "aria-hidden": "true", text: kind === "post" ? "↗" : "▶" }),
        el("span", {
          className: "bb-embed-action",
          text: interpolate(gettext("%(verb)s on %(site)s"), { verb, site: label }),
        }),
      ]),
    ])
    const about = el("figcaption", { className: "bb-caption bb-embed-about" }, [
      attrs.title ? el("strong", { className: "bb-embed-title", text: attrs.title }) : null,
      attrs.author ? el("span", { className: "bb-embed-author", text: ` ${attrs.author}` }) : null,
      attrs.caption ? el("span", { className: "bb-embed-caption", text: attrs.caption }) : null,
      el("span", { className: "bb-embed-source", text: `${label}: ${attrs.url}` }),
    ])
    if (!attrs.title && WITH_SNAPSHOT.has(attrs.provider)) {
      about.append(
        el("span", {
          className: "bb-hint",
          text: interpolate(gettext("Its title and picture come from %(site)s when the story is saved."), {
            site: label,
          }),
        }),
      )
    }
    body.append(el("figure", { className: "bb-embed-card" }, [frame, about]))
  },
  edit(view) {
    const { attrs } = view.node
    embedDialog(view.editor, { url: attrs.url, caption: attrs.caption }).then((answer) => {
      if (!answer) return
      // Another address is another post: its snapshot is taken again on save.
      const same = answer.url === attrs.url
      view.setAttrs(same ? { caption: answer.caption } : { ...answer, title: "", author: "", thumbnail: "" })
    })
  },
}

export const Embed = Node.create({
  name: "embed",
  group: "block",
  atom: true,
  draggable: true,
  addOptions: withMenu,
  addAttributes() {
    const names = ["provider", "url", "title", "author", "thumbnail", "caption"]
    return Object.fromEntries(names.map((name) => [name, plain()]))
  },
  parseHTML() {
    return [
      {
        tag: 'figure[data-block="embed"]',
        getAttrs: (dom) => ({
          provider: dom.getAttribute("data-provider") || "",
          url: dom.getAttribute("data-url") || "",
          title: dom.getAttribute("data-title") || "",
          author: dom.getAttribute("data-author") || "",
          thumbnail: dom.getAttribute("data-thumbnail") || "",
          caption: dom.querySelector("figcaption")?.textContent || "",
        }),
      },
    ]
  },
  renderHTML({ node }) {
    const a = node.attrs
    const attrs = { "data-block": "embed", "data-provider": a.provider, "data-url": a.url }
    // The snapshot the desk took on save (articles/embeds.py) stays with the block.
    if (a.title) attrs["data-title"] = a.title
    if (a.author) attrs["data-author"] = a.author
    if (isId(a.thumbnail)) attrs["data-thumbnail"] = a.thumbnail
    return ["figure", attrs, ...figcaption(a.caption)]
  },
  addNodeView() {
    return blockView(EMBED)
  },
  addCommands() {
    return {
      insertEmbed: (attrs) => blockCommand({ type: this.name, attrs }),
    }
  },
  addMenuItems({ buttons, menu }) {
    if (!this.options.menu) return
    defineBlockItem(menu, buttons, {
      name: "embed",
      icon: "embed",
      text: gettext("Embed"),
      title: gettext("Embed a post or video"),
      command: (editor) =>
        embedDialog(editor, { url: "", caption: "" }).then((answer) => {
          if (answer) editor.chain().focus().insertEmbed(answer).run()
        }),
    })
  },
})

// Pull quotes ---------------------------------------------------------------------------------

const quoteDialog = updateAttrsDialog(
  {
    text: { title: gettext("Quoted words"), format: "textarea", required: true },
    attribution: { title: gettext("Who said them"), description: gettext("Name, and role if it helps.") },
  },
  { title: gettext("Pull quote"), submitText: gettext("Save") },
)

const PULL_QUOTE = {
  kind: "pullquote",
  label: gettext("Pull quote"),
  icon: "pullQuote",
  describe: (attrs) => `${gettext("Pull quote")}: ${attrs.text}${attrs.attribution ? ` — ${attrs.attribution}` : ""}`,
  draw(body, attrs) {
    body.append(
      el("figure", { className: "bb-pullquote" }, [
        el("blockquote", {}, [el("p", { text: attrs.text })]),
        attrs.attribution
          ? el("figcaption", { text: attrs.attribution })
          : el("figcaption", { className: "bb-hint", text: gettext("No speaker yet: Edit to say who said it.") }),
      ]),
    )
  },
  edit(view) {
    quoteDialog(view.editor, view.node.attrs).then((attrs) => {
      if (attrs?.text.trim()) view.setAttrs({ text: attrs.text.trim(), attribution: attrs.attribution.trim() })
    })
  },
}

export const PullQuote = Node.create({
  name: "pullQuote",
  group: "block",
  atom: true,
  draggable: true,
  addOptions: withMenu,
  addAttributes() {
    return { text: plain(), attribution: plain() }
  },
  parseHTML() {
    return [
      {
        tag: 'aside[data-block="pullquote"]',
        getAttrs: (dom) => ({
          text: Array.from(dom.querySelectorAll("p"))
            .map((p) => p.textContent)
            .join(" "),
          attribution: dom.querySelector("cite")?.textContent || "",
        }),
      },
    ]
  },
  renderHTML({ node }) {
    const { text, attribution } = node.attrs
    return ["aside", { "data-block": "pullquote" }, ["p", {}, text], ...(attribution ? [["cite", {}, attribution]] : [])]
  },
  addNodeView() {
    return blockView(PULL_QUOTE)
  },
  addCommands() {
    return {
      insertPullQuote: (attrs) => blockCommand({ type: this.name, attrs }),
    }
  },
  addMenuItems({ buttons, menu }) {
    if (!this.options.menu) return
    defineBlockItem(menu, buttons, {
      name: "pullQuote",
      icon: "pullQuote",
      text: gettext("Pull quote"),
      title: gettext("Pull quote: words set large, with who said them"),
      command: (editor) =>
        quoteDialog(editor, {}).then((attrs) => {
          if (attrs?.text.trim()) {
            editor.chain().focus().insertPullQuote({ text: attrs.text.trim(), attribution: attrs.attribution.trim() }).run()
          }
        }),
    })
  },
})

// Callouts ------------------------------------------------------------------------------------

// A box of ordinary text and lists, e.g. "Key developments on Jan. 5:" and its bullets.
export const Callout = Node.create({
  name: "callout",
  group: "block",
  content: "(paragraph | heading | bulletList | orderedList | blockquote)+",
  defining: true,
  addOptions: withMenu,
  parseHTML() {
    return [{ tag: 'aside[data-block="callout"]' }]
  },
  renderHTML() {
    return ["aside", { "data-block": "callout" }, 0]
  },
  addCommands() {
    return {
      toggleCallout:
        () =>
        ({ commands }) =>
          commands.toggleWrap(this.name),
    }
  },
  addMenuItems({ buttons, menu }) {
    if (!this.options.menu) return
    menu.defineItem({
      name: "callout",
      groups: "blocks",
      command: (editor) => editor.chain().focus().toggleCallout().run(),
      button: buttons.svg(iconHTML("callout", gettext("Callout")), gettext("Callout box (e.g. Key developments)")),
      active: (editor) => editor.isActive("callout"),
    })
  },
})

// Related stories -----------------------------------------------------------------------------

const RELATED = {
  kind: "related",
  label: gettext("Related story"),
  icon: "related",
  describe(attrs, view) {
    const story = view.data.story(attrs.article)
    return `${gettext("Related story")}: ${story?.title || attrs.article}`
  },
  draw(body, attrs, view) {
    const story = view.data.story(attrs.article)
    if (!story) {
      const text =
        story === undefined
          ? gettext("Loading the story…")
          : interpolate(gettext("Story %(id)s was not found, or you may not open it; readers see no card."), {
              id: attrs.article,
            })
      body.append(el("div", { className: "bb-related-card is-missing", text }))
      return
    }
    body.append(
      el("div", { className: "bb-related-card" }, [
        story.thumbnail_url
          ? el("img", { src: story.thumbnail_url, alt: "", draggable: "false" })
          : el("span", { className: "bb-related-blank" }),
        el("span", { className: "bb-related-text" }, [
          el("span", {
            className: "bb-kicker",
            text: story.section ? `${gettext("Read also")} · ${story.section}` : gettext("Read also"),
          }),
          el("strong", { className: "bb-related-title", text: story.title }),
          story.is_published
            ? null
            : el("span", { className: "bb-hint", text: gettext("Not published yet: readers see this card once it is.") }),
        ]),
      ]),
    )
  },
  edit(view) {
    chooseStory(view.editor).then((story) => {
      if (story) view.setAttrs({ article: String(story.id) })
    })
  },
}

export const RelatedStory = Node.create({
  name: "relatedStory",
  group: "block",
  atom: true,
  draggable: true,
  addOptions: withMenu,
  addAttributes() {
    return { article: plain() }
  },
  parseHTML() {
    return [
      {
        tag: 'aside[data-block="related"]',
        getAttrs: (dom) => ({ article: dom.getAttribute("data-article") || "" }),
      },
    ]
  },
  renderHTML({ node }) {
    return ["aside", { "data-block": "related", "data-article": node.attrs.article }]
  },
  addNodeView() {
    return blockView(RELATED)
  },
  addCommands() {
    return {
      insertRelatedStory: (article) => blockCommand({ type: this.name, attrs: { article: String(article) } }),
    }
  },
  addMenuItems({ buttons, menu }) {
    if (!this.options.menu) return
    defineBlockItem(menu, buttons, {
      name: "relatedStory",
      icon: "related",
      text: gettext("Related story"),
      title: gettext("Card for another of our stories"),
      command: (editor) =>
        chooseStory(editor).then((story) => {
          if (story) editor.chain().focus().insertRelatedStory(story.id).run()
        }),
    })
  },
})

// Tables --------------------------------------------------------------------------------------

const tableDialog = updateAttrsDialog(
  {
    header: {
      title: gettext("A header row"),
      description: gettext("Column names, set apart above the rows."),
      enum: [gettext("Yes"), gettext("No")],
    },
    rows: { title: gettext("Rows under it"), format: "number", default: "3", min: "1", max: "100" },
    columns: { title: gettext("Columns"), format: "number", default: "3", min: "1", max: "20" },
  },
  { title: gettext("Table"), submitText: gettext("Insert the table") },
)

// The built-in table with a caption (stored as data-caption; readers get a <caption>).
export const TableWithCaption = Table.extend({
  addOptions() {
    return { ...this.parent?.(), menu: true }
  },
  addCommands() {
    return { ...this.parent?.(), insertTableBlock: blockCommand }
  },
  addAttributes() {
    return {
      ...this.parent?.(),
      caption: {
        default: "",
        parseHTML: (dom) => dom.getAttribute("data-caption") || "",
        renderHTML: (attrs) => (attrs.caption ? { "data-caption": attrs.caption } : {}),
      },
    }
  },
  addMenuItems({ editor, buttons, menu }) {
    this.parent?.({ editor, buttons, menu })
    // Inserting a table is one of the blocks; its row and column tools show inside a table.
    defineBlockItem(menu, buttons, {
      name: "table",
      icon: "table",
      text: gettext("Table"),
      title: gettext("Table (the first row can be its header)"),
      command: (editor) =>
        tableDialog(editor, {}).then((answer) => {
          if (!answer) return
          const rows = Math.min(Math.max(Number.parseInt(answer.rows, 10) || 1, 1), 100)
          const columns = Math.min(Math.max(Number.parseInt(answer.columns, 10) || 1, 1), 20)
          const row = (type) => ({
            type: "tableRow",
            content: Array.from({ length: columns }, () => ({ type, content: [{ type: "paragraph" }] })),
          })
          const content = [
            ...(answer.header === gettext("Yes") ? [row("tableHeader")] : []),
            ...Array.from({ length: rows }, () => row("tableCell")),
          ]
          // The cursor goes to the first cell: table, row, cell, paragraph.
          editor.chain().focus().insertTableBlock({ type: "table", content }, { inside: 4 }).run()
        }),
      hidden: () => !this.options.menu,
    })
    menu.defineItem({
      name: "table:caption",
      groups: "table",
      command: (editor) => {
        const current = editor.getAttributes("table").caption || ""
        updateAttrsDialog(
          { caption: { title: gettext("Table caption"), default: current } },
          { title: gettext("Table"), submitText: gettext("Save") },
        )(editor, { caption: current }).then((attrs) => {
          if (attrs) editor.chain().focus().updateAttributes("table", { caption: attrs.caption.trim() }).run()
        })
      },
      button: buttons.svg(iconHTML("caption", gettext("Caption")), gettext("Table caption")),
      hidden: (editor) => !editor.isActive("table"),
    })
  },
})

// Cells hold text and inline marks (articles/blocks.py): a list, a quote or a picture typed or
// inserted in a cell would reach readers as markup, so the editor keeps them out.
export const TextTableCell = TableCell.extend({ content: "paragraph+" })
export const TextTableHeader = TableHeader.extend({ content: "paragraph+" })
