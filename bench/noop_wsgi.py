"""A WSGI app that answers at once, under the same gunicorn as the portal: bench/load.py times its paced crowd
against it for the floor the load generator and the machine put under every response time."""

BODY = b"x" * 9000  # about the size of a public page


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(BODY)))])
    return [BODY]
