"""Search quality, measured on the built example site the way readers search: a crisis
said in everyday words reaches help first, nothing is found through a fragment of a
word, the count is true and every result can be reached, everyday words find their
topic, and nothing found still leaves the reader somewhere to go.

The phrasings are our own test set (src/etulinja/data/crisis_terms.yml is the list the
site uses; these are written as readers type, with inflections, capitals and
punctuation, so they test the normalising as well as the list)."""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

import pytest
from playwright.sync_api import Page

from etulinja.reference import search_terms
from tests.quality.gate import (
    GuardedContext,
    axe_violations,
    describe_violations,
    open_page,
    outside_requests,
)

PREFIX = {"fi": "", "sv": "sv/", "en": "en/"}

CRISIS = {
    "fi": ["itsemurha", "Itsemurhaa", "itsemurhan tekeminen", "itsemurha-ajatukset",
           "haluan kuolla", "Haluan vaan kuolla", "en jaksa elää", "en jaksa enää elää",
           "tappaa itseni", "miten tapan itseni", "viiltely", "viiltelen", "itsetuhoisuus",
           "itsetuhoiset ajatukset", "en halua elää", "itsensä vahingoittaminen"],
    "sv": ["självmord", "Självmordstankar", "vill inte leva", "jag vill inte leva längre",
           "vill dö", "Jag vill dö", "skada mig själv", "självskadebeteende",
           "ta livet av mig", "orkar inte leva"],
    "en": ["suicide", "Suicidal thoughts", "kill myself", "I want to die", "i wanna die",
           "self-harm", "self harm", "end my life", "want to end my life",
           "hurting myself", "I don't want to live", "better off dead"],
}

NOT_CRISIS = {"fi": ["uni", "Peluuri", "masennus", "itsetunto"], "sv": ["sömn", "oro"],
              "en": ["sleep", "worry", "die casting"]}


def search(guarded: GuardedContext, lang: str, query: str) -> Page:
    """The search page of ``lang`` opened afresh with ``query``, its search finished."""
    if guarded.page is not None and not guarded.page.is_closed():
        guarded.page.close()  # a new fragment on the same page would not reload it
    page = open_page(guarded, f"{PREFIX[lang]}search/#q={quote(query)}")
    page.wait_for_function(
        "(q) => document.getElementById('etu-search-page').getAttribute('data-searched') === q",
        arg=query.strip(), timeout=15_000)
    return page


def results(page: Page) -> list[str]:
    found: list[str] = page.eval_on_selector_all(
        ".etu-search-results li a", "links => links.map(a => a.pathname)")
    return found


def crisis_first(page: Page) -> bool:
    """The crisis answer is shown, with 112, above the status line and any results."""
    if not page.is_visible("#etu-search-crisis"):
        return False
    if not page.is_visible("#etu-search-crisis a[href='tel:112']"):
        return False
    top = page.eval_on_selector("#etu-search-crisis", "e => e.getBoundingClientRect().top")
    below = page.eval_on_selector_all(
        ".etu-search-page__status, .etu-search-results li",
        "items => items.map(i => i.getBoundingClientRect().top)")
    return all(top < y for y in below)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_crisis_phrasing_shows_the_urgent_answer_first(
    site_contexts: dict[str, GuardedContext], lang: str
) -> None:
    guarded = site_contexts["mobile"]
    missed = [query for query in CRISIS[lang] if not crisis_first(search(guarded, lang, query))]
    assert not missed, f"{lang}: no crisis answer for {missed}"
    wrongly = [query for query in NOT_CRISIS[lang]
               if search(guarded, lang, query).is_visible("#etu-search-crisis")]
    assert not wrongly, f"{lang}: crisis answer for {wrongly}"


def test_the_crisis_answer_is_in_the_readers_language_and_county(
    site_contexts: dict[str, GuardedContext]
) -> None:
    guarded = site_contexts["desktop"]
    page = search(guarded, "sv", "vill dö")
    tels = page.eval_on_selector_all("#etu-search-crisis a[href^='tel:']",
                                     "links => links.map(a => a.getAttribute('href'))")
    assert tels[0] == "tel:112"
    assert "tel:+358925250112" in tels  # the Swedish-language crisis line
    assert page.is_visible("#etu-search-crisis a[href='https://sekasin.fi/']")
    county = page.eval_on_selector("[data-etu-county]", "e => e.dataset.etuCounty")
    assert not page.is_visible(f"[data-etu-county='{county}']")
    page.evaluate("(c) => localStorage.setItem('etulinja.county', c)", county)
    page = search(guarded, "sv", "självmord")
    try:
        assert page.is_visible(f"#etu-search-crisis [data-etu-county='{county}'] a[href^='tel:']")
        assert page.locator("#etu-search-crisis [data-etu-county]:visible").count() == 1
    finally:
        page.evaluate("() => localStorage.removeItem('etulinja.county')")


def test_the_crisis_list_is_clinical_content_with_a_reviewer() -> None:
    terms = search_terms.crisis_terms()
    assert terms.reviewer and terms.reviewed
    assert all(len(terms.terms[lang]) >= 8 for lang in ("fi", "sv", "en"))
    for lang, queries in CRISIS.items():
        assert all(terms.matches(query) for query in queries), lang
    assert not any(terms.matches(query) for found in NOT_CRISIS.values() for query in found)


@pytest.mark.parametrize(("text", "expected"), [
    ("Haluan  KUOLLA!", "haluan kuolla"),
    ("Självmord", "självmord"),
    (unicodedata.normalize("NFD", "Päihde"), "päihde"),  # typed decomposed
    ("café", "cafe"),
    ("don't", "don t"),
])
def test_queries_and_phrases_are_normalised_alike(text: str, expected: str) -> None:
    assert search_terms.normalise(text) == expected


@pytest.mark.parametrize(("lang", "query"), [("fi", "xyzzyq"), ("sv", "qwxzy"),
                                           ("en", "zxqwv")])
def test_no_results_offer_urgent_numbers_the_finder_and_the_topics(
    site_contexts: dict[str, GuardedContext], lang: str, query: str
) -> None:
    guarded = site_contexts["desktop"]
    page = search(guarded, lang, query)
    assert results(page) == []
    assert not page.is_visible("#etu-search-crisis")
    zero = ".etu-search-page__zero"
    assert page.is_visible(f"{zero} a[href='tel:112']")
    links = page.eval_on_selector_all(f"{zero} .etu-search-page__ways a",
                                      "links => links.map(a => a.pathname)")
    assert links == [f"/{PREFIX[lang]}catalogue/", f"/{PREFIX[lang]}articles/"]


def common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


# Words that are not in the index as such: Pagefind falls back to the longest indexed
# word they begin with ("masentunut" -> "ma", Monday in the sleep diary).
FRAGMENT_PRONE = [("fi", "masentunut"), ("fi", "masentaa"), ("fi", "itsemurha"),
                  ("fi", "yksinäisyyteni"), ("fi", "peliriippuvuus"), ("sv", "spelberoende"),
                  ("en", "hangover")]


@pytest.mark.parametrize(("lang", "query"), FRAGMENT_PRONE)
def test_no_result_matched_only_a_short_fragment_of_the_query(
    site_contexts: dict[str, GuardedContext], lang: str, query: str
) -> None:
    """Every result's highlighted words share at least four letters with a word the
    query searched (what was typed, or the everyday word's topic word)."""
    page = search(site_contexts["desktop"], lang, query)
    words = search_terms.normalise(query).split()
    for phrase, extra in search_terms.synonyms().get(lang, {}).items():
        if search_terms.phrase_matches(phrase, " ".join(words)):
            words += list(extra)
    marks: list[list[str]] = page.eval_on_selector_all(
        ".etu-search-results li", "items => items.map(i => [...i.querySelectorAll("
        "'.etu-search-results__excerpt mark')].map(m => m.textContent))")
    for found, path in zip(marks, results(page), strict=True):
        if not found:
            continue  # matched in the title or a field the excerpt does not show
        best = max(common_prefix(search_terms.normalise(mark), word)
                   for mark in found for word in words)
        assert best >= 4, (query, path, found)
    assert "/self-care/sleep/" not in " ".join(results(page)) or query != "masentunut"


@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
def test_the_count_is_true_and_show_more_reveals_every_result(
    site_contexts: dict[str, GuardedContext], viewport: str
) -> None:
    page = search(site_contexts[viewport], "fi", "masennus")
    status = page.text_content(".etu-search-page__status") or ""
    count = int(status.split()[0])
    assert count > 20, status  # more than Pagefind's old first page
    assert len(results(page)) == 10
    more = page.locator(".etu-search-page__more")
    while more.is_visible():
        before = len(results(page))
        more.click()
        page.wait_for_function(
            "(n) => document.querySelectorAll('.etu-search-results li').length > n", arg=before)
        # focus goes to the first new result, so keyboard readers carry on from there
        assert page.evaluate(
            "(n) => document.activeElement === "
            "document.querySelectorAll('.etu-search-results li a')[n]", before)
    found = results(page)
    assert len(found) == count
    assert len(set(found)) == count


def test_results_name_their_type_and_area(site_contexts: dict[str, GuardedContext]) -> None:
    page = search(site_contexts["desktop"], "en", "Peluuri")
    kinds = page.eval_on_selector_all(".etu-search-results__kind",
                                      "tags => tags.map(t => t.textContent)")
    assert "Service in All of Finland" in kinds
    page = search(site_contexts["desktop"], "fi", "unettomuus")
    kinds = page.eval_on_selector_all(".etu-search-results__kind",
                                      "tags => tags.map(t => t.textContent)")
    assert "Artikkeli" in kinds
    assert any(kind.startswith("Ohjelman vaihe, ") for kind in kinds)


KIND_OF_TYPE = {"fi": {"article": ("Artikkeli",), "service": ("Palvelu",),
                       "self-care": ("Omahoito-ohjelma", "Ohjelman vaihe"), "page": ("Sivu",)},
                "sv": {"article": ("Artikel",), "service": ("Tjänst",),
                       "self-care": ("Egenvårdsprogram", "Steg"), "page": ("Sida",)},
                "en": {"article": ("Article",), "service": ("Service",),
                       "self-care": ("Self-care programme", "Step"), "page": ("Page",)}}


def shown_types(page: Page) -> dict[str, int]:
    """The kinds of result offered, with the counts their labels say."""
    labels: list[list[str]] = page.eval_on_selector_all(
        ".etu-search-page__type:not([hidden]) input",
        "inputs => inputs.map(i => [i.value, i.labels[0].textContent])")
    return {value: int(text.rsplit("(", 1)[1].rstrip(")")) for value, text in labels}


@pytest.mark.parametrize(("lang", "query"), [("fi", "masennus"), ("sv", "oro"),
                                             ("en", "sleep")])
def test_results_can_be_narrowed_to_one_kind_with_true_counts(
    site_contexts: dict[str, GuardedContext], lang: str, query: str
) -> None:
    """Staff looking for a service, or a reader for something to read, choose the kind:
    each kind's count is the number of its results, the kinds add up to all, and the
    choice is kept in the address (a reload or a shared link shows the same)."""
    guarded = site_contexts["mobile"]
    page = search(guarded, lang, query)
    types = shown_types(page)
    assert len(types) >= 3, types  # all and at least two kinds
    total = int((page.text_content(".etu-search-page__status") or "").split()[0])
    assert types.pop("all") == total == len(all_results(page))
    assert sum(types.values()) == total
    for kind, count in types.items():
        page.click(f"label[for=etu-search-type-{kind}]")
        page.wait_for_function(
            "(q) => document.getElementById('etu-search-page').getAttribute('data-searched') === q",
            arg=query)
        assert f"tyyppi={kind}" in page.url
        assert int((page.text_content(".etu-search-page__status") or "").split()[0]) == count
        found = all_results(page)
        assert len(found) == count
        tags = page.eval_on_selector_all(".etu-search-results__kind",
                                         "tags => tags.map(t => t.textContent)")
        assert len(tags) == count and all(tag.startswith(KIND_OF_TYPE[lang][kind])
                                          for tag in tags), (kind, tags)
    # the last choice survives a reload; "all" brings every result back
    page.reload()
    page.wait_for_function(
        "(q) => document.getElementById('etu-search-page').getAttribute('data-searched') === q",
        arg=query)
    assert page.is_checked(f"#etu-search-type-{kind}")
    assert len(all_results(page)) == count
    page.click("label[for=etu-search-type-all]")
    page.wait_for_function(
        "(q) => document.getElementById('etu-search-page').getAttribute('data-searched') === q",
        arg=query)
    assert "tyyppi=" not in page.url and len(all_results(page)) == total
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360
    assert not outside_requests(guarded)


def test_one_kind_of_result_offers_no_choice(site_contexts: dict[str, GuardedContext]) -> None:
    page = search(site_contexts["desktop"], "en", "Peluuri")
    kinds = {tag.split(" ")[0] for tag in page.eval_on_selector_all(
        ".etu-search-results__kind", "tags => tags.map(t => t.textContent)")}
    if len(kinds) == 1:
        assert page.locator(".etu-search-page__types").is_hidden()
    else:
        assert page.locator(".etu-search-page__types").is_visible()


SYNONYMS = [
    ("fi", "peliriippuvuus", "catalogue/services/national-peluuri-helpline/"),
    ("fi", "paniikkihäiriö", "articles/anxiety/"),
    ("fi", "paniikkikohtaus", "articles/anxiety/"),
    ("fi", "masentaa", "articles/low-mood/"),
    ("fi", "en saa unta", "articles/sleep/"),
    ("fi", "krapula", "articles/alcohol/"),
    ("fi", "kännit", "articles/alcohol/"),
    ("sv", "spelberoende", "sv/catalogue/services/national-peluuri-helpline/"),
    ("sv", "panikattack", "sv/articles/anxiety/"),
    ("sv", "bakfylla", "sv/articles/alcohol/"),
    ("en", "gambling addiction", "en/catalogue/services/national-peluuri-helpline/"),
    ("en", "panic attacks", "en/articles/anxiety/"),
    # the English site has no alcohol or sleep article of its own (not indexed in English)
    ("en", "hangover", "en/catalogue/services/national-substance-use-self-help-web/"),
    ("en", "can't sleep", "en/self-care/sleep/"),
]


@pytest.mark.parametrize(("lang", "query", "expected"), SYNONYMS)
def test_everyday_words_find_their_topic(
    site_contexts: dict[str, GuardedContext], lang: str, query: str, expected: str
) -> None:
    found = results(search(site_contexts["desktop"], lang, query))
    assert f"/{expected}" in found[:10], (query, found[:10])


@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
@pytest.mark.parametrize(("lang", "query"), [("fi", "haluan kuolla"), ("sv", "självmord"),
                                           ("en", "zxqwv")])
def test_the_crisis_answer_and_no_results_pass_axe(
    site_contexts: dict[str, GuardedContext], viewport: str, lang: str, query: str
) -> None:
    page = search(site_contexts[viewport], lang, query)
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)


# Typed forms beside their base forms, as readers type them: cases, plurals, possessives
# and the stem changes Pagefind's stemmer misses (gradation, -us/-ukse-, -yys/-yyde-).
WORD_FORMS = {
    "fi": [("masennusta", "masennus"), ("masennukseen", "masennus"),
           ("masennuksen", "masennus"), ("ahdistusta", "ahdistus"),
           ("ahdistukseen", "ahdistus"), ("ahdistuksesta", "ahdistus"),
           ("omahoidon", "omahoito"), ("omahoitoa", "omahoito"), ("unettomuuteen", "unettomuus"),
           ("unettomuudesta", "unettomuus"), ("alkoholista", "alkoholi"),
           ("alkoholin", "alkoholi"), ("päihteiden", "päihteet"), ("päihteistä", "päihteet"),
           ("kriisipuhelimeen", "kriisipuhelin"), ("kriisipuhelimen", "kriisipuhelin"),
           ("yksinäisyyteen", "yksinäisyys"), ("yksinäisyydestä", "yksinäisyys"),
           ("vanhemmuuteen", "vanhemmuus"), ("rahapelaamisesta", "rahapelaaminen"),
           ("rahapelaamiseen", "rahapelaaminen"), ("stressiin", "stressi"),
           ("stressistä", "stressi"), ("paniikista", "paniikki"),
           ("terapiaan", "terapia"), ("terapiassa", "terapia"), ("nuorille", "nuoret"),
           ("vertaistukea", "vertaistuki"), ("jännittämiseen", "jännittäminen"),
           ("univaikeuksiin", "univaikeudet")],
    "sv": [("sömnen", "sömn"), ("ångesten", "ångest"), ("depressionen", "depression"),
           ("alkoholen", "alkohol"), ("kristelefonen", "kristelefon"),
           ("ensamheten", "ensamhet"), ("föräldrarna", "föräldrar"),
           ("terapin", "terapi"), ("stressen", "stress"), ("penningspelet", "penningspel")],
}


def all_results(page: Page) -> list[str]:
    """Every result of the search on the page, "show more" pressed until none are left."""
    more = page.locator(".etu-search-page__more")
    while more.is_visible():
        before = len(results(page))
        more.click()
        page.wait_for_function(
            "(n) => document.querySelectorAll('.etu-search-results li').length > n", arg=before)
    return results(page)


def word_form_figures(guarded: GuardedContext, lang: str) -> tuple[float, float, list[str]]:
    """Share of typed forms whose top result is their base form's, the mean share of the
    base form's pages the typed form finds, and the pairs that fall short."""
    same_top, recall, short = 0, 0.0, []
    bases: dict[str, list[str]] = {}
    for typed, base in WORD_FORMS[lang]:
        if base not in bases:
            bases[base] = all_results(search(guarded, lang, base))
        wanted = bases[base]
        found = all_results(search(guarded, lang, typed))
        assert wanted, f"{lang}: the base form {base!r} finds nothing: not a fair pair"
        share = len(set(found) & set(wanted)) / len(wanted)
        top = bool(found) and found[0] == wanted[0]
        same_top += top
        recall += share
        if not top or share < 0.8:
            short.append(f"{typed} ({'same' if top else 'other'} top, {share:.0%} of {base})")
    pairs = len(WORD_FORMS[lang])
    return same_top / pairs, recall / pairs, short


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_typed_forms_find_what_their_base_form_finds(
    site_contexts: dict[str, GuardedContext], lang: str
) -> None:
    """The issue's bar: the same top result in at least 90 % of the set, and at least
    80 % of the base form's pages found."""
    top, recall, short = word_form_figures(site_contexts["desktop"], lang)
    print(f"\nword forms {lang}: same top {top:.0%}, base pages found {recall:.0%}; "
          f"short: {short}")
    assert top >= 0.9 and recall >= 0.8, (top, recall, short)
