"""Every UI string of the dialogue, marked for extraction (English ids; see bot/locale/)."""

from __future__ import annotations

from bot.core.i18n import N_

WELCOME = N_(
    "Hello! I am wijkwijzer, the digital guide of {municipality}. I help you find local help "
    "in your own language, for free. Which language do you want to use?"
)
LANGUAGE_SET = N_("I will write to you in English. You can change this at any time with /language.")
LANGUAGE_PROMPT = N_("Which language do you want to use?")
MENU_PROMPT = N_(
    "What would you like help with? Choose a topic, or type your question in your own words."
)
DID_YOU_MEAN = N_("I am not sure I understood you. Did you mean one of these?")
NOT_UNDERSTOOD = N_(
    "Sorry, I did not understand that. Could you say it in other words? You can also choose a "
    "topic."
)
OFFER_PERSON = N_(
    "I am sorry I cannot find the right answer. A person from your wijkteam can help you."
)
SERVICES_INTRO = N_("These services can help with: {topic}")
NO_SERVICES = N_("I could not find a service for this. Your wijkteam can help you further.")
NO_MORE = N_("There are no more services for this topic.")
MACHINE_NOTE = N_("Translated automatically; not yet checked by a native speaker.")
MISSING_NOTE = N_("There is no translation yet; this is the Dutch text.")
CARD_WHO = N_("Who it is for")
CARD_HOW = N_("How to apply")
CARD_COST = N_("Cost")
CARD_ADDRESS = N_("Address")
CARD_HOURS = N_("Opening hours")
CARD_PHONE = N_("Phone")
CARD_WEBSITE = N_("Website")
CARD_LANGUAGES = N_("Languages spoken there")
CARD_INTERPRETER = N_("An interpreter can be arranged.")
DAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
GREET = N_("Hello! How can I help you?")
THANKS = N_("You are welcome. Is there anything else I can help you with?")
GOODBYE = N_("Goodbye! You can write to me again at any time.")
BOT_CHALLENGE = N_(
    "I am an automatic assistant, not a person. If you want, I can tell you how to reach a "
    "person from your wijkteam."
)
OUT_OF_SCOPE = N_(
    "I can only help with questions about help and services in {municipality}, such as money, "
    "housing, care, family, school and work."
)
HELP = N_(
    "Type your question in your own words, in your own language. I will show you the services "
    "that can help.\n/menu – choose a topic\n/language – change language\n/privacy – what I "
    "store about you\n/start – start again"
)
PRIVACY = N_(
    "What I store: your chosen language, the topics you asked about and, if you give it, the "
    "four digits of your postcode. Your messages are deleted after {days} days. Nothing is "
    "passed to a person without your permission. Only the municipality's wijkteam can see what "
    "you choose to share with them."
)
ASK_POSTCODE = N_(
    "What is your postcode? For example 9901 AB or 9901. I only keep the four digits."
)
BAD_POSTCODE = N_("That does not look like a Dutch postcode. Please type it like 9901 AB or 9901.")
WIJKTEAM_CONTACT = N_("Your wijkteam is {team}.")
OUTSIDE_MUNICIPALITY = N_(
    "This postcode is not in {municipality}. Please contact your own municipality. The general "
    "number of {municipality} is {phone}."
)
WALK_IN = N_("Walk in without an appointment")
SAFETY_SUICIDE = N_(
    "I am glad you are telling me this. You do not have to carry this alone. Talk to someone "
    "now: call 113 Zelfmoordpreventie at 113 or for free at 0800-0113, day and night, or chat "
    "at www.113.nl."
)
SAFETY_VIOLENCE = N_(
    "Nobody has the right to hurt you or your children. Veilig Thuis can help, also "
    "anonymously: call 0800-2000, free, day and night."
)
SAFETY_HONOUR = N_(
    "You have the right to choose your own life and partner. Veilig Thuis helps with "
    "honour-based violence and forced marriage: call 0800-2000, free, day and night."
)
SAFETY_112 = N_("If you are in danger right now, call 112.")
SAFETY_OFFER = N_("Do you want to talk to a person from your wijkteam?")
NON_TEXT = N_("I can only read text. Please type your question.")
TOO_LONG = N_("Your message is very long. Please tell me your question in a few sentences.")
NLU_DOWN = N_("I understand less than usual right now. Please choose a topic, or try again later.")
ERROR = N_("Sorry, something went wrong on our side. Please try again in a moment.")
BUTTON_MORE = N_("More services")
BUTTON_PERSON = N_("Talk to a person")
BUTTON_ANOTHER = N_("Another question")
BUTTON_LANGUAGE = N_("Change language")
BUTTON_TOPICS = N_("Topics")
BUTTON_SOMETHING_ELSE = N_("Something else")
BUTTON_YES = N_("Yes")
BUTTON_NO = N_("No")
# Words a resident may type instead of pressing Yes or No (comma-separated, lowercase).
YES_WORDS = N_("yes,yeah,ok,okay,sure,y")
NO_WORDS = N_("no,nope,n")
