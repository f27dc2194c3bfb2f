"""Every partial of the theme keeps its contract (src/etulinja/site/partials.yml).

Each partial macro (and each partial template without macros) has a contract with named
examples; every example renders the way Etulinja renders its templates (autoescape on,
the theme's own ``url`` filter), shows what the contract says it shows, and an example
marked ``text`` prints its hostile values as text: no element or attribute made of them.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from etulinja.config import load_config
from etulinja.site.frames import relative_url
from etulinja.site.theme import template_context

REPO = Path(__file__).resolve().parents[2]
PARTIALS = REPO / "overrides" / "partials"
CONTRACTS: dict[str, dict[str, Any]] = yaml.safe_load(
    resources.files("etulinja.site").joinpath("partials.yml").read_text(encoding="utf-8"))
WHOLE_TEMPLATE = "(template)"


def environment(lang: str = "fi") -> jinja2.Environment:
    """Jinja as Etulinja renders its templates (site/frames.py), for one language."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(REPO / "overrides")),
                             autoescape=True)
    env.filters["url"] = jinja2.pass_context(
        lambda context, value: relative_url(str(value), "catalogue/services/x/"))
    env.globals["etulinja"] = template_context(load_config(REPO), lang)
    return env


def render(env: jinja2.Environment, template: str, name: str,
           example: dict[str, Any]) -> str:
    """One named example of a partial, rendered."""
    if name == WHOLE_TEMPLATE:
        page = dict(example["page"])
        return env.get_template(f"partials/{template}").render(page=SimpleNamespace(**page))
    module = env.get_template(f"partials/{template}").make_module(
        {"etulinja": env.globals["etulinja"]})
    return str(getattr(module, name)(*example.get("args", []), **example.get("kwargs", {})))


EXAMPLES = [
    pytest.param(template, name, example, id=f"{template}:{name}:{example['name']}")
    for template, macros in CONTRACTS.items()
    for name, contract in macros.items()
    for example in contract["examples"]
]


def test_every_partial_has_a_contract() -> None:
    """A partial added without a contract (or a contract for one that is gone) fails."""
    found: dict[str, set[str]] = {}
    for path in sorted(PARTIALS.glob("etu-*.html")):
        macros = set(re.findall(r"\{%-?\s*macro\s+(\w+)\(", path.read_text(encoding="utf-8")))
        found[path.name] = macros or {WHOLE_TEMPLATE}
    declared = {template: set(macros) for template, macros in CONTRACTS.items()}
    assert declared == found
    for template, macros in CONTRACTS.items():
        for name, contract in macros.items():
            assert contract.get("purpose") and contract.get("params"), (template, name)
            assert any(e.get("text") for e in contract["examples"]) or name == "example_notice", (
                f"{template}:{name} has no 'html as text' example")


@pytest.mark.parametrize(("template", "name", "example"), EXAMPLES)
def test_each_example_shows_what_its_contract_says(template: str, name: str,
                                                   example: dict[str, Any]) -> None:
    html = render(environment(), template, name, example)
    shows = example.get("shows")
    if shows == []:
        assert html.strip() == "", html
    for words in shows or []:
        assert words in html, f"{words!r} not in:\n{html}"
    for words in example.get("hides") or []:
        assert words not in html, f"{words!r} in:\n{html}"


@pytest.mark.parametrize(("template", "name", "example"),
                         [p for p in EXAMPLES if p.values[2].get("text")])
def test_an_html_as_text_example_prints_text(template: str, name: str,
                                             example: dict[str, Any]) -> None:
    html = render(environment(), template, name, example)
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(True):
        assert isinstance(element, Tag)
        assert element.name not in ("script", "img", "b", "i", "u", "s"), html
        assert not any(attribute.startswith("on") for attribute in element.attrs), html
    if "<script>pwn()</script>" in json.dumps(example, ensure_ascii=False):
        seen = soup.get_text() + " ".join(
            " ".join(v) if isinstance(v, list) else str(v)
            for e in soup.find_all(True) if isinstance(e, Tag) for v in e.attrs.values())
        assert "<script>pwn()</script>" in seen, html


def test_fill_keeps_the_markup_made_by_in_lang() -> None:
    env = environment("sv")
    module = env.get_template("partials/etu-text.html").make_module(
        {"etulinja": env.globals["etulinja"]})
    html = str(module.fill("Tarkastanut {who}", who=module.in_lang("A & <B>", "fi")))
    assert html == 'Tarkastanut <span lang="fi">A &amp; &lt;B&gt;</span>'
    assert str(module.fill("<b>{x}</b>", x="y")) == "&lt;b&gt;y&lt;/b&gt;"  # the table too


def test_template_context_is_data_only() -> None:
    """What templates get is data: strings and numbers, and the slot markers as markup."""
    context = template_context(load_config(REPO), "sv")
    json.dumps(context)  # nothing but JSON-able values
