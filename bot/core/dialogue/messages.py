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
    "What I store: your chosen language, the topics you asked about and, only if you give it, "
    "the four digits of your postcode. Why: to answer in your language and find help near "
    "you. How long: everything is deleted {days} days after your last message. Who sees it: "
    "nobody, unless you agree to talk to a person; then only the wijkteam of your "
    "neighbourhood sees your question, your language and the four digits of your postcode. "
    "Questions I could not answer are kept without names, numbers or addresses, to improve "
    "me.\n/mydata – see what I store about you\n/delete – delete it"
)
PRIVACY_QUESTION = N_(
    "I also keep your last question, so that I can pass it on if you ask for a person."
)
ASK_POSTCODE = N_(
    "What is your postcode? For example 9901 AB or 9901. I only keep the four digits."
)
BAD_POSTCODE = N_("That does not look like a Dutch postcode. Please type it like 9901 AB or 9901.")
OUTSIDE_MUNICIPALITY = N_(
    "This postcode is not in {municipality}. Please contact your own municipality. The general "
    "number of {municipality} is {phone}."
)
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
NON_TEXT_VOICE = N_(
    "I cannot listen to voice messages yet. Please type your question, in your own language."
)
NON_TEXT_MEDIA = N_(
    "I cannot look at photos, videos or files. Please do not send personal documents here; "
    "type your question instead."
)
NON_TEXT_PLACE = N_(
    "I do not need your location or contact details. If you want help near you, type the four "
    "digits of your postcode."
)
NON_TEXT_EDITED = N_(
    "I only read new messages, not changes to earlier ones. Please send your question again."
)
STORAGE_DOWN = N_(
    "Sorry, I cannot answer right now because of a technical problem. I will answer your "
    "message as soon as it is solved; you do not need to send it again."
)
COMMAND_START = N_("Start again")
COMMAND_HELP = N_("How I work")
COMMAND_MENU = N_("Choose a topic")
COMMAND_LANGUAGE = N_("Change language")
COMMAND_PRIVACY = N_("What I store about you")
TOO_LONG = N_("Your message is very long. Please tell me your question in a few sentences.")
SLOW_DOWN = N_(
    "You are sending many messages in a short time. I will read your new messages again in a "
    "minute. If you are in danger, call 112."
)
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
COMMAND_MYDATA = N_("See what I store about you")
COMMAND_DELETE = N_("Delete your data")
COMMAND_CANCEL = N_("Stop your question to the wijkteam")

# Privacy: what is stored, and erasing it.
MYDATA_INTRO = N_("This is everything I store about you:")
MYDATA_NOTHING = N_("I store nothing about you.")
MYDATA_LANGUAGE = N_("Language")
MYDATA_POSTCODE = N_("Postcode (four digits)")
MYDATA_TOPIC = N_("Last topic")
MYDATA_QUESTION = N_("Your last question")
MYDATA_CONSENT = N_("Permission to pass your question to the wijkteam, given on {date}")
MYDATA_CASE = N_("Question to {team} of {date}: {status}")
DELETE_CONFIRM = N_(
    "Do you want me to delete everything I store about you? This cannot be undone. Open "
    "questions to the wijkteam are stopped. The wijkteam keeps only its own record of help it "
    "already gave you, as the law requires."
)
DELETE_DONE = N_("Everything I stored about you has been deleted.")
DELETE_KEPT = N_("All right, nothing has been deleted.")
STATUS_NEW = N_("waiting for the wijkteam")
STATUS_CLAIMED = N_("a professional is helping you")
STATUS_WAITING = N_("waiting for your answer")
STATUS_CLOSED = N_("closed")
STATUS_CANCELLED = N_("cancelled")

# Handoff to a person of the wijkteam.
HANDOFF_EXPLAIN = N_(
    "I can pass your question to a person from the wijkteam of your neighbourhood. They will "
    "see your question in your own words and translated into Dutch, your language, the topic "
    "and the four digits of your postcode. They will not see your name. Do you agree?"
)
HANDOFF_DECLINED = N_(
    "All right, I have not passed anything on. You can ask for a person at any time."
)
HANDOFF_ASK_CONTACT = N_("How would you like the wijkteam to contact you?")
BUTTON_CONTACT_CHAT = N_("Chat here")
BUTTON_CONTACT_PHONE = N_("Phone call")
BUTTON_CONTACT_VISIT = N_("Visit")
# Words a resident may type instead of pressing a contact button (comma-separated, lowercase).
CHAT_WORDS = N_("chat,here,write,text,message,whatsapp,telegram")
PHONE_WORDS = N_("phone,call,ring,telephone,call me,by phone")
VISIT_WORDS = N_("visit,meet,meeting,come,office,in person,face to face")
HANDOFF_ASK_PHONE = N_("On which phone number can they call you? For example 06 12345678.")
HANDOFF_BAD_PHONE = N_(
    "That does not look like a phone number. Please type it like 06 12345678, or press Chat here."
)
HANDOFF_ASK_INTERPRETER = N_("Would you like an interpreter in the conversation?")
HANDOFF_SENT = N_("Thank you. I have passed your question to {team}.")
HANDOFF_EXPECT = N_("You can expect an answer {when}.")
HANDOFF_EXPECT_TODAY = N_("today")
HANDOFF_EXPECT_NEXT = N_("on {day} after {time}, when the wijkteam is open again")
HANDOFF_URGENT = N_(
    "Because it is urgent, they will look at it first. If you are in danger, call 112."
)
HANDOFF_SAME_WORKER = N_("I have asked {name}, who helped you before, to help you again.")
HANDOFF_PENDING = N_(
    "Your question is with {team}. Until it is closed, your messages go to them and their "
    "answers come here, translated. /cancel stops your question."
)
HANDOFF_CLAIMED = N_("{name} of {team} is now helping you. You can write here; I translate.")
HANDOFF_FROM_WORKER = N_("{name} (wijkteam):")
HANDOFF_TRANSLATED = N_("Translated automatically from Dutch.")
HANDOFF_CLOSED = N_(
    "{team} has closed your question. You can always write to me again with a new question."
)
HANDOFF_CANCELLED = N_("Your question to the wijkteam has been stopped.")
HANDOFF_NOTHING_OPEN = N_("You have no open question to the wijkteam.")
HANDOFF_REMINDED = N_(
    "Your question has not been picked up yet. I have reminded the wijkteam. Thank you for "
    "your patience."
)
HANDOFF_CALL_REQUEST = N_("{name} would like to call you. On which phone number can they call you?")
HANDOFF_SERVICE = N_("{name} sends you this service:")
