"""Guided self-care: each programme's guide for professionals, the links to it from the
landing page and from the catalogue's guided self-care services, and the check that an
article leads to the programmes on its topic."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from etulinja.config import load_config
from etulinja.reference import i18n
from etulinja.site.content import check
from etulinja.site.guides import guided_programmes
from tests.support.portal import REPO, run_etulinja
from tests.support.sitepages import LANGUAGES, soup

PREFIX = {"fi": "", "sv": "sv/", "en": "en/"}


def _guided() -> dict[str, dict[str, object]]:
    found = {}
    for path in sorted((REPO / "self_care").glob("*/programme.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "guide" in data:
            found[path.parent.name] = data
    return found


GUIDED = _guided()


def test_the_new_programmes_have_guides() -> None:
    assert {"low-mood", "worry", "alcohol", "parents-coping"} <= set(GUIDED)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("programme", sorted(GUIDED))
def test_guide_page_lists_each_contact_with_its_steps(site: Path, programme: str,
                                                      lang: str) -> None:
    data = GUIDED[programme]
    contacts = data["guide"]["contacts"]  # type: ignore[index]
    assert 1 <= len(contacts) <= 5
    page = soup(site / PREFIX[lang] / "self-care" / programme / "guide" / "index.html")
    strings = i18n.table(lang)
    titles = [h.get_text(strip=True) for h in page.select(".etu-guide-contact h3")]
    assert titles == [str(strings["guide.contact"]).format(n=n)
                      for n in range(1, len(contacts) + 1)]
    for item, contact in zip(page.select(".etu-guide-contact"), contacts, strict=True):
        linked = [a["href"].rstrip("/").split("/")[-1] for a in item.select(".etu-guide-steps a")]
        assert linked == contact["steps"]
        assert item.select(".etu-guide-ask li"), "every contact says what to ask"
    assert page.select(".etu-guide-step-up li"), "the guide says when to step up"
    # the landing page leads to its guide
    landing = soup(site / PREFIX[lang] / "self-care" / programme / "index.html")
    links = [a["href"] for a in landing.select(".etu-guide-link a")]
    assert links and links[0].rstrip("/").endswith("guide")


def test_guided_self_care_services_link_the_guides_of_their_topics(site: Path) -> None:
    content, _ = check(load_config(REPO))
    programmes = content.programmes
    linked_somewhere = False
    for service in content.catalogue.listed(content.today):
        expected = sorted(p.id for p in guided_programmes(service, programmes))
        for lang in LANGUAGES:
            page = soup(site / PREFIX[lang] / "catalogue" / "services" / service.id / "index.html")
            guides = [a["href"].rstrip("/").split("/")[-2]
                      for a in page.select(".etu-service-guides a[data-etu-guide]")]
            assert sorted(guides) == expected, (service.id, lang)
            linked_somewhere = linked_somewhere or bool(guides)
    assert linked_somewhere, "the example catalogue has guided self-care services"


def _topics_line(path: Path) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith("topics:"))


def test_article_without_its_programme_link_warns_at_its_topics_line(portal: Path) -> None:
    article = portal / "docs" / "articles" / "low-mood.sv.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(re.sub(r"\[([^\]]*)\]\(\.\./self-care/low-mood/index\.md\)", r"\1", text),
                       encoding="utf-8")
    result = run_etulinja(portal, "check")
    output = result.stdout + result.stderr
    line = _topics_line(article)
    assert f"docs/articles/low-mood.sv.md:{line}: warning: topics: the self-care programme 'low-mood'" \
        in output, output
    assert "0 error(s), 1 warning(s)" in output, output
    assert "low-mood.fi.md" not in output


def test_a_guide_naming_an_unknown_step_is_an_error_at_its_line(portal: Path) -> None:
    path = portal / "self_care" / "low-mood" / "programme.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    n = next(i for i, line in enumerate(lines) if line.strip() == "- steps: [small-activities]")
    lines[n] = lines[n].replace("small-activities", "no-such-step")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_etulinja(portal, "check")
    output = result.stdout + result.stderr
    assert f"self_care/low-mood/programme.yml:{n + 1}: guide.contacts.1.steps.0: " \
           "'no-such-step' is no step of this programme" in output, output
