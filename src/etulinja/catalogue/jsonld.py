"""schema.org JSON-LD for service pages, so search engines and assistants read contacts
and opening hours (including holiday closures) without scraping."""

from __future__ import annotations

import datetime as dt
from typing import Any

from etulinja.catalogue.hours import public_holidays
from etulinja.catalogue.model import Service
from etulinja.catalogue.views import text
from etulinja.reference import geography
from etulinja.reference.phones import tel_target

_DAY_URIS = {"mo": "Monday", "tu": "Tuesday", "we": "Wednesday", "th": "Thursday",
             "fr": "Friday", "sa": "Saturday", "su": "Sunday"}


def opening_hours(hours: dict[str, Any], today: dt.date) -> list[dict[str, Any]]:
    """OpeningHoursSpecification entries: weekly hours, dated exceptions, public holidays."""
    specs: list[dict[str, Any]] = []
    if hours.get("always_open"):
        specs.append({"@type": "OpeningHoursSpecification",
                      "dayOfWeek": [f"https://schema.org/{d}" for d in _DAY_URIS.values()],
                      "opens": "00:00", "closes": "23:59"})
    for entry in hours.get("weekly", []):
        specs.append({"@type": "OpeningHoursSpecification",
                      "dayOfWeek": [f"https://schema.org/{_DAY_URIS[d]}" for d in entry["days"]],
                      "opens": entry["opens"], "closes": entry["closes"]})
    if hours.get("closed_on_public_holidays"):
        # schema.org: opens = closes = 00:00 means closed all day.
        specs.append({"@type": "OpeningHoursSpecification",
                      "dayOfWeek": "https://schema.org/PublicHolidays",
                      "opens": "00:00", "closes": "00:00"})
        for date, name in public_holidays(today, 365, "fi"):
            specs.append({"@type": "OpeningHoursSpecification", "name": name,
                          "validFrom": date.isoformat(), "validThrough": date.isoformat(),
                          "opens": "00:00", "closes": "00:00"})
    for exception in hours.get("exceptions", []):
        day = str(exception["date"])
        if exception.get("closed"):
            spec = {"opens": "00:00", "closes": "00:00"}
        else:
            spec = {"opens": exception["opens"], "closes": exception["closes"]}
        specs.append({"@type": "OpeningHoursSpecification", "validFrom": day,
                      "validThrough": day, **spec})
    return specs


def service_jsonld(service: Service, lang: str, url: str, today: dt.date) -> dict[str, Any]:
    data = service.data
    org = service.organisation
    org_type = {"public": "GovernmentOrganization", "ngo": "NGO", "private": "Organization"}
    provider: dict[str, Any] = {"@type": org_type[org.data["type"]],
                                "name": text(org.name, lang)[0]}
    if org.data.get("website"):
        provider["url"] = org.data["website"]
    channels = data.get("channels", {})
    contact_points = []
    for phone in channels.get("phones", []):
        point: dict[str, Any] = {"@type": "ContactPoint", "telephone": tel_target(phone["number"]),
                                 "contactType": text(phone.get("label"), lang)[0]
                                 or text(data["name"], lang)[0],
                                 "availableLanguage": data["languages"]}
        if "hours" in phone:
            point["hoursAvailable"] = opening_hours(phone["hours"], today)
        contact_points.append(point)
    places = []
    for location in channels.get("locations", []):
        address = location["address"]
        municipality = geography.municipalities()[address["municipality"]]
        place: dict[str, Any] = {
            "@type": "MedicalClinic", "name": text(location["name"], lang)[0],
            "address": {"@type": "PostalAddress", "streetAddress": address["street"],
                        "postalCode": address["postal_code"],
                        "addressLocality": municipality.name.get(lang, municipality.name["fi"]),
                        "addressCountry": "FI"},
        }
        if "coordinates" in location:
            place["geo"] = {"@type": "GeoCoordinates",
                            "latitude": location["coordinates"]["lat"],
                            "longitude": location["coordinates"]["lon"]}
        if "hours" in location:
            place["openingHoursSpecification"] = opening_hours(location["hours"], today)
        places.append(place)
    channel: dict[str, Any] = {"@type": "ServiceChannel"}
    if contact_points:
        channel["servicePhone"] = contact_points[0]
    if places:
        channel["serviceLocation"] = places[0]
    if channels.get("web"):
        channel["serviceUrl"] = channels["web"]
    area = ({"@type": "Country", "name": "Finland"} if service.national else
            [{"@type": "AdministrativeArea", "name": geography.counties()[c].name[lang]}
             for c in service.counties])
    result: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "GovernmentService" if org.data["type"] == "public" else "Service",
        "@id": url,
        "url": url,
        "name": text(data["name"], lang)[0],
        "description": text(data["summary"], lang)[0],
        "provider": provider,
        "areaServed": area,
        "availableChannel": channel,
        "audience": {"@type": "Audience", "audienceType": ", ".join(data["target_groups"])},
        "isAccessibleForFree": bool(data["charge"]["free"]),
        "availableLanguage": data["languages"],
    }
    if contact_points:
        provider["contactPoint"] = contact_points
    return result
