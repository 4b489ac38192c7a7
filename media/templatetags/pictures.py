"""`{% picture picture "lead" sizes="…" %}`: a responsive `<picture>` of a library image."""

from django import template
from django.utils.safestring import SafeString

from media.pictures import Picture, draw
from media.specs import PICTURE_SPECS, PURPOSES

register = template.Library()


@register.simple_tag
def picture(
    image: Picture | None, spec, sizes="100vw", *, lead=False, css_class="", alt=None
) -> SafeString:
    """A Picture (media.pictures.draw), its spec named by purpose ("lead", "avatar", "body").

    Missing renditions are made on the spot (once); `manage.py renditions warm` makes them ahead.
    The HTML is built in Python, not in an included template: a listing shows twenty of them
    and an inclusion tag's template render cost more than finding the renditions. The desk
    draws an Image as `Picture.of(image)`.
    """
    if PURPOSES.get(spec, spec) not in PICTURE_SPECS:
        raise template.TemplateSyntaxError(
            f"{spec!r} is not in media.specs.PICTURE_SPECS; add it there so `renditions warm` "
            "and `renditions clean` know about it."
        )
    return draw(image, spec, sizes, lead=lead, css_class=css_class, alt=alt)
