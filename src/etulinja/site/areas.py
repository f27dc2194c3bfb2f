"""The pages of places, per language: one per wellbeing services county and one per
municipality, each listing exactly the services available there, by level of care,
with that county's own urgent-help numbers.

Places are the site's to compose: a municipality page shows the catalogue's services
and the care paths its residents follow (``site/care_paths.py``), without the catalogue
knowing of paths.
"""

from __future__ import annotations

from typing import Any

from etulinja.catalogue.model import Catalogue
from etulinja.catalogue.views import county_helplines, label
from etulinja.reference import geography, i18n
from etulinja.site import urls
from etulinja.site.listing import Listing, by_level, common, filters, page
from etulinja.site.pagefile import PageSource


def render_areas(catalogue: Catalogue, found: Listing, languages: tuple[str, ...],
                 example_notice: bool,
                 care_paths: dict[str, dict[str, list[dict[str, Any]]]] | None = None
                 ) -> dict[str, PageSource]:
    """Every county and municipality page in every language: assembled path -> page.
    ``care_paths``: municipality code -> language -> the paths its residents follow."""
    care_paths = care_paths or {}
    out: dict[str, PageSource] = {}
    counties = geography.counties()
    munis = geography.municipalities()
    for lang in languages:
        strings = i18n.table(lang)
        items = found.items[lang]
        # the whole catalogue's choices on every area page: see ``filters``
        choices = filters(found.listed, lang, languages)
        for county in counties:
            services = found.by_county.get(county, [])
            members = sorted((m for m in munis.values() if m.county_code == county),
                             key=lambda m: label(m.name, lang, languages))
            name = counties[county].name[lang]
            meta = common("county", lang, example_notice)
            meta.update({
                "filters": choices,
                "area_name": name,
                "official_name": counties[county].official_name.get(lang, name),
                "county_helplines": county_helplines(catalogue, county, lang, languages),
                "services": by_level(services, items, lang),
                "municipalities": [{"name": label(m.name, lang, languages),
                                    "url": urls.municipality(m.code)} for m in members],
            })
            out[urls.index_file(urls.county(county), lang)] = page({
                "title": str(strings["catalogue.services_in"]).format(area=name),
                "description": str(strings["catalogue.summary"]),
                "template": "area.html", "etulinja": meta})
        for code, municipality in munis.items():
            services = found.by_municipality.get(code, [])
            name = label(municipality.name, lang, languages)
            county = municipality.county_code
            meta = common("municipality", lang, example_notice)
            meta.update({
                "filters": choices,
                "area_name": name,
                "municipality_code": code,
                "county_name": counties[county].name[lang],
                "county_url": urls.county(county),
                "county_helplines": county_helplines(catalogue, county, lang, languages),
                "services": by_level(services, items, lang),
                "care_paths": care_paths.get(code, {}).get(lang, []),
            })
            out[urls.source_file(urls.municipality(code), lang)] = page({
                "title": str(strings["catalogue.services_in"]).format(area=name),
                "description": str(strings["catalogue.summary"]),
                "template": "area.html", "etulinja": meta})
    return out
