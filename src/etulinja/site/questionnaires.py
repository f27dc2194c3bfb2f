"""Questionnaires and worksheets on the site: a page per questionnaire and language
(``self-care/questionnaires/<id>/``, laid out by ``questionnaire.html``), and what a
programme step shows of the questionnaire and worksheets its front matter names. Both
are drawn by ``partials/etu-questionnaire.html`` from the data made here, worded from
the translation tables, and brought to life in the reader's browser by
``assets/javascripts/questionnaire.js``: nothing a reader answers or writes leaves it.

The risk block carries the counties' own urgent numbers (from the catalogue), so that
the reader's county can be shown without asking any server.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from etulinja.catalogue.model import Catalogue
from etulinja.catalogue.views import county_helplines
from etulinja.reference import geography, i18n
from etulinja.self_care.programmes import Programme, Step, StepVersion
from etulinja.self_care.questionnaires import Questionnaire, QuestionnaireUse
from etulinja.self_care.worksheets import Worksheet
from etulinja.site import urls
from etulinja.site.pagefile import PageSource

StepTools = Callable[[Programme, Step, StepVersion, str], dict[str, Any]]
"""What a step page adds to its data: (programme, step, its version, language) -> data."""

STANDALONE = "page"
"""The storage scope of a questionnaire answered on its own page, not in a programme."""


def _counties(catalogue: Catalogue, lang: str,
              languages: tuple[str, ...]) -> list[dict[str, Any]]:
    counties = geography.counties()
    return sorted(
        ({"code": code, "name": counties[code].name.get(lang) or counties[code].name["fi"],
          "lines": county_helplines(catalogue, code, lang, languages)}
         for code in catalogue.helplines if code in counties and catalogue.helplines[code]),
        key=lambda county: str(county["name"]).casefold())


def questionnaire_view(questionnaire: Questionnaire, lang: str, languages: tuple[str, ...],
                       catalogue: Catalogue, scope: str = STANDALONE,
                       when: str = "any") -> dict[str, Any]:
    """Everything ``etu-questionnaire.html`` lays out, in one language."""
    strings = i18n.table(lang)

    def text(value: Mapping[str, str]) -> str:
        return i18n.in_language(value, lang, languages, "")[0]

    title, title_lang = questionnaire.title.in_language(lang, languages)
    status = questionnaire.translations.get(title_lang)
    by_id = {item.id: n for n, item in enumerate(questionnaire.items, 1)}
    risk = {rule.item: rule for rule in questionnaire.risk}
    items = []
    for n, item in enumerate(questionnaire.items, 1):
        rule = risk.get(item.id)
        items.append({
            "n": n, "id": item.id, "text": text(item.text),
            "risk": rule.threshold if rule else None,
            "options": [{"label": text(option.label), "value": item.counts(option.score)}
                        for option in item.options]})
    return {
        "id": questionnaire.id, "scope": scope, "when": when,
        "title": title, "lang": title_lang if title_lang != lang else None,
        "url": urls.questionnaire(questionnaire.id),
        "instructions": text(questionnaire.instructions),
        "own": status is None or status.status == "own",
        "status_note": str(strings["questionnaire.status_own"])
        if status is None or status.status == "own"
        else str(strings["questionnaire.status_validated"]).format(source=status.source),
        "citation": questionnaire.citation,
        "count": len(items), "lowest": questionnaire.lowest, "highest": questionnaire.highest,
        "questions": items,
        "bands": [{"min": band.min, "max": band.max, "level": band.level,
                   "title": text(band.title), "text": text(band.text),
                   "next": text(band.next)} for band in questionnaire.bands],
        "risk": [{"n": by_id[rule.item], "threshold": rule.threshold, "text": text(rule.text)}
                 for rule in questionnaire.risk],
        "counties": _counties(catalogue, lang, languages) if questionnaire.risk else [],
    }


def worksheet_view(worksheet: Worksheet, scope: str) -> dict[str, Any]:
    """A worksheet as ``etu-questionnaire.html``'s ``worksheet`` lays it out; ``scope``
    is where what the reader writes is kept: '<programme>/<step>'."""
    return {"id": worksheet.id, "key": f"{scope}/{worksheet.id}", "title": worksheet.title,
            "kind": worksheet.kind, "prompt": worksheet.prompt, "rows": worksheet.rows,
            "columns": [{"id": c.id, "label": c.label, "type": c.type}
                        for c in worksheet.columns]}


def step_tools(questionnaires: Mapping[str, Questionnaire], catalogue: Catalogue,
               languages: tuple[str, ...]) -> StepTools:
    """What each programme step page shows of its questionnaire and worksheets."""

    def tools(programme: Programme, step: Step, version: StepVersion,
              lang: str) -> dict[str, Any]:
        use: QuestionnaireUse | None = version.questionnaire
        data: dict[str, Any] = {}
        # A page type of their own, so that the quality gate fills them in.
        if version.worksheets:
            data["kind"] = "programme-step-worksheet"
        if use is not None and use.id in questionnaires:
            data["kind"] = "programme-step-questionnaire"
            data["questionnaire"] = questionnaire_view(
                questionnaires[use.id], lang, languages, catalogue, programme.id, use.when)
        if version.worksheets:
            data["worksheets"] = [worksheet_view(w, f"{programme.id}/{step.id}")
                                  for w in version.worksheets]
        return data

    return tools


def render_questionnaires(questionnaires: Mapping[str, Questionnaire], catalogue: Catalogue,
                          languages: tuple[str, ...]) -> dict[str, PageSource]:
    """A page per questionnaire and language: relative path -> source."""
    pages: dict[str, PageSource] = {}
    for lang in languages:
        for questionnaire in questionnaires.values():
            view = questionnaire_view(questionnaire, lang, languages, catalogue)
            summary, _ = questionnaire.summary.in_language(lang, languages)
            pages[urls.source_file(view["url"], lang)] = PageSource(
                title=view["title"], description=summary, template="questionnaire.html",
                data={"kind": "questionnaire", "content_lang": view["lang"] or lang,
                      "fallback": view["lang"] is not None, "reviewed": None,
                      "summary": summary, "questionnaire": view},
                hide=("toc",))
    return pages
