"""What the desk's bad-input tests share: hypothesis settings, junk values, the refusal check."""

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tests.security.snapshot import content_snapshot

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
junk = st.one_of(
    st.sampled_from(["", " ", "\x00", "x" * 3000, "-1", "0", "1e9", "abc", "<b>", "💥", "%00"]),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=40),
)
# Files the media library must refuse, whatever their name says.
not_an_image = st.one_of(
    st.binary(max_size=2000).filter(lambda data: not data.startswith((b"\xff\xd8", b"\x89PNG"))),
    st.sampled_from(
        [
            b"",
            b"\xff\xd8\xff\xe0" + b"\0" * 100,  # a JPEG header and nothing after it
            b"\x89PNG\r\n\x1a\n" + b"\0" * 50,
            b"GIF89a" + b"\0" * 20,
            b"<svg onload=alert(1)>",
            b"%PDF-1.4",
        ]
    ),
)
NULL = st.text(max_size=10).map(lambda value: f"{value}\x00{value}")


def assert_refused(response, before):
    """The form again with its errors, or a 4xx; nothing stored."""
    assert response.status_code in (200, 400, 403), response.status_code
    if response.status_code == 200:
        html = response.content.decode()
        assert "errornote" in html or "errorlist" in html, "refused without saying why"
    assert content_snapshot() == before
