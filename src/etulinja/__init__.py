"""Etulinja: build Finnish mental-health and substance-use portals from Markdown and YAML.

The package never imports MkDocs: it loads and validates content, assembles a plain
Markdown tree for the site generator, and holds the command-line interface. MkDocs
hooks in ``hooks/`` are thin adapters over it.
"""

from __future__ import annotations

__version__ = "0.1.0"
