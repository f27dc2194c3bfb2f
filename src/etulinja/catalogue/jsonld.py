"""schema.org JSON-LD for service pages, so search engines and assistants read contacts
and opening hours (including holiday closures) without scraping."""

from __future__ import annotations

import datetime as dt
from typing import Any

from etulinja.catalogue.hours import public_holidays
from etulinja.catalogue.model import Hours, Service
from etulinja.catalogue.views import municipality_name
from etulinja.reference import geography, i18n

_DAY_URIS = {"mo": "Monday", "tu": "Tuesday", "we": "Wednesday", "th": "Thursday",
             "fr": "Friday", "sa": "Saturday", "su": "Sunday"}
_ORGANISATION_TYPES = {"public": "GovernmentOrganization", "ngo": "NGO",
                       "private": "Organization"}


def opening_hours(hours: Hours, today: dt.date, holiday_lang: str) -> list[dict[str, Any]]:
    """OpeningHoursSpecification entries: weekly hours, dated exceptions, public holidays
    (named in ``holiday_lang``)."""
    specs: list[dict[str, Any]] = []
    if hours.always_open:
        specs.append({"@type": "OpeningHoursSpecification",
                      "dayOfWeek": [f"https://schema.org/{d}" for d in _DAY_URIS.values()],
                      "opens": "00:00", "closes": "23:59"})
    for entry in hours.weekly:
        specs.append({"@type": "OpeningHoursSpecification",
                      "dayOfWeek": [f"https://schema.org/{_DAY_URIS[d]}" for d in entry.days],
                      "opens": entry.opens, "closes": entry.closes})
    if hours.closed_on_public_holidays:
        # schema.org: opens = closes = 00:00 means closed all day.
        specs.append({"@type": "OpeningHoursSpecification",
                      "dayOfWeek": "https://schema.org/PublicHolidays",
                      "opens": "00:00", "closes": "00:00"})
        for date, name in public_holidays(today, 365, holiday_lang):
            specs.append({"@type": "OpeningHoursSpecification", "name": name,
                          "validFrom": date.isoformat(), "validThrough": date.isoformat(),
                          "opens": "00:00", "closes": "00:00"})
    for exception in hours.exceptions:
        day = exception.date.isoformat()
        times = [{"opens": "00:00", "closes": "00:00"}] if exception.closed else [
            {"opens": interval.opens, "closes": interval.closes}
            for interval in exception.intervals]
        specs += [{"@type": "OpeningHoursSpecification", "validFrom": day,
                   "validThrough": day, **time} for time in times]
    return specs


def service_jsonld(service: Service, lang: str, url: str, today: dt.date,
                   languages: tuple[str, ...]) -> dict[str, Any]:
    """The service as a schema.org GovernmentService (or Service), in ``lang``; text
    missing there falls back through the site's ``languages``."""
    org = service.organisation
    holiday_lang = lang  # holidays named in the page's language
    provider: dict[str, Any] = {"@type": _ORGANISATION_TYPES[org.type],
                                "name": org.name.in_language(lang, languages)[0]}
    if org.website:
        provider["url"] = org.website
    name = service.name.in_language(lang, languages)[0]
    contact_points = []
    for phone in service.phones:
        point: dict[str, Any] = {"@type": "ContactPoint", "telephone": phone.tel,
                                 "contactType": phone.label.in_language(lang, languages)[0]
                                 or name,
                                 "availableLanguage": list(service.languages)}
        if phone.hours is not None:
            point["hoursAvailable"] = opening_hours(phone.hours, today, holiday_lang)
        contact_points.append(point)
    places = []
    for location in service.locations:
        place: dict[str, Any] = {
            "@type": "MedicalClinic", "name": location.name.in_language(lang, languages)[0],
            "address": {"@type": "PostalAddress", "streetAddress": location.street,
                        "postalCode": location.postal_code,
                        "addressLocality": municipality_name(location.municipality_code,
                                                             lang, languages),
                        "addressCountry": "FI"},
        }
        if location.coordinates is not None:
            place["geo"] = {"@type": "GeoCoordinates",
                            "latitude": location.coordinates.lat,
                            "longitude": location.coordinates.lon}
        if location.hours is not None:
            place["openingHoursSpecification"] = opening_hours(location.hours, today,
                                                               holiday_lang)
        places.append(place)
    # Every way in, each its own channel: phones, places, the web page, the chat and the
    # e-service (a chat-only service still has a channel).
    strings = i18n.table(lang)
    channels: list[dict[str, Any]] = []
    for point in contact_points:
        channels.append({"@type": "ServiceChannel", "name": point["contactType"],
                         "servicePhone": point})
    for place in places:
        channels.append({"@type": "ServiceChannel", "name": place["name"],
                         "serviceLocation": place})
    if service.web:
        channels.append({"@type": "ServiceChannel", "name": str(strings["service.web"]),
                         "serviceUrl": service.web})
    if service.chat is not None:
        channels.append({"@type": "ServiceChannel", "name": str(strings["service.chat"]),
                         "serviceUrl": service.chat.url})
        # Hours belong to a ContactPoint in schema.org, not to a channel.
        chat: dict[str, Any] = {"@type": "ContactPoint", "url": service.chat.url,
                                "contactType": str(strings["service.chat"]),
                                "availableLanguage": list(service.languages)}
        if service.chat.hours is not None:
            chat["hoursAvailable"] = opening_hours(service.chat.hours, today, holiday_lang)
        contact_points.append(chat)
    if service.e_service is not None:
        channels.append({
            "@type": "ServiceChannel", "name": str(strings["service.e_service"]),
            "serviceUrl": service.e_service.url,
            "description": str(strings["service.login_required" if
                                       service.e_service.login_required else
                                       "service.no_login"])})
    area = ({"@type": "Country", "name": str(i18n.table(lang)["jsonld.country"])}
            if service.national else
            [{"@type": "AdministrativeArea", "name": geography.counties()[c].name[lang]}
             for c in service.counties])
    result: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "GovernmentService" if org.type == "public" else "Service",
        "@id": url,
        "url": url,
        "name": name,
        "description": service.summary.in_language(lang, languages)[0],
        "provider": provider,
        "areaServed": area,
        "availableChannel": channels,
        "audience": {"@type": "Audience",
                     "audienceType": ", ".join(service.target_groups)},
        "isAccessibleForFree": service.charge.free,
        "availableLanguage": list(service.languages),
    }
    if contact_points:
        provider["contactPoint"] = contact_points
    return result
