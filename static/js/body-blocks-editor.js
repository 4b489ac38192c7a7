// Body blocks for the desk's editor (django-prose-editor's "configurable" preset loads this
// module; see DJANGO_PROSE_EDITOR_EXTENSIONS in settings). Each block is written in the stored
// format of articles/blocks.py: ids, choices and plain text only. The server sanitises, checks
// and renders them; the editor only shows a summary of each block.
import {
  Node,
  Table,
  gettext,
  updateAttrsDialog,
} from "django-prose-editor/editor"

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

// The library's chooser (media app) when it is on the page, else a dialog asking for an id.
function chooseImage(editor) {
  return new Promise((resolve) => {
    const chooser = window.NewsroomImageChooser
    if (chooser && typeof chooser.open === "function") {
      chooser.open({ onChoose: (image) => resolve(image || null) })
      return
    }
    updateAttrsDialog(
      { id: { title: gettext("Library image number"), required: true } },
      { title: gettext("Picture from the library"), submitText: gettext("Choose") },
    )(editor, {}).then((attrs) => resolve(attrs && isId(attrs.id) ? { id: attrs.id.trim() } : null))
  })
}

// A block shown in the editor as a labelled box; double-click (or Enter on it) to edit.
function summaryView(label, describe, edit) {
  return ({ node, editor, getPos }) => {
    const dom = document.createElement("div")
    dom.className = "body-block-summary"
    dom.contentEditable = "false"
    const render = (current) => {
      dom.replaceChildren()
      const title = document.createElement("strong")
      title.textContent = label
      const text = document.createElement("span")
      text.textContent = describe(current.attrs)
      // A preview address from the chooser (an embed's thumbnail is a library id: no preview).
      if (/^(https?:)?\//.test(current.attrs.thumbnail || "")) {
        const img = document.createElement("img")
        img.src = current.attrs.thumbnail
        img.alt = ""
        dom.append(img)
      }
      dom.append(title, text)
    }
    render(node)
    if (edit) {
      dom.addEventListener("dblclick", () => edit(editor, node, getPos()))
    }
    return {
      dom,
      update(updated) {
        if (updated.type !== node.type) return false
        node = updated
        render(updated)
        return true
      },
    }
  }
}

function defineItem(menu, buttons, name, icon, tooltip, command) {
  menu.defineItem({
    name,
    groups: "blocks",
    command,
    button: buttons.material(icon, tooltip),
  })
}

const imageDialog = updateAttrsDialog(
  {
    width: { title: gettext("Width"), enum: WIDTHS, default: "column" },
    caption: {
      title: gettext("Caption"),
      description: gettext("Leave empty to use the library's caption; the credit is added."),
      format: "textarea",
    },
  },
  { title: gettext("Picture in the story"), submitText: gettext("Save") },
)

export const BodyImage = Node.create({
  name: "bodyImage",
  group: "block",
  atom: true,
  draggable: true,
  addAttributes() {
    return { image: plain(), width: plain("column"), caption: plain(), thumbnail: plain() }
  },
  parseHTML() {
    return [
      {
        tag: 'figure[data-block="image"]',
        getAttrs: (dom) => ({
          image: dom.getAttribute("data-image") || "",
          width: dom.getAttribute("data-width") || "column",
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
    return summaryView(
      gettext("Picture"),
      (a) => `#${a.image} · ${a.width}${a.caption ? ` · ${a.caption}` : ""}`,
      (editor, node, pos) =>
        imageDialog(editor, node.attrs).then((attrs) => {
          if (attrs) editor.chain().command(({ tr }) => {
            tr.setNodeMarkup(pos, undefined, { ...node.attrs, ...attrs })
            return true
          }).run()
        }),
    )
  },
  addCommands() {
    return {
      insertBodyImage:
        (attrs) =>
        ({ commands }) =>
          commands.insertContent({ type: this.name, attrs }),
    }
  },
  addMenuItems({ buttons, menu }) {
    defineItem(menu, buttons, "bodyImage", "image", gettext("Picture from the library"), (editor) =>
      chooseImage(editor).then((image) => {
        if (!image || !isId(image.id)) return
        imageDialog(editor, { width: "column", caption: "" }).then((attrs) => {
          if (!attrs) return
          editor.chain().focus().insertBodyImage({
            image: String(image.id),
            width: attrs.width,
            caption: attrs.caption,
            thumbnail: image.thumbnail_url || "",
          }).run()
        })
      }),
    )
  },
})

const galleryDialog = (editor, attrs) =>
  updateAttrsDialog(
    {
      images: {
        title: gettext("Library image numbers, in order"),
        description: gettext("Separated by commas; captions come from the library."),
        required: true,
        picker: {
          label: gettext("Add from the library…"),
          handler: ({ input }) =>
            chooseImage(editor).then((image) => {
              if (image && isId(image.id)) {
                input.value = [input.value.trim(), image.id].filter(Boolean).join(", ")
              }
            }),
        },
      },
    },
    { title: gettext("Gallery"), submitText: gettext("Save") },
  )(editor, attrs)

const galleryItems = (text) =>
  text
    .split(/[\s,]+/)
    .filter(isId)
    .map((id) => ({ image: id, caption: "" }))

export const Gallery = Node.create({
  name: "gallery",
  group: "block",
  atom: true,
  draggable: true,
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
      ...node.attrs.items.map((item) => [
        "figure",
        { "data-image": item.image },
        ...figcaption(item.caption),
      ]),
    ]
  },
  addNodeView() {
    return summaryView(
      gettext("Gallery"),
      (a) => `${a.items.length} ${gettext("photos")}: #${a.items.map((i) => i.image).join(", #")}`,
      (editor, node, pos) =>
        galleryDialog(editor, { images: node.attrs.items.map((i) => i.image).join(", ") }).then(
          (attrs) => {
            if (!attrs) return
            const captions = Object.fromEntries(node.attrs.items.map((i) => [i.image, i.caption]))
            const items = galleryItems(attrs.images).map((i) => ({
              ...i,
              caption: captions[i.image] || "",
            }))
            editor.chain().command(({ tr }) => {
              tr.setNodeMarkup(pos, undefined, { items })
              return true
            }).run()
          },
        ),
    )
  },
  addCommands() {
    return {
      insertGallery:
        (items) =>
        ({ commands }) =>
          commands.insertContent({ type: this.name, attrs: { items } }),
    }
  },
  addMenuItems({ buttons, menu }) {
    defineItem(menu, buttons, "gallery", "photo_library", gettext("Gallery"), (editor) =>
      galleryDialog(editor, { images: "" }).then((attrs) => {
        const items = attrs ? galleryItems(attrs.images) : []
        if (items.length) editor.chain().focus().insertGallery(items).run()
      }),
    )
  },
})

export const Embed = Node.create({
  name: "embed",
  group: "block",
  atom: true,
  draggable: true,
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
    return summaryView(
      gettext("Embed"),
      (a) => `${a.provider}: ${a.title || a.url}${a.caption ? ` · ${a.caption}` : ""}`,
    )
  },
  addCommands() {
    return {
      insertEmbed:
        (attrs) =>
        ({ commands }) =>
          commands.insertContent({ type: this.name, attrs }),
    }
  },
  addMenuItems({ buttons, menu }) {
    defineItem(menu, buttons, "embed", "smart_display", gettext("Embed a post or video"), (editor) =>
      updateAttrsDialog(
        {
          url: {
            title: gettext("Address of the post or video"),
            description: gettext(
              "YouTube, Vimeo, X, Telegram, Instagram, Facebook, SoundCloud, Spotify or Flickr.",
            ),
            format: "url",
            required: true,
          },
          caption: { title: gettext("Caption"), format: "textarea" },
        },
        { title: gettext("Embed"), submitText: gettext("Insert") },
      )(editor, {}).then((attrs) => {
        if (!attrs) return
        const provider = providerFor(attrs.url)
        if (!provider) {
          window.alert(gettext("That address is not one of the sites we can embed."))
          return
        }
        editor.chain().focus().insertEmbed({ provider, url: attrs.url.trim(), caption: attrs.caption }).run()
      }),
    )
  },
})

const quoteDialog = updateAttrsDialog(
  {
    text: { title: gettext("Quoted words"), format: "textarea", required: true },
    attribution: { title: gettext("Who said them") },
  },
  { title: gettext("Pull quote"), submitText: gettext("Save") },
)

export const PullQuote = Node.create({
  name: "pullQuote",
  group: "block",
  atom: true,
  draggable: true,
  addAttributes() {
    return { text: plain(), attribution: plain() }
  },
  parseHTML() {
    return [
      {
        tag: 'aside[data-block="pullquote"]',
        getAttrs: (dom) => ({
          text: Array.from(dom.querySelectorAll("p")).map((p) => p.textContent).join(" "),
          attribution: dom.querySelector("cite")?.textContent || "",
        }),
      },
    ]
  },
  renderHTML({ node }) {
    const { text, attribution } = node.attrs
    return [
      "aside",
      { "data-block": "pullquote" },
      ["p", {}, text],
      ...(attribution ? [["cite", {}, attribution]] : []),
    ]
  },
  addNodeView() {
    return summaryView(
      gettext("Pull quote"),
      (a) => `“${a.text}”${a.attribution ? ` — ${a.attribution}` : ""}`,
      (editor, node, pos) =>
        quoteDialog(editor, node.attrs).then((attrs) => {
          if (attrs) editor.chain().command(({ tr }) => {
            tr.setNodeMarkup(pos, undefined, attrs)
            return true
          }).run()
        }),
    )
  },
  addCommands() {
    return {
      insertPullQuote:
        (attrs) =>
        ({ commands }) =>
          commands.insertContent({ type: this.name, attrs }),
    }
  },
  addMenuItems({ buttons, menu }) {
    defineItem(menu, buttons, "pullQuote", "format_quote", gettext("Pull quote"), (editor) =>
      quoteDialog(editor, {}).then((attrs) => {
        if (attrs?.text.trim()) editor.chain().focus().insertPullQuote(attrs).run()
      }),
    )
  },
})

// A box of ordinary text and lists, e.g. "Key developments on Jan. 5:" and its bullets.
export const Callout = Node.create({
  name: "callout",
  group: "block",
  content: "(paragraph | heading | bulletList | orderedList | blockquote)+",
  defining: true,
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
    menu.defineItem({
      name: "callout",
      groups: "blocks",
      command: (editor) => editor.chain().focus().toggleCallout().run(),
      button: buttons.material("info", gettext("Callout box (e.g. Key developments)")),
      active: (editor) => editor.isActive("callout"),
    })
  },
})

export const RelatedStory = Node.create({
  name: "relatedStory",
  group: "block",
  atom: true,
  draggable: true,
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
    return summaryView(gettext("Related story"), (a) => `#${a.article}`)
  },
  addCommands() {
    return {
      insertRelatedStory:
        (article) =>
        ({ commands }) =>
          commands.insertContent({ type: this.name, attrs: { article: String(article) } }),
    }
  },
  addMenuItems({ buttons, menu }) {
    defineItem(menu, buttons, "relatedStory", "article", gettext("Related story card"), (editor) =>
      updateAttrsDialog(
        {
          story: {
            title: gettext("Story number, or its desk address"),
            description: gettext("Shown as a card only while that story is published."),
            required: true,
          },
        },
        { title: gettext("Related story"), submitText: gettext("Insert") },
      )(editor, {}).then((attrs) => {
        const found = attrs && /(?:^|\/)([1-9][0-9]{0,9})(?:\/change)?\/?$/.exec(attrs.story.trim())
        if (found) editor.chain().focus().insertRelatedStory(found[1]).run()
      }),
    )
  },
})

// The built-in table with a caption (stored as data-caption; readers get a <caption>).
export const TableWithCaption = Table.extend({
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
    menu.defineItem({
      name: "table:caption",
      groups: "table",
      command: (editor) => {
        const current = editor.getAttributes("table").caption || ""
        updateAttrsDialog(
          { caption: { title: gettext("Table caption"), default: current } },
          { title: gettext("Table"), submitText: gettext("Save") },
        )(editor, { caption: current }).then((attrs) => {
          if (attrs) editor.chain().focus().updateAttributes("table", attrs).run()
        })
      },
      button: buttons.material("short_text", gettext("Table caption")),
      hidden: (editor) => !editor.isActive("table"),
    })
  },
})
