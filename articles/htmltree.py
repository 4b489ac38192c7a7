"""A small element tree for story bodies: parse sanitised HTML, walk it, write it back.

Bodies are nh3's output (well-formed, a known set of tags), so Python's own HTMLParser is
enough; what it writes back is escaped again, so a tree never carries markup it did not parse.
"""

from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

VOID = {"br", "hr", "img", "wbr", "col"}
# Elements inside a line of text: no space is put between them and their neighbours.
INLINE = {"a", "strong", "em", "b", "i", "u", "s", "sub", "sup", "code", "cite", "span"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list["Element | str"] = field(default_factory=list)

    def elements(self, tag: str | None = None) -> list["Element"]:
        """The direct child elements (of one tag)."""
        return [
            child
            for child in self.children
            if isinstance(child, Element) and (tag is None or child.tag == tag)
        ]

    def text(self) -> str:
        """The text inside, with blocks separated by a space and runs of spaces collapsed."""
        parts: list[str] = []
        _collect_text(self, parts)
        return " ".join("".join(parts).split())

    def inner_html(self) -> str:
        return "".join(to_html(child) for child in self.children)


def _collect_text(node, parts: list[str]) -> None:
    if isinstance(node, str):
        parts.append(node)
        return
    if node.tag == "br":
        parts.append(" ")
    for child in node.children:
        _collect_text(child, parts)
    if node.tag not in INLINE:
        parts.append(" ")


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        # Close up to the matching open element; a stray end tag is ignored.
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(html: str) -> list[Element | str]:
    """The top-level nodes of an HTML fragment."""
    builder = _TreeBuilder()
    builder.feed(html or "")
    builder.close()
    return builder.root.children


def to_html(node: Element | str) -> str:
    if isinstance(node, str):
        return escape(node, quote=False)
    attrs = "".join(f' {name}="{escape(value)}"' for name, value in node.attrs.items())
    if node.tag in VOID:
        return f"<{node.tag}{attrs}>"
    return f"<{node.tag}{attrs}>{node.inner_html()}</{node.tag}>"
