"""The body editor's configuration and the desk's content security policy."""

from django.conf import settings
from django.utils.csp import CSP
from django_prose_editor.config import DEFAULT_MENU_GROUPS

# The rich-text editor loads its modules through an import map, an inline script that CSP
# allows only with the request's nonce (the admin's templates add it). Public pages keep the
# site-wide policy without nonces, so their cached copies stay valid.
ADMIN_CSP = {**settings.SECURE_CSP}
ADMIN_CSP["script-src"] = [CSP.SELF, CSP.NONCE]

BODY_EDITOR = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "Strike": True,
        "Subscript": True,
        "Superscript": True,
        "Heading": {"levels": [2, 3, 4]},
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "HorizontalRule": True,
        "HardBreak": True,
        "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
        "History": True,
        # Body blocks (static/js/body-blocks-editor.js, stored as articles/blocks.py says).
        "BodyImage": True,
        "Gallery": True,
        "Embed": True,
        "TableWithCaption": True,
        "TableRow": True,
        "TableHeader": True,
        "TableCell": True,
        "PullQuote": True,
        "Callout": True,
        "RelatedStory": True,
        "Menu": {"groups": [*DEFAULT_MENU_GROUPS, {"group": "blocks"}]},
    }
}
