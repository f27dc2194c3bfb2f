"""The HTTP headers a portal is published with: a strict Content-Security-Policy and a
few more that keep readers' browsers from leaking what they read.

The site needs no inline script or style, no other host and no plugin, so the policy
allows only the site's own files (and WebAssembly, which the search index runs on).
Static hosts differ in how headers are set: ``etulinja build`` writes a ``_headers``
file (Netlify, Cloudflare Pages and others read it), the README shows the same headers
for nginx and Apache, and every page carries the policy in a ``<meta>`` element for
hosts that set no headers at all.
"""

from __future__ import annotations

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
"""The policy every page works under, with zero violations (the quality gate checks)."""

_META_IGNORED = ("frame-ancestors",)
"""Directives browsers ignore in a ``<meta>`` policy, and complain about in the console."""


def meta_policy() -> str:
    """The policy as a ``<meta http-equiv>`` carries it (without frame-ancestors)."""
    directives = [d.strip() for d in CONTENT_SECURITY_POLICY.split(";")]
    return "; ".join(d for d in directives if d.split(" ", 1)[0] not in _META_IGNORED)


HEADERS: dict[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
"""Headers for every response of the published site."""

HEADERS_FILE = "_headers"


def headers_file() -> str:
    """The ``_headers`` file for hosts that read it: every path gets ``HEADERS``."""
    lines = ["/*"] + [f"  {name}: {value}" for name, value in HEADERS.items()]
    return "\n".join(lines) + "\n"


def nginx_snippet() -> str:
    """``add_header`` lines for an nginx ``server`` or ``location`` block."""
    return "\n".join(f'add_header {name} "{value}" always;'
                     for name, value in HEADERS.items()) + "\n"


def apache_snippet() -> str:
    """``Header`` lines for Apache (mod_headers), in the site's configuration or .htaccess."""
    return "\n".join(f'Header always set {name} "{value}"'
                     for name, value in HEADERS.items()) + "\n"
