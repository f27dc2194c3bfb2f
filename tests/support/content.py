"""Content files of the smallest valid kind, for tests that plant one mistake in them."""

from __future__ import annotations

import datetime as dt

ARTICLE = """---
title: Testiartikkeli
summary: Lyhyt kuvaus testiartikkelista, joka on tarpeeksi pitkä.
audience: [citizens]
age_groups: [adults]
topics: [sleep]
last_reviewed: {reviewed}
reviewed_by: Testaaja, psykologi
---

Tekstiä.
"""
"""A valid article (docs/articles/<id>.<lang>.md); ``{reviewed}`` is its review date."""


def article(reviewed: str | None = None, **replace: str) -> str:
    """The article reviewed on ``reviewed`` (default: today), each ``old=new`` replaced
    once (keyword names are the text to find, so pass them as ``**{"old": "new"}``)."""
    text = ARTICLE.replace("{reviewed}", reviewed or dt.date.today().isoformat())
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    return text
