"""Synthetic care paths for benchmarks, written beside a synthetic catalogue.

Writes ``OUT/catalogue/care_paths/<id>/path.yml`` and a variation for every one of the 22
areas that organise services (``<county-slug>.yml``), resolving against the services
``etulinja.catalogue.synth`` wrote in ``OUT/catalogue/services``: each variation changes
a step's wording, some remove or insert a step, and where a step's rule finds no service
in some municipality the variation says so (a county-wide ``outside_catalogue``, or a
municipality exception for just those municipalities), so that the set checks without
errors or warnings. A few more exceptions, with validity dates, vary a step for one
municipality. Deterministic for a given seed. For benchmarks only: never publish it.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path
from typing import Any

from etulinja.catalogue.synth import COUNTY_WEIGHTS
from etulinja.reference import geography

Texts = tuple[str, str, str]
"""fi, sv, en."""

# (step id, care level, title, rule: care_level-free rule fields, or None: given outside
# the catalogue)
StepShape = tuple[str, int, Texts, dict[str, Any] | None]

SELF_CARE: StepShape = ("self-care", 0, ("Omahoito verkossa", "Egenvård på nätet",
                                         "Self-care online"), None)
PSYCHIATRIC: StepShape = ("specialised-care", 3, (
    "Psykiatrinen erikoissairaanhoito", "Psykiatrisk specialiserad sjukvård",
    "Specialised psychiatric care"), {"methods": ["psychiatric-care"],
                                      "target_groups": ["KR1"]})

# (id, title, audience, topics, steps): one per path; more paths repeat them with a number.
PATHS: list[tuple[str, Texts, list[str], list[str], list[StepShape]]] = [
    ("depression", ("Masennus, aikuiset", "Depression, vuxna", "Depression, adults"),
     ["adults"], ["depression"], [
         SELF_CARE,
         ("guided-self-care", 1, ("Ohjattu omahoito", "Handledd egenvård",
                                  "Guided self-care"),
          {"methods": ["guided-self-care"], "target_groups": ["KR1"], "age": {"min": 18}}),
         ("short-therapy", 2, ("Lyhytterapia", "Korttidsterapi", "Short therapy"),
          {"methods": ["cbt-short-therapy"], "target_groups": ["KR1"], "age": {"min": 18}}),
         PSYCHIATRIC]),
    ("anxiety", ("Ahdistus, aikuiset", "Ångest, vuxna", "Anxiety, adults"),
     ["adults"], ["anxiety"], [
         SELF_CARE,
         ("assessment", 1, ("Hoidon tarpeen arvio", "Bedömning av vårdbehovet",
                            "Care-need assessment"),
          {"methods": ["care-need-assessment"], "target_groups": ["KR1"]}),
         ("groups", 2, ("Ryhmähoito", "Gruppbehandling", "Group treatment"),
          {"methods": ["group-treatment"], "target_groups": ["KR1"]}),
         PSYCHIATRIC]),
    ("youth-mood", ("Nuoren mieliala", "Ungas stämningsläge", "Young people's mood"),
     ["youth"], ["depression", "relationships"], [
         SELF_CARE,
         ("ipc", 2, ("IPC-ohjaus", "IPC-rådgivning", "IPC counselling"),
          {"methods": ["ipc"], "target_groups": ["KR1.3"], "age": {"min": 13, "max": 22}}),
         ("specialised-care", 3, ("Psykiatrinen hoito", "Psykiatrisk vård",
                                  "Psychiatric care"),
          {"methods": ["psychiatric-care"], "target_groups": ["KR1", "KR1.3"],
           "age": {"min": 13, "max": 22}})]),
    ("child-anxiety", ("Lapsen ahdistus", "Barns ångest", "Children's anxiety"),
     ["children", "families"], ["anxiety", "parenting"], [
         SELF_CARE,
         ("family-support", 1, ("Perheneuvola", "Familjerådgivning", "Family counselling"),
          {"topics": ["parenting"], "target_groups": ["KR1.2"]}),
         ("cool-kids", 2, ("Cool Kids", "Cool Kids", "Cool Kids"),
          {"methods": ["cool-kids"], "target_groups": ["KR1.2"], "age": {"min": 7, "max": 12}})]),
    ("substance-use", ("Päihteet, aikuiset", "Rusmedel, vuxna", "Substance use, adults"),
     ["adults"], ["alcohol", "substance-use"], [
         SELF_CARE,
         ("brief-intervention", 1, ("Mini-interventio", "Kort intervention",
                                    "Brief intervention"),
          {"methods": ["care-need-assessment"], "target_groups": ["KR1"]}),
         ("substance-clinic", 2, ("Päihdepoliklinikka", "Missbrukspoliklinik",
                                  "Substance-use clinic"),
          {"methods": ["substance-use-treatment"], "target_groups": ["KR1"]})]),
    ("gambling", ("Rahapelaaminen", "Penningspel", "Gambling"),
     ["adults"], ["gambling"], [
         SELF_CARE,
         ("treatment", 2, ("Rahapeliongelmien hoito", "Vård vid spelproblem",
                           "Treatment for gambling problems"),
          {"methods": ["substance-use-treatment"], "target_groups": ["KR1"]})]),
    ("older-mood", ("Ikäihmisen mieliala", "Äldres stämningsläge", "Older people's mood"),
     ["older-people"], ["depression", "loneliness"], [
         SELF_CARE,
         ("support", 1, ("Mielenterveystuki", "Psykiskt stöd", "Mental-health support"),
          {"target_groups": ["KR1.1"], "age": {"min": 65}}),
         ("specialised-care", 3, PSYCHIATRIC[2],
          {"topics": ["depression"], "methods": ["psychiatric-care"]})]),
    ("sleep-stress", ("Uni ja stressi", "Sömn och stress", "Sleep and stress"),
     ["adults"], ["sleep", "stress"], [
         SELF_CARE,
         ("groups", 2, ("Ryhmähoito", "Gruppbehandling", "Group treatment"),
          {"methods": ["group-treatment"], "target_groups": ["KR1"]}),
         ("short-therapy", 2, ("Lyhytterapia", "Korttidsterapi", "Short therapy"),
          {"topics": ["stress"], "methods": ["cbt-short-therapy"]})]),
    ("adult-stepped-care", ("Porrastettu hoito, aikuiset", "Stegvis vård, vuxna",
                            "Stepped care, adults"),
     ["adults"], ["depression", "anxiety"], [
         SELF_CARE,
         ("miepa", 1, ("Miepä-vastaanotto", "Mottagning för psykisk hälsa",
                       "Mental-health clinic"),
          {"methods": ["care-need-assessment", "guided-self-care"], "target_groups": ["KR1"]}),
         ("short-therapy", 2, ("Lyhytterapia", "Korttidsterapi", "Short therapy"),
          {"methods": ["cbt-short-therapy"]}),
         ("groups", 2, ("Ryhmähoito", "Gruppbehandling", "Group treatment"),
          {"methods": ["group-treatment"]}),
         PSYCHIATRIC]),
    ("families", ("Perheen arki ja vanhemmuus", "Familjens vardag och föräldraskap",
                  "Family life and parenting"),
     ["families"], ["parenting", "relationships"], [
         SELF_CARE,
         ("family-counselling", 1, ("Perheneuvola", "Familjerådgivning", "Family counselling"),
          {"target_groups": ["KR1.2"]}),
         ("youth-counselling", 2, ("IPC-ohjaus nuorelle", "IPC-rådgivning för unga",
                                   "IPC for a young person"),
          {"topics": ["relationships"], "methods": ["ipc"]})]),
]

OUTSIDE = {"fi": "Palvelua ei ole vielä kuvattu palvelukatalogissa; kysy terveysasemalta.",
           "sv": "Tjänsten har ännu inte beskrivits i tjänstekatalogen; fråga hälsostationen.",
           "en": "The service is not yet described in the catalogue; ask your health station."}
REVIEW = {"last_reviewed": "2026-11-20", "reviewed_by": "Synteettinen aineisto (esimerkki)"}


def _text(fi: str, sv: str, en: str) -> dict[str, str]:
    return {"fi": fi, "sv": sv, "en": en}


def _step(shape: StepShape, topics: list[str]) -> dict[str, Any]:
    step_id, level, (fi, sv, en), rule = shape
    services: dict[str, Any] = (
        {"outside_catalogue": _text("Verkon omahoito-ohjelmat, nimettömästi.",
                                    "Egenvårdsprogram på nätet, anonymt.",
                                    "Online self-care programmes, anonymously.")}
        if rule is None else {"rule": rule})
    return {
        "id": step_id, "care_level": level, "title": _text(fi, sv, en),
        "what": _text(f"{fi}: tuki ja hoito aiheisiin {', '.join(topics)}.",
                      f"{sv}: stöd och vård.", f"{en}: support and care."),
        "who_decides": _text("Ammattilainen yhdessä kanssasi.",
                             "En yrkesperson tillsammans med dig.",
                             "A professional together with you."),
        "length": _text("1-10 tapaamista", "1-10 träffar", "1-10 meetings"),
        "how_to_get": _text("Hoidon tarpeen arvion kautta.",
                            "Genom en bedömning av vårdbehovet.",
                            "Through a care-need assessment."),
        "decision": _text("Jos olo ei parane 4-6 viikossa, siirrytään seuraavaan vaiheeseen.",
                          "Om det inte blir bättre inom 4-6 veckor går man vidare.",
                          "If you are no better in 4-6 weeks, you move to the next step."),
        "services": services,
    }


class _Service:
    """What a rule needs of a synthetic service: read back from the file synth wrote."""

    def __init__(self, data: dict[str, Any], members: dict[str, list[str]]) -> None:
        self.level = data.get("care_level")
        self.topics = set(data.get("topics", ()))
        self.methods = set(data.get("methods", ()))
        self.groups = set(data.get("target_groups", ()))
        age = data.get("age", {})
        self.low = age.get("min", 0)
        self.high = age.get("max", 200)
        area = data["area"]
        found = set(area.get("municipalities", ()))
        for county in area.get("counties", ()):
            found |= set(members.get(county, ()))
        self.municipalities = found - set(area.get("exclude_municipalities", ()))

    def matches(self, level: int, rule: dict[str, Any], topics: list[str]) -> bool:
        """As ``ServiceRule.matches``: level, any topic, method and group, ages overlap."""
        if self.level != level:
            return False
        if not self.topics & set(rule.get("topics", topics)):
            return False
        if "methods" in rule and not self.methods & set(rule["methods"]):
            return False
        if "target_groups" in rule and not self.groups & set(rule["target_groups"]):
            return False
        age = rule.get("age", {})
        return not (("min" in age and self.high < age["min"])
                    or ("max" in age and self.low > age["max"]))


def _read_services(services: Path, members: dict[str, list[str]]) -> list[_Service]:
    found = []
    for path in sorted(services.rglob("*.yml")):
        text = path.read_text(encoding="utf-8")
        data = json.loads(text[text.index("\n") + 1:])  # after the schema comment line
        if data.get("kind") is None:  # care services; crisis help is outside the steps
            found.append(_Service(data, members))
    return found


def synthesise_paths(out: Path, paths: int, seed: int) -> dict[str, int]:
    """Write ``paths`` care paths under ``out/catalogue/care_paths``, each with a variation
    for all 22 areas, against the synthetic services already in ``out/catalogue``."""
    rng = random.Random(seed * 7919 + paths)
    root = out / "catalogue" / "care_paths"
    if root.exists():
        shutil.rmtree(root)
    counties = geography.counties()
    members: dict[str, list[str]] = {}
    for municipality in geography.municipalities().values():
        members.setdefault(municipality.county_code, []).append(municipality.code)
    members = {code: sorted(codes) for code, codes in members.items()}
    areas = sorted(COUNTY_WEIGHTS)  # the 22 areas that organise services
    services = _read_services(out / "catalogue" / "services", members)
    counts = {"paths": 0, "variations": 0, "exceptions": 0}

    def write(path: Path, schema: str, data: dict[str, Any]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        header = f"# yaml-language-server: $schema=../../../src/etulinja/schemas/{schema}\n"
        path.write_text(header + json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                        encoding="utf-8")

    for number in range(paths):
        base_id, (fi, sv, en), audience, topics, shapes = PATHS[number % len(PATHS)]
        round_ = number // len(PATHS)
        path_id = base_id if round_ == 0 else f"{base_id}-{round_ + 1}"
        suffix = "" if round_ == 0 else f" ({round_ + 1})"
        folder = root / path_id
        write(folder / "path.yml", "care_path.schema.json", {
            "title": _text(fi + suffix, sv + suffix, en + suffix),
            "summary": _text(f"Synteettinen hoitopolku: {fi.lower()}.",
                             f"Syntetisk vårdkedja: {sv.lower()}.",
                             f"A synthetic care path: {en.lower()}."),
            "audience": audience, "topics": topics,
            "steps": [_step(shape, topics) for shape in shapes], **REVIEW})
        counts["paths"] += 1
        for code in areas:
            variation = _variation(rng, code, shapes, topics, services, members[code])
            counts["exceptions"] += len(variation.get("municipalities", ()))
            write(folder / f"{counties[code].slug}.yml",
                  "care_path_variation.schema.json", variation)
            counts["variations"] += 1
    return counts


def _variation(rng: random.Random, code: str, shapes: list[StepShape], topics: list[str],
               services: list[_Service], towns: list[str]) -> dict[str, Any]:
    """One county's variation: wording, perhaps a removed or inserted step, and what makes
    every step resolve (or say it is given outside the catalogue) in every municipality."""
    operations: list[dict[str, Any]] = []
    exceptions: list[dict[str, Any]] = []
    kept = list(shapes)
    served = [s for s in shapes if s[3] is not None]
    if len(served) > 1 and rng.random() < 0.2:  # the county does not have one step
        gone = rng.choice(served)
        kept.remove(gone)
        operations.append({"remove": gone[0]})
    first = kept[0][0]
    operations.append({"replace": first, "with": {"how_to_get": _text(
        f"Alueella {code}: ota yhteyttä terveysasemaan.",
        f"I området {code}: kontakta hälsostationen.",
        f"In area {code}: contact the health station.")}})
    if rng.random() < 0.15:  # the county adds a step of its own
        operations.append({"insert_after": first, "step": {
            **_step(("local-support", kept[0][1], ("Alueen oma tuki", "Områdets eget stöd",
                                                   "The area's own support"), None), topics),
            "services": {"outside_catalogue": OUTSIDE}}})
    for shape in kept:
        step_id, level, _, rule = shape
        if rule is None:
            continue
        matching = [s for s in services if s.matches(level, rule, topics)]
        unserved = [town for town in towns if not any(town in s.municipalities
                                                      for s in matching)]
        if len(unserved) == len(towns):
            operations.append({"replace": step_id, "with": {
                "services": {"rule": None, "outside_catalogue": OUTSIDE}}})
        elif unserved:
            exceptions.append({
                "municipalities": unserved,
                "explain": _text(f"Näissä kunnissa vaihetta '{step_id}' ei ole vielä "
                                 "palvelukatalogissa.",
                                 f"I dessa kommuner finns steget '{step_id}' ännu inte i "
                                 "tjänstekatalogen.",
                                 f"In these municipalities step '{step_id}' is not yet in "
                                 "the catalogue."),
                "steps": [{"replace": step_id, "with": {
                    "services": {"rule": None, "outside_catalogue": OUTSIDE}}}]})
    if len(towns) >= 3 and rng.random() < 0.25:  # a dated exception for one municipality
        town = rng.choice(towns)
        exceptions.append({
            "municipalities": [town], "valid_from": "2025-01-01", "valid_to": "2030-12-31",
            "explain": _text("Kunnassa palvelut tuottaa ulkoistettu palveluntuottaja.",
                             "I kommunen produceras tjänsterna av en utlagd serviceproducent.",
                             "In this municipality an outsourced provider runs the services."),
            "steps": [{"replace": first, "with": {"how_to_get": _text(
                "Ota yhteyttä palveluntuottajan terveysasemaan.",
                "Kontakta serviceproducentens hälsostation.",
                "Contact the provider's health station.")}}]})
    variation: dict[str, Any] = {
        "county": code, "valid_from": "2025-01-01",
        "note": _text("Synteettinen alueellinen muunnelma.", "Syntetisk regional variant.",
                      "A synthetic regional variation."),
        "steps": operations}
    if exceptions:
        variation["municipalities"] = exceptions
    variation.update(REVIEW)
    return variation
