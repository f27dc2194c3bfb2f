"""Serve a folder on 127.0.0.1 for the quality gate: ``python localserver.py DIR PORT``.

This is ``python -m http.server --bind 127.0.0.1 --directory DIR PORT`` with two
changes. Each response carries a ``LinkChecker`` header: LinkChecker then lifts its
politeness limit of 10 requests a second to one host, which is meant for other
people's servers, not for our own loopback copy of a site with a thousand generated
pages. And the request log is silenced, so a test run's output stays readable.
"""

from __future__ import annotations

import sys
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class GateHandler(SimpleHTTPRequestHandler):
    """Static files, as a static host would serve them, plus the LinkChecker header."""

    def end_headers(self) -> None:
        self.send_header("LinkChecker", "local test server")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def main(argv: list[str]) -> None:
    directory, port = argv[0], int(argv[1])
    handler = partial(GateHandler, directory=directory)
    with ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1:])
