"""The editor's tools: scaffolds for new content, spreadsheet import and export.

A layer of its own beside the commands: it writes sources (never the site), so it may use
the domain packages to validate what it writes and ``site`` to check a whole portal the way
``etulinja check`` does, and nothing below it imports it.
"""
