"""What the bot says to wijkteam professionals: Dutch only, by design.

Professionals read and write Dutch (residents' words reach them translated, with the original
beneath), so these are not in the residents' gettext catalogues. `staff()` marks them.
"""

from __future__ import annotations


def staff(text: str) -> str:
    """A Dutch text for professionals (kept out of the residents' catalogues)."""
    return text


CARD_TITLE = staff("Nieuwe vraag #{case}")
CARD_URGENT = staff("URGENT – veiligheidssignaal")
CARD_TEAM = staff("Team: {team}")
CARD_LANGUAGE = staff("Taal: {lang}")
CARD_TOPIC = staff("Onderwerp: {topic}")
CARD_POSTCODE = staff("Postcode: {pc4}")
CARD_CONTACT = staff("Contact: {contact}")
CARD_INTERPRETER = staff("Tolk gewenst: {answer}")
CARD_QUESTION = staff("Vraag:")
CARD_ORIGINAL = staff("Origineel ({lang}):")
CARD_MACHINE = staff("(automatisch vertaald)")
CARD_NOT_TRANSLATED = staff("(niet vertaald: vertaaldienst niet bereikbaar)")
CARD_NO_QUESTION = staff("(geen vraag getypt; zie het onderwerp)")
CARD_PREFERRED = staff("Eerder geholpen door {name}: graag weer dezelfde contactpersoon.")
CARD_CLAIMED = staff("Opgepakt door {name}. Antwoord met ‘Beantwoorden’ op dit bericht.")
CARD_CLOSED = staff("Afgesloten door {name}: {outcome}")
CARD_ERASED = staff(
    "Vraag #{case}: de bewoner heeft zijn of haar gegevens laten verwijderen (AVG). Wat het "
    "wijkteam zelf over geboden hulp moet bewaren, staat in het eigen dossier."
)
CARD_CANCELLED = staff("De bewoner heeft de vraag ingetrokken.")
CONTACT_CHAT = staff("chat via de bot")
CONTACT_PHONE = staff("bellen: {phone}")
CONTACT_VISIT = staff("langskomen / bezoek")
YES = staff("ja")
NO = staff("nee")
BUTTON_CLAIM = staff("Oppakken")
BUTTON_CALL = staff("Vraag om te bellen")
BUTTON_CLOSE = staff("Afsluiten")
BUTTON_HAND_OVER = staff("Overdragen")
OUTCOMES = {
    "helped": staff("geholpen"),
    "referred": staff("doorverwezen"),
    "no_contact": staff("geen contact gekregen"),
    "other": staff("anders"),
}
FROM_RESIDENT = staff("#{case} Bewoner schrijft:")
CLAIM_TAKEN = staff("Deze vraag is al opgepakt door {name}.")
CLAIM_NOT_STAFF = staff(
    "Alleen geregistreerde medewerkers van dit wijkteam kunnen vragen oppakken."
)
CLAIM_NOT_OPEN = staff("Deze vraag is niet meer open.")
ONLY_CLAIMER = staff("Alleen {name}, die deze vraag heeft opgepakt, kan de bewoner antwoorden.")
SENT_TO_RESIDENT = staff("Verstuurd naar de bewoner (#{case}).")
REMINDER = staff("Herinnering: vraag #{case} wacht al {minutes} minuten op iemand die hem oppakt.")
HAND_OVER_TO = staff("Overdragen aan:")
HANDED_OVER = staff("Vraag #{case} is overgedragen aan {name}.")
JOINED = staff("Welkom, {name}: je bent toegevoegd aan {team}.")
JOIN_FAILED = staff("Deze code is onbekend, al gebruikt of verlopen. Vraag een nieuwe code aan.")
UNKNOWN_SERVICE = staff("Onbekende dienst: {service}. Gebruik de id uit de catalogus.")
GROUP_HELP = staff(
    "Beantwoord een vraag door op het bericht van die vraag te antwoorden (‘Beantwoorden’). "
    "/dienst SERVICE-ID als antwoord stuurt een dienstkaart naar de bewoner."
)
# Language names as Dutch professionals say them (not UI strings: names).
LANGUAGE_NAMES = {
    "nl": "Nederlands",
    "en": "Engels",
    "ar": "Arabisch",
    "tr": "Turks",
    "pl": "Pools",
    "uk": "Oekraïens",
    "ti": "Tigrinya",
    "so": "Somalisch",
    "fa": "Farsi",
}
