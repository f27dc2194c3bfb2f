"""Serve a folder on 127.0.0.1 for the quality gate: ``python localserver.py DIR PORT [--bare]``.

This is ``python -m http.server --bind 127.0.0.1 --directory DIR PORT`` with three
changes. Each response carries the headers a portal is published with
(``etulinja.site.headers.HEADERS``: the strict Content-Security-Policy among them), so the
gate sees the site as readers of a well-configured host do; ``--bare`` leaves them out
(the gate's own defect pages use inline styles on purpose). Each response also carries
a ``LinkChecker`` header: LinkChecker then lifts its politeness limit of 10 requests a
second to one host, which is meant for other people's servers, not for our own loopback
copy of a site with a thousand generated pages. And the request log is silenced, so a
test run's output stays readable.
"""

from __future__ import annotations

import sys
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from etulinja.site.headers import HEADERS


class GateHandler(SimpleHTTPRequestHandler):
    """Static files, as a static host would serve them, plus the LinkChecker header."""

    security_headers: dict[str, str] = HEADERS

    def end_headers(self) -> None:
        for name, value in self.security_headers.items():
            self.send_header(name, value)
        self.send_header("LinkChecker", "local test server")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def main(argv: list[str]) -> None:
    directory, port = argv[0], int(argv[1])
    if "--bare" in argv[2:]:
        GateHandler.security_headers = {}
    handler = partial(GateHandler, directory=directory)
    with ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1:])
