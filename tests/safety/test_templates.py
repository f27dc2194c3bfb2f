"""Every partial of Etulinja's theme prints a value with < " & ' as text.

The partials are rendered the way Etulinja renders service pages (autoescape on, the
theme's own ``url`` filter), each macro with hostile values in every parameter it prints;
the output must hold the value escaped and no element or attribute made from it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jinja2
import pytest
from bs4 import BeautifulSoup, Tag

from etulinja.config import load_config
from etulinja.site.frames import relative_url
from etulinja.site.theme import template_context

REPO = Path(__file__).resolve().parents[2]
HOSTILE = """<script>pwn()</script><img src=x onerror="pwn()">'"&amp;"""


@pytest.fixture(scope="module")
def env() -> jinja2.Environment:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(REPO / "overrides")),
                                     autoescape=True)
    environment.filters["url"] = jinja2.pass_context(
        lambda context, value: relative_url(str(value), "catalogue/services/x/"))
    environment.globals["etulinja"] = template_context(load_config(REPO), "fi")
    return environment


def _macro(env: jinja2.Environment, template: str, name: str) -> Any:
    module = env.get_template(template).make_module({"etulinja": env.globals["etulinja"]})
    return getattr(module, name)


def _assert_text_only(html: str) -> None:
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(True):
        assert isinstance(element, Tag)
        assert element.name not in ("script", "img"), html
        assert not any(name.startswith("on") for name in element.attrs), html
    assert HOSTILE in soup.get_text() or any(
        HOSTILE in (v if isinstance(v, str) else " ".join(v))
        for e in soup.find_all(True) if isinstance(e, Tag) for v in e.attrs.values()), html


SERVICE_ITEM = {"id": "x", "name": HOSTILE, "name_lang": "fi", "summary": HOSTILE,
                "summary_lang": "sv", "level": 1, "level_label": HOSTILE, "munis": HOSTILE,
                "counties": HOSTILE, "topics": HOSTILE, "groups": HOSTILE, "langs": HOSTILE,
                "age_min": 0, "age_max": 120}
HOURS = {"lines": [{"days": HOSTILE, "time": HOSTILE}], "note": HOSTILE,
         "exceptions": [{"date": HOSTILE, "time": HOSTILE, "note": HOSTILE}],
         "holidays": [{"date": "x", "iso": "2026-12-06", "name": HOSTILE}]}
FILTERS = {"municipalities": [{"code": "398", "name": HOSTILE, "url": "x/"}],
           "counties": [{"code": "09", "name": HOSTILE}],
           "topics": [{"code": "sleep", "name": HOSTILE}], "groups": [{"code": "KR1", "name":
                                                                         HOSTILE}],
           "levels": [{"code": 1, "name": HOSTILE}], "languages": [{"code": "fi", "name":
                                                                     HOSTILE}]}

MACROS = [
    pytest.param("partials/etu-catalogue.html", "service_item", (SERVICE_ITEM,), {},
                 id="catalogue-service-item"),
    pytest.param("partials/etu-catalogue.html", "hours_block", (HOURS,), {},
                 id="catalogue-hours"),
    pytest.param("partials/etu-catalogue.html", "finder", (FILTERS,), {"places": True},
                 id="catalogue-finder"),
    pytest.param("partials/etu-catalogue.html", "choice", ("topic", HOSTILE,
                                                          FILTERS["topics"]), {},
                 id="catalogue-choice"),
    pytest.param("partials/etu-urgent.html", "line",
                 ({"label": HOSTILE, "number": HOSTILE, "tel": HOSTILE, "hours": HOSTILE}, True),
                 {}, id="urgent-line"),
    pytest.param("partials/etu-text.html", "in_lang", (HOSTILE, "sv"), {}, id="text-in-lang"),
    pytest.param("partials/etu-text.html", "fill", ("{who} ({when})",),
                 {"who": HOSTILE, "when": HOSTILE}, id="text-fill"),
]


@pytest.mark.parametrize(("template", "name", "args", "kwargs"), MACROS)
def test_a_partial_prints_values_as_text(env: jinja2.Environment, template: str, name: str,
                                         args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    html = str(_macro(env, template, name)(*args, **kwargs))
    _assert_text_only(html)


def test_fill_keeps_the_markup_made_by_in_lang(env: jinja2.Environment) -> None:
    in_lang = _macro(env, "partials/etu-text.html", "in_lang")
    fill = _macro(env, "partials/etu-text.html", "fill")
    html = str(fill("Tarkastanut {who}", who=in_lang("A & <B>", "sv")))
    assert html == 'Tarkastanut <span lang="sv">A &amp; &lt;B&gt;</span>'
    assert str(fill("<b>{x}</b>", x="y")) == "&lt;b&gt;y&lt;/b&gt;"  # the table is text too


def _service_view(value: str) -> dict[str, Any]:
    hours = {"lines": [{"days": value, "time": value}], "note": value,
             "exceptions": [{"date": value, "time": value, "note": value}], "holidays": []}
    return {
        "id": "x", "name": value, "name_lang": "fi", "summary": value, "summary_lang": "fi",
        "temporarily_closed": True, "validity": value,
        "level": {"n": 1, "title": value, "explain": value},
        "target_groups": [value], "age": value, "topics": [value], "methods": [value],
        "access": [{"label": value, "explain": value}], "charge": value,
        "charge_details": value, "languages": [value],
        "area": {"text": value, "excluded": value, "note": value},
        "organisation": {"name": value, "type": value, "website": "https://example.org/?a&b"},
        "phones": [{"number": value, "tel": "+35835550801", "label": value, "charge": value,
                    "hours": hours}],
        "locations": [{"name": value, "street": value, "postal": value,
                       "accessibility": value, "map_url": "https://osm.example/?a&b",
                       "hours": hours}],
        "web": "https://example.org/?a&b", "email": "a@example.org",
        "e_service": {"url": "https://example.org/", "login": value},
        "chat": {"url": "https://example.org/", "hours": hours},
        "holidays": [{"date": value, "iso": "2026-12-06", "name": value}],
        "reviewed": {"text": value, "by": value}, "ptv_id": value,
        "home_county": "09", "search_area": value, "county_link": "catalogue/areas/x/",
    }


def test_the_service_page_body_prints_every_field_as_text(env: jinja2.Environment) -> None:
    from types import SimpleNamespace

    data = {"service": _service_view(HOSTILE), "description_lang": "fi",
            "example_notice": True}
    page = SimpleNamespace(title=HOSTILE, content="<p>Kuvaus</p>", url="catalogue/services/x/",
                           meta={"etulinja": data})
    html = env.get_template("partials/etu-service-body.html").render(page=page)
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all("script") and not soup.find_all("img")
    assert not [e for e in soup.find_all(True) if isinstance(e, Tag)
                and any(a.startswith("on") for a in e.attrs)]
    assert soup.get_text().count(HOSTILE) >= 25
    meta = soup.find(attrs={"data-pagefind-meta": lambda v: v and v.startswith("area:")})
    assert isinstance(meta, Tag) and meta["data-pagefind-meta"] == f"area:{HOSTILE}"
    # the description is HTML the content policy made, and is kept as such
    assert soup.find("p", string="Kuvaus") is not None


def test_template_context_is_data_only() -> None:
    """What templates get is plain data (strings, numbers): nothing already marked safe."""
    context = template_context(load_config(REPO), "sv")
    json.dumps(context)  # no Markup or other objects that would bypass escaping
