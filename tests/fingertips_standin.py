"""A Fingertips API stand-in on 127.0.0.1, for tests whose portal runs in another process (a worker): it answers
the data and metadata addresses the portal reads with the rows tests/test_fingertips_fetch.py builds, and can hold
the metadata answer until the test lets it go, so a test can look at a fetch half-way."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from .indicator_files import fingertips_csv, metadata_csv
from .test_fingertips_fetch import METADATA_ROW, data_rows, icb_rows


class StandIn:
    def __init__(self):
        self.asked_metadata = threading.Event()  # the fetch is half-way: the figures came, the metadata is asked for
        self.release = threading.Event()  # set: answer the metadata at once
        self.release.set()
        handler = type("Handler", (Handler,), {"standin": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def hold(self):
        self.asked_metadata.clear()
        self.release.clear()

    def close(self):
        self.release.set()
        self.server.shutdown()


class Handler(BaseHTTPRequestHandler):
    standin = None

    def do_GET(self):
        address = urlparse(self.path)
        query = parse_qs(address.query)
        if address.path.endswith("indicator_metadata/csv/by_indicator_id"):
            self.standin.asked_metadata.set()
            self.standin.release.wait(60)
            body = metadata_csv([METADATA_ROW])
        elif query.get("child_area_type_id") == ["221"]:
            body = fingertips_csv(icb_rows())
        else:
            body = fingertips_csv(data_rows())
        self.send_response(200)
        self.send_header("Content-Type", "text/csv")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass
