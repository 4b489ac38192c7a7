import io
from wsgiref.util import setup_testing_defaults

import pytest

from newsroom.wsgi import application

pytestmark = pytest.mark.django_db


def call_wsgi(method, path):
    """The application as gunicorn calls it (the test client drops HEAD bodies by itself)."""
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "wsgi.input": io.BytesIO()}
    setup_testing_defaults(environ)
    environ["HTTP_HOST"] = "testserver"
    started = {}

    def start_response(status, headers, exc_info=None):
        started.update(status=status, headers=dict(headers))

    response = application(environ, start_response)
    try:
        body = b"".join(response)
    finally:
        response.close()
    return started["status"], started["headers"], body


@pytest.mark.parametrize("path", ["/healthz", "/robots.txt", "/", "/news/no-such-story/"])
def test_head_responses_have_the_get_headers_but_no_body(path):
    """gunicorn logs a warning for every HEAD response that carries a body."""
    get_status, get_headers, get_body = call_wsgi("GET", path)
    status, headers, body = call_wsgi("HEAD", path)
    assert body == b""
    assert get_body
    assert status == get_status
    assert headers.get("Content-Length") == get_headers.get("Content-Length")
