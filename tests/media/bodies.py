"""Story bodies that show a picture in each place a body can."""

from tests.factories import ImageFactory


def body(image, place) -> str:
    other = ImageFactory()  # a gallery holds more than one picture; not the writer's
    return (
        "<p>The council voted on Tuesday.</p>"
        + {
            "inline": f'<figure data-block="image" data-image="{image.pk}"></figure>',
            "live post": f'<figure data-block="image" data-image="{image.pk}"></figure>',
            "gallery": f'<figure data-block="gallery"><figure data-image="{other.pk}"></figure>'
            f'<figure data-image="{image.pk}"></figure></figure>',
            "embed": '<figure data-block="embed" data-provider="youtube" '
            'data-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ" data-title="Briefing" '
            f'data-thumbnail="{image.pk}"></figure>',
        }[place]
    )
