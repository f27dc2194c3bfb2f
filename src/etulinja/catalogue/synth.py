"""A synthetic national catalogue for benchmarks: realistic shape, invented content.

Writes ``OUT/catalogue/`` (organisations, regions, services) valid against our schemas:
the 22 areas that organise services (21 counties and Helsinki), services spread by
county population, area rules with exclusions, opening hours with holiday closures.
Deterministic for a given seed. For benchmarks only: never publish it.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path
from typing import Any

from etulinja.reference import geography

# Rough populations in thousands (2025), used only as weights for spreading services.
COUNTY_WEIGHTS = {
    "01": 99, "02": 201, "03": 485, "04": 280, "05": 486, "06": 212, "07": 170, "08": 530,
    "09": 205, "10": 161, "11": 126, "12": 131, "13": 248, "14": 163, "15": 275, "16": 191,
    "17": 176, "18": 68, "19": 415, "20": 71, "21": 177, "90": 675,
}
AREA_CODES = {"01": "019", "02": "09", "03": "09", "04": "09", "05": "02", "06": "02",
              "07": "03", "08": "03", "09": "03", "10": "05", "11": "05", "12": "015",
              "13": "017", "14": "013", "15": "014", "16": "06", "17": "06", "18": "06",
              "19": "08", "20": "08", "21": "016", "90": "09"}

# (key, care level (None: crisis help, outside the steps), topics, methods, target groups,
# age, access, names fi/sv/en)
KINDS: list[tuple[str, int | None, list[str], list[str], list[str], dict[str, int], list[str],
                  tuple[str, str, str]]] = [
    ("guided-self-care", 1, ["depression", "anxiety"], ["guided-self-care"], ["KR1"],
     {"min": 18}, ["care-need-assessment"],
     ("Ohjattu omahoito", "Handledd egenvård", "Guided self-care")),
    ("short-therapy", 2, ["depression", "anxiety", "stress"], ["cbt-short-therapy"], ["KR1"],
     {"min": 18}, ["referral", "care-need-assessment"],
     ("Lyhytterapia", "Korttidsterapi", "Short therapy")),
    ("ipc", 2, ["depression", "relationships"], ["ipc"], ["KR1.3"], {"min": 13, "max": 22},
     ["self-referral", "care-need-assessment"],
     ("IPC-ohjaus nuorille", "IPC-rådgivning för unga", "IPC counselling for young people")),
    ("cool-kids", 2, ["anxiety"], ["cool-kids"], ["KR1.2"], {"min": 7, "max": 12},
     ["referral"], ("Cool Kids -ryhmä", "Cool Kids-grupp", "Cool Kids group")),
    ("substance-use", 2, ["alcohol", "substance-use"], ["substance-use-treatment"], ["KR1"],
     {"min": 18}, ["self-referral"],
     ("Päihdepoliklinikka", "Missbrukspoliklinik", "Substance-use outpatient clinic")),
    ("psychiatric", 3, ["depression", "anxiety", "self-harm"], ["psychiatric-care"], ["KR1"],
     {"min": 18}, ["referral"],
     ("Psykiatrian poliklinikka", "Psykiatrisk poliklinik", "Psychiatric outpatient clinic")),
    ("crisis", None, ["crisis", "self-harm"], ["crisis-work"], ["KR1"], {}, ["self-referral"],
     ("Kriisityö", "Krisarbete", "Crisis work")),
    ("groups", 2, ["anxiety", "sleep", "stress"], ["group-treatment"], ["KR1"], {"min": 18},
     ["care-need-assessment"], ("Ryhmähoidot", "Gruppbehandlingar", "Group treatments")),
    ("miepa", 1, ["depression", "anxiety", "alcohol", "seeking-help"],
     ["care-need-assessment", "guided-self-care"], ["KR1"], {"min": 18}, ["self-referral"],
     ("Mielenterveys- ja päihdepalvelut", "Mentalvårds- och missbrukstjänster",
      "Mental-health and substance-use services")),
    ("older", 1, ["depression", "loneliness"], ["peer-support"], ["KR1.1"], {"min": 65},
     ["self-referral"], ("Ikäihmisten mielenterveystuki", "Psykiskt stöd för äldre",
                         "Mental-health support for older people")),
    ("family", 1, ["parenting", "relationships"], ["peer-support"], ["KR1.2"], {},
     ["self-referral"], ("Perheneuvola", "Familjerådgivning", "Family counselling")),
    ("gambling", 2, ["gambling"], ["substance-use-treatment"], ["KR1"], {"min": 18},
     ["self-referral"], ("Rahapeliongelmien hoito", "Vård vid spelproblem",
                         "Treatment for gambling problems")),
]

PLACES = ("terveysasema", "hälsostation", "health station")


def _text(rng: random.Random, kind: tuple[str, str, str], place: tuple[str, str, str]) -> dict[
        str, dict[str, str]]:
    fi, sv, en = kind
    detail = rng.choice(["pienryhmissä", "yksilötapaamisina", "etä- ja lähitapaamisina"])
    return {
        "name": {"fi": f"{fi}, {place[0]}", "sv": f"{sv}, {place[1]}", "en": f"{en}, {place[2]}"},
        "summary": {
            "fi": f"{fi} {place[0]}lla: ammattilaisen tukea lähellä kotia, {detail}.",
            "sv": f"{sv} i {place[1]}: stöd av en yrkesperson nära hemmet.",
            "en": f"{en} in {place[2]}: support from a professional close to home.",
        },
        "description": {
            "fi": (f"{fi} on tarkoitettu alueen asukkaille. Ensimmäisellä tapaamisella "
                   "kartoitetaan tilanteesi ja sovitaan tavoitteista. Tapaamisia on yleensä "
                   "muutamasta kymmeneen. Jos tilanteesi on kiireellinen, soita 112."),
            "sv": (f"{sv} är avsedd för områdets invånare. Vid första träffen går vi igenom din "
                   "situation och kommer överens om mål. Om situationen är brådskande, ring 112."),
            "en": (f"{en} is for residents of the area. At the first meeting you go through "
                   "your situation and agree on goals. If it is urgent, call 112."),
        },
    }


def _hours(rng: random.Random) -> dict[str, Any]:
    opens = rng.choice(["08:00", "08:30", "09:00"])
    closes = rng.choice(["15:00", "15:30", "16:00"])
    hours: dict[str, Any] = {
        "weekly": [{"days": ["mo", "tu", "we", "th", "fr"], "opens": opens, "closes": closes}],
        "closed_on_public_holidays": True,
    }
    if rng.random() < 0.3:
        hours["exceptions"] = [{"date": "2026-12-23", "opens": opens, "closes": "12:00"}]
    return hours


def synthesise(out: Path, services: int, seed: int) -> dict[str, int]:
    """Write a synthetic catalogue of ``services`` services under ``out/catalogue``."""
    rng = random.Random(seed)
    root = out / "catalogue"
    if root.exists():
        shutil.rmtree(root)
    for name in ("organisations", "regions", "services"):
        (root / name).mkdir(parents=True)
    counties = geography.counties()
    munis = geography.municipalities()
    members = {code: sorted(m.code for m in munis.values() if m.county_code == code)
               for code in COUNTY_WEIGHTS}
    total = sum(COUNTY_WEIGHTS.values())
    shares = {code: max(1, round(services * w / total)) for code, w in COUNTY_WEIGHTS.items()}
    largest = max(shares, key=lambda c: shares[c])
    shares[largest] += services - sum(shares.values())

    def write(path: Path, schema: str, data: dict[str, Any]) -> None:
        depth = len(path.relative_to(out).parts) - 1
        header = f"# yaml-language-server: $schema={'../' * depth}src/etulinja/schemas/{schema}\n"
        path.write_text(header + json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                        encoding="utf-8")

    for code in COUNTY_WEIGHTS:
        county = counties[code]
        write(root / "organisations" / f"{county.slug}.yml", "organisation.schema.json", {
            "name": {"fi": county.official_name["fi"], "sv": county.official_name["sv"],
                     "en": county.official_name["en"]},
            "type": "public", "website": f"https://{county.slug}.example/"})
        write(root / "regions" / f"{county.slug}.yml", "region.schema.json", {
            "county": code, "helplines": [{
                "label": {"fi": "Kriisipuhelin", "sv": "Kristelefon", "en": "Crisis line"},
                "number": f"{AREA_CODES[code]} 555 {rng.randint(1000, 9999)}",
                "hours": {"fi": "ympäri vuorokauden", "sv": "dygnet runt", "en": "24/7"},
                "source": f"https://{county.slug}.example/kriisiapu",
                "verified": "2026-11-20"}]})
    count = 0
    for code, share in shares.items():
        county = counties[code]
        folder = root / "services" / county.slug
        folder.mkdir()
        towns = members[code]
        for index in range(share):
            kind = KINDS[index % len(KINDS)]
            key, level, topics, methods, groups, age, access, names = kind
            town = munis[rng.choice(towns)]
            place = (town.name["fi"], town.name["sv"], town.name["fi"])
            data: dict[str, Any] = _text(rng, names, (f"{PLACES[0]} {place[0]}",
                                                     f"{PLACES[1]} {place[1]}",
                                                     f"{place[2]} {PLACES[2]}"))
            roll = rng.random()
            if roll < 0.55 or len(towns) < 3:
                area: dict[str, Any] = {"counties": [code]}
            elif roll < 0.85:
                area = {"municipalities": sorted(rng.sample(towns, k=min(3, len(towns))))}
            else:
                area = {"counties": [code],
                        "exclude_municipalities": sorted(rng.sample(towns, k=2))}
            data.update({
                "organisation": county.slug, "status": "active",
                **({"kind": "crisis"} if level is None else {"care_level": level}),
                "target_groups": groups, "topics": topics, "methods": methods,
                "access": access, "charge": {"free": True},
                "languages": ["fi", "sv"] if rng.random() < 0.15 else ["fi"],
                "area": area,
                "channels": {
                    "phones": [{"number": f"{AREA_CODES[code]} 555 {rng.randint(1000, 9999)}",
                                "label": {"fi": "Ajanvaraus", "sv": "Tidsbokning",
                                          "en": "Appointments"},
                                "hours": _hours(rng)}],
                    "locations": [{"name": {"fi": f"{place[0]}n {PLACES[0]}",
                                            "sv": f"{PLACES[1].capitalize()} i {place[1]}"},
                                   "address": {"street": f"Terveystie {rng.randint(1, 40)}",
                                               "postal_code": f"{rng.randint(10000, 99999)}",
                                               "municipality": town.code},
                                   "accessibility": {"fi": "Esteetön sisäänkäynti.",
                                                     "sv": "Tillgänglig ingång."}}],
                },
                "last_reviewed": f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}",
                "reviewed_by": "Synteettinen aineisto",
            })
            if age:
                data["age"] = age
            write(folder / f"{county.slug}-{key}-{index:05d}.yml", "service.schema.json", data)
            count += 1
    return {"services": count, "organisations": len(COUNTY_WEIGHTS),
            "regions": len(COUNTY_WEIGHTS)}
