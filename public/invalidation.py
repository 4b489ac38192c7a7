"""Which cached pages a change drops: those showing what changed, and no others.

The content apps know nothing about the cache; this module listens to their models' signals
and to the workflow's story signals (articles.signals), and names the page-cache keys that
each change touches (see public.pagecache for what each key means). The purge itself waits
for the transaction to commit (pagecache.purge_keys).

A page that lists a story carries the story's key (`a:<id>`), so a story that changes or
leaves a listing purges it through its own key. Listing keys (`front`, `section:<id>`, …)
are needed only where a story *enters* a listing: when it becomes visible, or moves
section, publish time, tag or byline.

What a story looked like before a save travels with that save (articles.signals.row_save):
the workflow hands over the row it has locked; any other save has it read at pre_save.

Each language has its own listings: a story's listing keys are its edition's language's
(`uk:front`, `uk:section:<id>`: pagecache.in_language); a section or an author changed
purges its pages in every language. Stories (`a:<id>`: each edition is a row of its own),
pictures, bylines, the navigation, the banner and the sitemaps are one key for all languages.

A story's editions name each other (the language switcher, hreflang alternates, JSON-LD), so
each edition's page carries the key of them all (`editions:<translation key>`): an edition
that readers see, or saw until this save, purges its siblings' pages with it.
"""

from typing import NamedTuple

from django.apps import apps
from django.db.models import Exists, OuterRef
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from articles import signals as story_signals
from articles.models import Article, ArticleAuthor, TaggedArticle, TagName
from authors import languages

from .pagecache import (
    editions_key,
    in_every_language,
    in_language,
    purge_keys,
    tag_languages_key,
)

# Fields the workflow writes on every move, which readers never see.
BOOKKEEPING = {"version", "modified_by", "modified_at"}


# What _snapshot reads: loaded alone before a save, not the whole row with its body.
SNAPSHOT_FIELDS = (
    "status",
    "published_at",
    "section",
    "significant_update_at",
    "slug",
    "title",
    "language",
    "translation_key",
    "translated_from",
)


class Snapshot(NamedTuple):
    """What readers could see of a story, as far as the pages that are not its own care."""

    is_visible: bool = False
    listed: tuple = ()  # where listings show it: its section, time and language
    lastmod: tuple = ()  # what sitemaps say of it: its last significant change and address
    # What its other editions' pages show of it (switcher, alternates, JSON-LD).
    edition: tuple = ()
    translation_key: object = None


def _snapshot(article) -> Snapshot:
    return Snapshot(
        article.is_published,
        (article.section_id, article.published_at, article.language),
        (article.significant_update_at, article.slug, article.language),
        (
            article.language,
            article.slug,
            article.title,
            article.translated_from_id,
            article.translation_key,
        ),
        article.translation_key,
    )


def _editions(*translation_keys) -> list[str]:
    """The pages of the stories with these translation keys, whose editions name each other:
    only where there are languages to switch between."""
    if len(languages.codes()) < 2:
        return []
    return sorted({editions_key(key) for key in translation_keys if key is not None})


def listing_keys(article) -> list[str]:
    """Every listing a visible story appears in: where it arrives when it is published (its
    language's listings)."""
    keys = ["front", "feed"]
    if article.section_id:
        keys.append(f"section:{article.section_id}")
    keys += [
        f"tag:{pk}"
        for pk in TaggedArticle.objects.filter(content_object=article).values_list(
            "tag_id", flat=True
        )
    ]
    keys += [
        f"author:{pk}"
        for pk in ArticleAuthor.objects.filter(article=article).values_list("author_id", flat=True)
    ]
    return [*(in_language(key, article.language) for key in keys), "sitemap"]


def _tag_pages(article) -> list[str]:
    """`tag-languages:<id>` of the story's tags that no other story in its language listed
    has: its arrival or departure makes or removes the tag's page in that language, which the
    tag's pages in the other languages name (public.reading.editions.tag_languages). One
    query, and only where there are other languages."""
    if len(languages.codes()) < 2:
        return []
    others = Article.objects.published().stories().filter(language=article.language)
    alone = (
        TaggedArticle.objects.filter(content_object=article)
        .annotate(shared=Exists(others.exclude(pk=article.pk).filter(tags=OuterRef("tag_id"))))
        .filter(shared=False)
        .values_list("tag_id", flat=True)
    )
    return _languages_of_tags(alone)


def _languages_of_tags(tag_ids) -> list[str]:
    return [tag_languages_key(pk) for pk in tag_ids] if len(languages.codes()) > 1 else []


def _remember(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance._state.adding or instance.pk is None:
        return
    if update_fields and set(update_fields) <= BOOKKEEPING:
        return
    call = story_signals.row_save(instance)
    if call is not None and call.before is None:
        # Saved from outside the workflow: read what readers could see before the save.
        call.before = Article.objects.only(*SNAPSHOT_FIELDS).filter(pk=instance.pk).first()


def _article_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields and set(update_fields) <= BOOKKEEPING):
        return
    call = story_signals.row_save(instance)
    old = call.before if call is not None else None
    before = _snapshot(old) if old is not None else Snapshot()
    now = _snapshot(instance)
    keys, hard = [f"a:{instance.pk}"], False
    was_visible, is_visible = before.is_visible, now.is_visible
    if was_visible != is_visible or (is_visible and before.edition != now.edition):
        # Its other editions' pages link it, or linked it until now.
        keys += _editions(before.translation_key, now.translation_key)
    if was_visible != is_visible:
        keys += _tag_pages(instance)
    if is_visible and (not was_visible or before.listed != now.listed):
        keys += listing_keys(instance)
    elif was_visible and not is_visible:
        keys.append("sitemap")
        hard = True  # a takedown is never served stale
    elif is_visible and before.lastmod != now.lastmod:
        # A significant update moves the sitemaps' lastmod; a new address is a new <loc>
        # (and a new alternate of its story's other editions).
        keys.append("sitemap")
    purge_keys(keys, hard=hard)


def _article_deleted(sender, instance, **kwargs):
    purge_keys([f"a:{instance.pk}", "sitemap", *_editions(instance.translation_key)], hard=True)


def _byline_changed(sender, instance, **kwargs):
    keys = [f"a:{instance.article_id}"]
    article = instance.article
    if kwargs.get("created", True) and article.is_published:
        keys.append(in_language(f"author:{instance.author_id}", article.language))
    purge_keys(keys)


def _tags_changed(sender, instance, action, pk_set=None, **kwargs):
    if not action.startswith("post_") or not isinstance(instance, Article):
        return
    keys = [f"a:{instance.pk}"]
    if action == "post_add" and instance.is_published:
        keys += [in_language(f"tag:{pk}", instance.language) for pk in pk_set or ()]
    if action in ("post_add", "post_remove") and instance.is_published:
        # The tag's page in its language may come or go: the other languages' name it.
        keys += _languages_of_tags(pk_set or ())
    purge_keys(keys)


def _tag_row_changed(sender, instance, **kwargs):
    keys = [f"a:{instance.content_object_id}"]
    if kwargs.get("created", True):
        # The story's language is not at hand (a query to learn it): the tag's pages in every
        # language, the rarest of these changes (an import, a restore).
        keys += in_every_language(f"tag:{instance.tag_id}")
    purge_keys(keys)


def _tag_name_changed(sender, instance, raw=False, **kwargs):
    """A tag's name in a language: its page in that language."""
    if not raw:
        purge_keys([in_language(f"tag:{instance.tag_id}", instance.language)])


def _keys_for(label: str):
    """The keys a save or delete of one row of these models touches."""
    return {
        "articles.Correction": lambda row: [f"corrections:{row.article_id}"],
        # The navigation, and the front page's section blocks.
        "articles.Section": lambda row: [
            "nav",
            "sitemap",
            *in_every_language("front", f"section:{row.pk}"),
        ],
        "articles.Banner": lambda row: ["banner"],
        # An editor's arrangement of a language's front page, and its live strip.
        "articles.FrontPageSlot": lambda row: [in_language("front", row.language)],
        "authors.Author": lambda row: [
            "sitemap",
            f"byline:{row.pk}",
            *in_every_language(f"author:{row.pk}"),
        ],
        "media.Image": lambda row: [f"image:{row.pk}"],
    }[label]


def _purger(label: str, *, hard: bool):
    keys_for = _keys_for(label)

    def purge(sender, instance, raw=False, **kwargs):
        if not raw:
            purge_keys(keys_for(instance), hard=hard)

    return purge


def _story_signal(sender, article, action="", **kwargs):
    if action == "correction":
        keys = [f"corrections:{article.pk}"]  # listed under the story, nowhere else
    elif action == "significant_update":
        keys = [f"a:{article.pk}", "sitemap"]
    else:
        keys = [f"a:{article.pk}"]
    purge_keys(keys)


def _story_withdrawn(sender, article, **kwargs):
    purge_keys([f"a:{article.pk}", "sitemap", *_editions(article.translation_key)], hard=True)


def connect() -> None:
    pre_save.connect(_remember, sender=Article, dispatch_uid="purge-remember:article")
    post_save.connect(_article_saved, sender=Article, dispatch_uid="purge-on-save:article")
    post_delete.connect(_article_deleted, sender=Article, dispatch_uid="purge-on-delete:article")
    for signal in (post_save, post_delete):
        signal.connect(
            _byline_changed, sender=ArticleAuthor, dispatch_uid=f"purge-byline:{id(signal)}"
        )
        signal.connect(
            _tag_row_changed, sender=TaggedArticle, dispatch_uid=f"purge-tag:{id(signal)}"
        )
    m2m_changed.connect(_tags_changed, sender=TaggedArticle, dispatch_uid="purge-tags")
    for signal in (post_save, post_delete):
        signal.connect(
            _tag_name_changed, sender=TagName, dispatch_uid=f"purge-tag-name:{id(signal)}"
        )
    for label in (
        "articles.Correction",
        "articles.Section",
        "articles.Banner",
        "articles.FrontPageSlot",
        "authors.Author",
        "media.Image",
    ):
        model = apps.get_model(label)
        # weak=False: these closures live nowhere else.
        post_save.connect(
            _purger(label, hard=False), sender=model, weak=False, dispatch_uid=f"purge-save:{label}"
        )
        post_delete.connect(
            _purger(label, hard=True), sender=model, weak=False, dispatch_uid=f"purge-del:{label}"
        )
    story_signals.story_published.connect(_story_signal, dispatch_uid="purge-on-story:published")
    story_signals.story_updated.connect(_story_signal, dispatch_uid="purge-on-story:updated")
    story_signals.story_withdrawn.connect(_story_withdrawn, dispatch_uid="purge-on-story:withdrawn")
