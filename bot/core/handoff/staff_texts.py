"""What the bot says to wijkteam professionals, in Dutch (the source language of these ids).

Staff read and write Dutch; residents' words reach them translated, with the original beneath.
"""

from __future__ import annotations

from bot.core.i18n import N_

CARD_TITLE = N_("Nieuwe vraag #{case}")
CARD_URGENT = N_("URGENT – veiligheidssignaal")
CARD_TEAM = N_("Team: {team}")
CARD_LANGUAGE = N_("Taal: {lang}")
CARD_TOPIC = N_("Onderwerp: {topic}")
CARD_POSTCODE = N_("Postcode: {pc4}")
CARD_CONTACT = N_("Contact: {contact}")
CARD_INTERPRETER = N_("Tolk gewenst: {answer}")
CARD_QUESTION = N_("Vraag:")
CARD_ORIGINAL = N_("Origineel ({lang}):")
CARD_MACHINE = N_("(automatisch vertaald)")
CARD_NOT_TRANSLATED = N_("(niet vertaald: vertaaldienst niet bereikbaar)")
CARD_NO_QUESTION = N_("(geen vraag getypt; zie het onderwerp)")
CARD_PREFERRED = N_("Eerder geholpen door {name}: graag weer dezelfde contactpersoon.")
CARD_CLAIMED = N_("Opgepakt door {name}. Antwoord met ‘Beantwoorden’ op dit bericht.")
CARD_CLOSED = N_("Afgesloten door {name}: {outcome}")
CARD_CANCELLED = N_("De bewoner heeft de vraag ingetrokken.")
CONTACT_CHAT = N_("chat via de bot")
CONTACT_PHONE = N_("bellen: {phone}")
CONTACT_VISIT = N_("langskomen / bezoek")
YES = N_("ja")
NO = N_("nee")
BUTTON_CLAIM = N_("Oppakken")
BUTTON_CALL = N_("Vraag om te bellen")
BUTTON_CLOSE = N_("Afsluiten")
BUTTON_HAND_OVER = N_("Overdragen")
OUTCOMES = {
    "helped": N_("geholpen"),
    "referred": N_("doorverwezen"),
    "no_contact": N_("geen contact gekregen"),
    "other": N_("anders"),
}
FROM_RESIDENT = N_("#{case} Bewoner schrijft:")
CLAIM_TAKEN = N_("Deze vraag is al opgepakt door {name}.")
CLAIM_NOT_STAFF = N_("Alleen geregistreerde medewerkers van dit wijkteam kunnen vragen oppakken.")
CLAIM_NOT_OPEN = N_("Deze vraag is niet meer open.")
ONLY_CLAIMER = N_("Alleen {name}, die deze vraag heeft opgepakt, kan de bewoner antwoorden.")
SENT_TO_RESIDENT = N_("Verstuurd naar de bewoner (#{case}).")
REMINDER = N_("Herinnering: vraag #{case} wacht al {minutes} minuten op iemand die hem oppakt.")
HAND_OVER_TO = N_("Overdragen aan:")
HANDED_OVER = N_("Vraag #{case} is overgedragen aan {name}.")
JOINED = N_("Welkom, {name}: je bent toegevoegd aan {team}.")
JOIN_FAILED = N_("Deze code is onbekend, al gebruikt of verlopen. Vraag een nieuwe code aan.")
UNKNOWN_SERVICE = N_("Onbekende dienst: {service}. Gebruik de id uit de catalogus.")
GROUP_HELP = N_(
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
