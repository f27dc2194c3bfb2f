"""A self-care programme's generated pages, per language: the programme list, each
programme's landing page and one page per step. Laid out by ``programmes.html``,
``programme.html`` and ``programme-step.html``; worded from the translation tables.

A step missing in English is published from the Finnish file with the fallback notice and
``lang="fi"``, as articles are; Finnish and Swedish are complete (``etulinja check``).
Every fallback goes through ``i18n.in_language``: the reader's language, then the site's
languages, the default first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from etulinja.reference import codes, i18n
from etulinja.self_care.programmes import Programme, Step, StepVersion
from etulinja.site import urls
from etulinja.site.pagefile import PageSource
from etulinja.site.questionnaires import StepTools


def programme_url(programme: Programme) -> str:
    return urls.programme(programme.id)


def step_url(programme: Programme, step: Step) -> str:
    return urls.step(programme.id, step.id)


def _version(step: Step, lang: str, languages: tuple[str, ...]) -> StepVersion:
    version = i18n.in_language(step.versions, lang, languages, None)[0]
    if version is None:  # etulinja check refuses a step without its required languages
        raise ValueError(f"step '{step.id}' has no version in any of {', '.join(languages)}")
    return version


def _reviewed(programme: Programme, lang: str, languages: tuple[str, ...]) -> dict[str, str]:
    by, by_lang = programme.reviewed_by.in_language(lang, languages)
    return {"date": programme.last_reviewed.isoformat(),
            "text": i18n.format_date(programme.last_reviewed, lang),
            "by": by, "by_lang": by_lang}


def _labels(programme: Programme, lang: str, languages: tuple[str, ...]) -> dict[str, list[str]]:
    strings = i18n.table(lang)
    topics = codes.topics()
    return {
        "age_groups": [str(strings[f"age_group.{a}"]) for a in programme.age_groups],
        "topics": [i18n.in_language(topics[t], lang, languages, "")[0]
                   for t in programme.topics],
    }


def _step_link(programme: Programme, step: Step, n: int, lang: str,
               languages: tuple[str, ...]) -> dict[str, Any]:
    version = _version(step, lang, languages)
    return {"n": n, "title": version.title, "url": step_url(programme, step),
            "summary": version.summary, "minutes": version.minutes,
            "lang": version.lang if version.lang != lang else None}


def _landing(programme: Programme, lang: str, languages: tuple[str, ...],
             near: dict[str, Any] | None = None) -> PageSource:
    strings = i18n.table(lang)
    title, title_lang = programme.title.in_language(lang, languages)
    summary, _ = programme.summary.in_language(lang, languages)
    for_whom, for_whom_lang = programme.for_whom.in_language(lang, languages) or ((), lang)
    written_by, written_lang = programme.written_by.in_language(lang, languages)
    sections: list[dict[str, Any]] = []
    n = 0
    for section in programme.sections:
        steps = []
        for step in section.steps:
            n += 1
            steps.append(_step_link(programme, step, n, lang, languages))
        sections.append({"kind": section.kind,
                         "title": str(strings[f"programme.section.{section.kind}"]),
                         "steps": steps})
    all_steps = [s for section in sections for s in section["steps"]]
    data = {
        "kind": "programme", "content_lang": title_lang, "fallback": title_lang != lang,
        "reviewed": _reviewed(programme, lang, languages),
        "summary": summary,
        "for_whom": list(for_whom),
        "for_whom_lang": for_whom_lang if for_whom_lang != lang else None,
        "written_by": written_by,
        "written_by_lang": written_lang if written_lang != lang else None,
        "sections": sections,
        "steps_count": str(strings["programmes.steps_count"]).format(
            count=len(all_steps), minutes=sum(s["minutes"] for s in all_steps)),
        "start_url": all_steps[0]["url"] if all_steps else None,
        **_labels(programme, lang, languages),
        # guided self-care and help near you: site/guides.py, site/programme_help.py
        "guide_url": urls.guide(programme.id) if programme.guide is not None else None,
        "near": near,
    }
    return PageSource(title=title, description=summary, data=data,
                      template="programme.html", hide=("toc",))


def _step_page(programme: Programme, steps: list[Step], index: int, lang: str,
               languages: tuple[str, ...], tools: StepTools | None = None) -> PageSource:
    strings = i18n.table(lang)
    step = steps[index]
    version = _version(step, lang, languages)
    title, title_lang = programme.title.in_language(lang, languages)

    def neighbour(i: int) -> dict[str, Any] | None:
        return _step_link(programme, steps[i], i + 1, lang, languages) \
            if 0 <= i < len(steps) else None

    data = {
        "kind": "programme-step", "content_lang": version.lang,
        "fallback": version.lang != lang,
        "reviewed": _reviewed(programme, lang, languages),
        "programme": {"title": title, "url": programme_url(programme),
                      "lang": title_lang if title_lang != lang else None},
        "section": str(strings[f"programme.section.{step.section}"]),
        "position": str(strings["programme.step_of"]).format(n=index + 1, total=len(steps)),
        "n": index + 1, "total": len(steps),
        "minutes": str(strings["programme.minutes"]).format(minutes=version.minutes),
        "previous": neighbour(index - 1),
        "next": neighbour(index + 1),
        **(tools(programme, step, version, lang) if tools is not None else {}),
    }
    return PageSource(title=version.title, description=version.summary, data=data,
                      body=version.body, template="programme-step.html")


def _index(programmes: list[Programme], lang: str, languages: tuple[str, ...]) -> PageSource:
    strings = i18n.table(lang)
    items = []
    for programme in programmes:
        title, title_lang = programme.title.in_language(lang, languages)
        summary, _ = programme.summary.in_language(lang, languages)
        labels = _labels(programme, lang, languages)
        links = [_step_link(programme, step, 0, lang, languages) for step in programme.steps]
        items.append({
            "title": title, "summary": summary, "url": programme_url(programme),
            "lang": title_lang if title_lang != lang else None,
            "for_group": str(strings["programmes.for_group"]).format(
                groups=", ".join(labels["age_groups"])),
            "topics": labels["topics"],
            # codes for the list's filters in the browser (programmes.html)
            "age_group_codes": " ".join(programme.age_groups),
            "topic_codes": " ".join(programme.topics),
            "steps_count": str(strings["programmes.steps_count"]).format(
                count=len(links), minutes=sum(link["minutes"] for link in links)),
        })
    items.sort(key=lambda item: str(item["title"]).casefold())
    return PageSource(
        title=str(strings["programmes.title"]), description=str(strings["programmes.summary"]),
        data={"kind": "programme-index", "content_lang": lang, "fallback": False,
              "reviewed": None, "intro": str(strings["programmes.intro"]),
              "programmes": items, "filters": _filters(programmes, lang, languages)},
        template="programmes.html", hide=("toc",))


def _filters(programmes: list[Programme], lang: str,
             languages: tuple[str, ...]) -> dict[str, list[dict[str, str]]]:
    """The list's filter choices: only age groups and topics some programme has."""
    strings = i18n.table(lang)
    topics = codes.topics()
    groups = sorted({g for p in programmes for g in p.age_groups})
    found = sorted({t for p in programmes for t in p.topics})
    return {
        "age_groups": [{"code": g, "name": str(strings[f"age_group.{g}"])} for g in groups],
        "topics": sorted(({"code": t, "name": i18n.in_language(topics[t], lang, languages,
                                                                t)[0]} for t in found),
                         key=lambda x: x["name"].casefold()),
    }


def render_programmes(programmes: list[Programme], languages: tuple[str, ...],
                      tools: StepTools | None = None,
                      near: dict[str, dict[str, dict[str, Any]]] | None = None,
                      ) -> tuple[dict[str, PageSource], dict[str, Path]]:
    """Pages (relative path -> source) and the files published beside the steps;
    ``tools``: what a step page shows of its questionnaire and worksheets; ``near``:
    programme id -> language -> its "help near you" (site/programme_help.py)."""
    pages: dict[str, PageSource] = {}
    assets: dict[str, Path] = {}
    if not programmes:
        return pages, assets
    for lang in languages:
        pages[urls.index_file(urls.SELF_CARE, lang)] = _index(programmes, lang, languages)
        for programme in programmes:
            pages[urls.index_file(programme_url(programme), lang)] = _landing(
                programme, lang, languages, (near or {}).get(programme.id, {}).get(lang))
            steps = programme.steps
            for index, step in enumerate(steps):
                pages[urls.source_file(step_url(programme, step), lang)] = _step_page(
                    programme, steps, index, lang, languages, tools)
    for programme in programmes:
        folder = programme.source.parent
        for asset in programme.assets:
            assets[programme_url(programme) + asset.relative_to(folder).as_posix()] = asset
    return pages, assets
