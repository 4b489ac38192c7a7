"""The desk's snapshot of an embed: title, author and a thumbnail copied into our library.

When an editor saves a story with an embed that has no snapshot yet, the desk asks the
provider's oEmbed endpoint once. Readers then see our copy of the thumbnail and nothing is
loaded from the provider until they click (see articles.blocks and the article page).

Fetching is deliberately narrow, since the address comes from whoever wrote the story: https
only, only the known providers' oEmbed endpoints and thumbnail hosts (articles.blocks.PROVIDERS),
no redirects, a short timeout and a size limit. Everything goes through `fetch()`, which
tests replace: they never reach the network.
"""

import hashlib
import http.client
import json
import logging
import urllib.request
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from media.models import Image

from . import blocks, htmltree

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 4
OEMBED_MAX_BYTES = 256 * 1024
ALLOWED_HOSTS = frozenset(
    host
    for provider in blocks.PROVIDERS.values()
    for host in (
        *((urlsplit(provider.oembed).hostname,) if provider.oembed else ()),
        *provider.thumbnail_hosts,
    )
)


class FetchError(Exception):
    pass


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        raise FetchError("the provider answered with a redirect")


def fetch(url: str, *, limit: int) -> bytes:
    """The body of an https GET to one of ALLOWED_HOSTS, at most `limit` bytes."""
    parts = urlsplit(url)
    if (
        parts.scheme != "https"
        or parts.hostname not in ALLOWED_HOSTS
        or parts.port not in (None, 443)
    ):
        raise FetchError(f"not an address the desk may fetch: {url}")
    opener = urllib.request.build_opener(_NoRedirects)
    request = urllib.request.Request(url, headers={"User-Agent": "Newsroom embed preview"})
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            data = response.read(limit + 1)
    except FetchError:
        raise
    except (OSError, ValueError, http.client.HTTPException) as error:
        # URLError (no network, unknown host), timeouts, refused or broken connections.
        raise FetchError(str(error)) from error
    if len(data) > limit:
        raise FetchError("the answer is too large")
    return data


def snapshot(provider: blocks.EmbedProvider, url: str) -> dict[str, str]:
    """data-title, data-author and data-thumbnail for an embed, from the provider's oEmbed."""
    if not provider.oembed:
        return {}
    answer = fetch(
        f"{provider.oembed}?{urlencode({'url': url, 'format': 'json'})}", limit=OEMBED_MAX_BYTES
    )
    try:
        data = json.loads(answer)
    except ValueError as error:
        raise FetchError("the provider's answer is not JSON") from error
    if not isinstance(data, dict):
        raise FetchError("the provider's answer is not an oEmbed object")
    found = {
        "data-title": " ".join(str(data.get("title") or "").split())[:300],
        "data-author": " ".join(str(data.get("author_name") or "").split())[:200],
    }
    thumbnail = str(data.get("thumbnail_url") or "")
    if urlsplit(thumbnail).hostname in provider.thumbnail_hosts:
        image = _library_copy(provider, url, thumbnail, found["data-title"], found["data-author"])
        if image is not None:
            found["data-thumbnail"] = str(image.pk)
    return {name: value for name, value in found.items() if value}


def _library_copy(provider, url, thumbnail_url, title, author) -> Image | None:
    try:
        data = fetch(thumbnail_url, limit=settings.IMAGE_MAX_UPLOAD_BYTES)
    except FetchError as error:
        logger.info("No thumbnail for %s: %s", url, error)
        return None
    existing = Image.objects.filter(content_hash=hashlib.sha256(data).hexdigest()).first()
    if existing is not None:
        return existing
    label = blocks.PROVIDER_LABELS[provider.name]
    image = Image(
        file=ContentFile(data, name=f"{provider.name}-thumbnail.jpg"),
        title=f"{label} thumbnail: {title or url}"[:255],
        credit=(f"{author}/{label}" if author else label)[:255],
        source=url[:255],
    )
    try:
        image.save()
    except ValidationError as error:  # not an image we accept: no thumbnail, still an embed
        logger.info("Thumbnail of %s refused: %s", url, error)
        return None
    return image


# What an embed is, in words for the editor, and what readers get without its preview.
_NOUNS = {
    "youtube": "video",
    "vimeo": "video",
    "soundcloud": "recording",
    "spotify": "recording",
    "flickr": "photo",
}
_WITHOUT_PREVIEW = {
    "video": "its address and a play button",
    "recording": "its address and a play button",
}


def missing_preview_note(provider: blocks.EmbedProvider, url: str) -> str:
    """What the desk is told when a provider could not be asked for an embed's preview: the
    story is saved all the same, and readers still get the embed."""
    noun = _NOUNS.get(provider.name, "post")
    readers_see = _WITHOUT_PREVIEW.get(noun, "its address and a button that opens it")
    label = blocks.PROVIDER_LABELS[provider.name]
    return (
        f"We could not fetch a preview of this {noun} from {label} ({url}); readers will see "
        f"{readers_see}. Saving again tries once more."
    )


def add_snapshots(html: str) -> tuple[str, list[str]]:
    """The body with a snapshot on each embed that lacks one, and notes for the desk on the
    embeds whose provider could not be reached (they stay, as links with a play button)."""
    nodes = htmltree.parse(html)
    notes, changed = [], False
    for node in nodes:
        if not (
            isinstance(node, htmltree.Element)
            and node.tag == "figure"
            and node.attrs.get("data-block") == "embed"
            and not node.attrs.get("data-title")
        ):
            continue
        provider = blocks.PROVIDERS.get(node.attrs.get("data-provider", ""))
        url = node.attrs.get("data-url", "")
        if provider is None or provider.match(url) is None or not provider.oembed:
            continue
        try:
            found = snapshot(provider, url)
        except FetchError as error:
            # The reason is for the logs: the desk gets words, not an exception.
            logger.info("No preview of %s: %s", url, error)
            notes.append(missing_preview_note(provider, url))
            continue
        node.attrs.update(found)
        changed = True
    if not changed:
        return html, notes
    return "".join(htmltree.to_html(node) for node in nodes), notes
