"""The example sheet of the README's walk-through: ten services of two counties the
example catalogue has none of (Kanta-Häme, Satakunta), as a county editor would type
them, with two deliberate mistakes (an unknown topic, a phone number with the letter O).

The services, names and numbers are invented for the example (555 numbers are not in
use). Regenerate the committed file after changing the rows:
``.venv/bin/python -m tests.editing.ten_services``.
"""

# Finnish and Swedish write number ranges with an en dash: the dashes below are meant.
# ruff: noqa: RUF001

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "editing" / "ten-services.xlsx"
SHEET = "Palvelut"
"""Not "Services": an editor's own workbook, whose first sheet is read."""
REVIEWED = dt.date(2026, 11, 20)

HEADERS = [
    "id", "county", "organisation", "status", "kind", "care_level", "name_fi", "name_sv",
    "summary_fi", "summary_sv", "target_groups", "age_min", "age_max", "topics", "methods",
    "access", "free_of_charge", "charge_fi", "languages", "counties", "municipalities",
    "phone", "phone_hours", "street", "postcode", "municipality", "place_fi", "place_sv",
    "web", "last_reviewed", "reviewed_by",
]

_KH_REVIEWER = "Kaisa Kokeilu, järjestökoordinaattori (esimerkki)"
_SK_REVIEWER = "Pekka Proto, sosiaaliohjaaja (esimerkki)"

ROWS: list[dict[str, object]] = [
    {"id": "kanta-hame-crisis-centre", "organisation": "mieli", "kind": "crisis",
     "name_fi": "Kriisikeskus Linna, Hämeenlinna",
     "name_sv": "Kriscentret Linna, Tavastehus",
     "summary_fi": "Maksutonta keskusteluapua äkillisissä kriiseissä ja elämänmuutoksissa, "
                   "myös ilman ajanvarausta.",
     "summary_sv": "Avgiftsfri samtalshjälp vid plötsliga kriser och förändringar i livet, "
                   "också utan tidsbokning.",
     "target_groups": "KR1", "topics": "crisis; trauma; seeking-help", "methods": "crisis-work",
     "access": "self-referral", "free_of_charge": "yes", "languages": "fi", "counties": "07",
     "phone": "03 555 0701", "phone_hours": "mo-fr 09:00-16:00; closed on public holidays",
     "street": "Linnankatu 12", "postcode": "13100", "municipality": "109",
     "place_fi": "Kriisikeskus Linna", "place_sv": "Kriscentret Linna",
     "reviewed_by": _KH_REVIEWER},
    {"id": "kanta-hame-youth-evening-group", "organisation": "nuorten-mielitila-ry",
     "kind": "helpline", "name_fi": "Nuorten iltaryhmä Riihimäellä",
     "name_sv": "Kvällsgrupp för unga i Riihimäki",
     "summary_fi": "Ohjattu vertaisryhmä 15–22-vuotiaille, joita askarruttaa mieliala, "
                   "yksinäisyys tai jaksaminen.",
     "summary_sv": "En handledd kamratgrupp för 15–22-åringar som funderar på stämningsläge, "
                   "ensamhet eller ork.",
     "target_groups": "KR1.3", "age_min": 15, "age_max": 22,
     "topics": "depression; loneliness; stress", "methods": "peer-support",
     "access": "self-referral", "free_of_charge": "yes", "languages": "fi",
     "municipalities": "694", "phone": "03 555 0710", "phone_hours": "tu,th 16:00-20:00",
     "reviewed_by": _KH_REVIEWER},
    {"id": "kanta-hame-sober-evenings", "organisation": "selva-suunta-ry", "kind": "helpline",
     "name_fi": "Selvät illat -vertaisryhmä Forssassa",
     "name_sv": "Klara kvällar – kamratgrupp i Forssa",
     "summary_fi": "Viikoittainen vertaisryhmä aikuisille, jotka haluavat vähentää alkoholin "
                   "käyttöä tai lopettaa sen.",
     "summary_sv": "En kamratgrupp varje vecka för vuxna som vill dra ner på alkoholen eller "
                   "sluta dricka.",
     "target_groups": "KR1", "age_min": 18, "topics": "alcohol; substance-use",
     "methods": "peer-support", "access": "self-referral", "free_of_charge": "yes",
     "languages": "fi", "municipalities": "061", "phone": "03 555 0720",
     "phone_hours": "we 17:00-19:00", "reviewed_by": _KH_REVIEWER},
    {"id": "kanta-hame-gambling-group", "organisation": "selva-suunta-ry", "care_level": 2,
     "name_fi": "Pelikuntoon-ryhmä rahapelihaittoihin",
     "name_sv": "Spelbalans – grupp vid spelproblem",
     "summary_fi": "Kahdeksan tapaamisen ryhmähoito rahapelaamisen hallintaan, "
                   "hyvinvointialueen ostopalveluna.",
     "summary_sv": "Gruppbehandling med åtta träffar för att få kontroll över penningspel, som "
                   "köptjänst för välfärdsområdet.",
     "target_groups": "KR1", "age_min": 18, "topics": "gambling",
     "methods": "group-treatment; substance-use-treatment", "access": "self-referral",
     "free_of_charge": "yes", "languages": "fi", "counties": "07", "phone": "03 555 0730",
     "phone_hours": "mo-th 09:00-15:00", "reviewed_by": _KH_REVIEWER},
    {"id": "kanta-hame-parents-peer-group", "organisation": "mll", "kind": "helpline",
     "name_fi": "Vanhempien vertaisryhmä Hämeenlinnassa",
     "name_sv": "Kamratgrupp för föräldrar i Tavastehus",
     "summary_fi": "Kuukausittainen ryhmä vanhemmille, joiden lapsella on ahdistusta tai "
                   "unihuolia.",
     "summary_sv": "En grupp varje månad för föräldrar vars barn har ångest eller "
                   "sömnbekymmer.",
     "target_groups": "KR1.2", "topics": "parenting; anxiety; unettomuus",
     "methods": "peer-support", "access": "self-referral", "free_of_charge": "yes",
     "languages": "fi", "municipalities": "109", "phone": "03 555 0740",
     "reviewed_by": _KH_REVIEWER},
    {"id": "satakunta-crisis-centre", "organisation": "mieli", "kind": "crisis",
     "name_fi": "Kriisikeskus Karhu, Pori", "name_sv": "Kriscentret Karhu, Björneborg",
     "summary_fi": "Lyhytaikaista kriisiapua aikuisille läheisen kuoleman, eron tai muun "
                   "järkyttävän tapahtuman jälkeen.",
     "summary_sv": "Kortvarig krishjälp för vuxna efter en närståendes död, en skilsmässa eller "
                   "en annan omskakande händelse.",
     "target_groups": "KR1", "age_min": 18, "topics": "crisis; trauma",
     "methods": "crisis-work", "access": "self-referral", "free_of_charge": "yes",
     "languages": "fi; sv", "counties": "06", "phone": "02 555 0801",
     "phone_hours": "mo-fr 10:00-18:00", "street": "Itsenäisyydenkatu 33",
     "postcode": "28100", "municipality": "609", "place_fi": "Kriisikeskus Karhu",
     "place_sv": "Kriscentret Karhu", "reviewed_by": _SK_REVIEWER},
    {"id": "satakunta-youth-chat-evenings", "organisation": "nuorten-mielitila-ry",
     "kind": "helpline", "name_fi": "Nuorten chat-illat Satakunnassa",
     "name_sv": "Chattkvällar för unga i Satakunta",
     "summary_fi": "Anonyymi ohjattu chat 13–25-vuotiaille kolmena iltana viikossa, "
                   "vastaajina koulutetut vapaaehtoiset.",
     "summary_sv": "En anonym handledd chatt för 13–25-åringar tre kvällar i veckan, med "
                   "utbildade frivilliga.",
     "target_groups": "KR1.3", "age_min": 13, "age_max": 25,
     "topics": "loneliness; relationships; seeking-help", "methods": "chat; peer-support",
     "access": "self-referral", "free_of_charge": "yes", "languages": "fi", "counties": "06",
     "web": "https://nuortenmielitila.example/satakunta", "reviewed_by": _SK_REVIEWER},
    {"id": "satakunta-stress-online-course", "organisation": "mielisilta-oy", "care_level": 0,
     "name_fi": "Stressistä palautumiseen -verkkokurssi",
     "name_sv": "Från stress till återhämtning – nätkurs",
     "summary_fi": "Kuuden viikon valmennettu verkkokurssi työikäisille stressin ja "
                   "kuormituksen hallintaan.",
     "summary_sv": "En sex veckor lång nätkurs med coachning för personer i arbetsför ålder, "
                   "om stress och belastning.",
     "target_groups": "KR1", "age_min": 18, "topics": "stress; sleep",
     "methods": "guided-self-care", "access": "self-referral", "free_of_charge": "no",
     "charge_fi": "Kurssimaksu 89 euroa; hyvinvointialueen asiakkaille maksuton lähetteellä.",
     "languages": "fi", "counties": "06", "web": "https://mielisilta.example/stressi",
     "reviewed_by": _SK_REVIEWER},
    {"id": "satakunta-substance-use-outpatient", "organisation": "selva-suunta-ry",
     "care_level": 2, "name_fi": "Päihdeavopalvelu Rauma",
     "name_sv": "Öppenvård för missbruk i Raumo",
     "summary_fi": "Keskusteluja, ryhmiä ja vieroituksen suunnittelua aikuisille ilman "
                   "lähetettä, hyvinvointialueen ostopalveluna.",
     "summary_sv": "Samtal, grupper och planering av avgiftning för vuxna utan remiss, som "
                   "köptjänst för välfärdsområdet.",
     "target_groups": "KR1", "age_min": 18, "topics": "alcohol; substance-use",
     "methods": "substance-use-treatment; group-treatment", "access": "self-referral",
     "free_of_charge": "yes", "languages": "fi", "municipalities": "684",
     "phone": "O2 555 O81O", "phone_hours": "mo-fr 08:00-15:00; closed on public holidays",
     "street": "Nortamonkatu 5", "postcode": "26100", "municipality": "684",
     "place_fi": "Päihdeavopalvelu Rauma", "place_sv": "Öppenvården för missbruk i Raumo",
     "reviewed_by": _SK_REVIEWER},
    {"id": "satakunta-relatives-group", "organisation": "mieli", "kind": "helpline",
     "name_fi": "Omaisten keskusteluryhmä Porissa",
     "name_sv": "Samtalsgrupp för anhöriga i Björneborg",
     "summary_fi": "Ryhmä läheisille, joiden perheenjäsenellä on masennus tai muu "
                   "mielenterveyden pulma.",
     "summary_sv": "En grupp för anhöriga vars familjemedlem har depression eller andra "
                   "psykiska problem.",
     "target_groups": "KR1", "age_min": 18, "topics": "depression; relationships",
     "methods": "peer-support", "access": "self-referral", "free_of_charge": "yes",
     "languages": "fi; sv", "municipalities": "609", "phone": "02 555 0840",
     "phone_hours": "mo 17:00-19:00", "reviewed_by": _SK_REVIEWER},
]
"""The rows, by header; the status and review date are the same for all."""

BAD_ROWS = {6: "topics", 10: "phone"}
"""Sheet row -> the column of its deliberate mistake."""


def write_ten_services(path: Path) -> Path:
    """Write the example workbook (one sheet, header in row 1) to ``path``."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(HEADERS)
    for row in ROWS:
        values = {"status": "active", "last_reviewed": REVIEWED, **row}
        sheet.append([values.get(header) for header in HEADERS])
    for (cell,) in sheet.iter_rows(min_row=2, min_col=HEADERS.index("last_reviewed") + 1,
                                   max_col=HEADERS.index("last_reviewed") + 1):
        cell.number_format = "yyyy-mm-dd"
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


if __name__ == "__main__":
    print(write_ten_services(FIXTURE))
