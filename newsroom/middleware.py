"""Project-wide HTTP middleware that belongs to no app."""


class HeadResponseMiddleware:
    """Send HEAD responses without their body.

    Django renders a HEAD request like a GET and leaves dropping the body to the server
    (runserver and the test client do). gunicorn drops it too, but logs "WSGI app sent body
    bytes on a no-body response" for each one, and load balancers and monitors send HEAD all
    day. Outermost in MIDDLEWARE, so Content-Length and ETag still describe the GET body.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "HEAD":
            if response.streaming:
                # The original iterator (a file) is still closed with the response.
                response.streaming_content = []
            else:
                response.content = b""
        return response
