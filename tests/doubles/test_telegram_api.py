"""The Telegram Bot API double, driven by the real python-telegram-bot and by raw HTTP."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
import pytest_asyncio
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    MenuButtonCommands,
    Message,
    Update,
)
from telegram.error import BadRequest, Conflict, EndPointNotFound, Forbidden
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from tests.doubles.telegram_api import BotApiDouble

TOKEN = "123456:TEST-token"
RESIDENT = 4242
GROUP = -1001234567890


@pytest.fixture
def double() -> Iterator[BotApiDouble]:
    with BotApiDouble(TOKEN, webhook_retry_delay=0.05) as api:
        yield api
    assert api.errors == []  # no bug in the double surfaced as a 500 or a dead thread


@pytest_asyncio.fixture(loop_scope="function")
async def bot(double: BotApiDouble) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=double.base_url, base_file_url=double.base_file_url) as b:
        yield b


def post(double: BotApiDouble, method: str, token: str = TOKEN, **kwargs: Any) -> httpx.Response:
    url = double.base_url + token + "/" + method
    with httpx.Client() as client:
        return client.post(url, **kwargs)


def keyboard(*data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(d.title(), callback_data=d)] for d in data])


def last_rejection(double: BotApiDouble, method: str, needle: str) -> None:
    assert double.rejections, "nothing was rejected"
    rejection = double.rejections[-1]
    assert rejection.method == method
    assert needle in rejection.description, rejection.description


# ------------------------------------------------------------------------------- positive


async def test_get_me_is_the_bot_user(double: BotApiDouble, bot: Bot) -> None:
    me = await bot.get_me()
    assert me.is_bot and me.id == 123456 and me.username == double.bot_user["username"]
    assert [c.method for c in double.calls] == ["getMe", "getMe"]  # `async with` asked too
    assert double.rejections == []


async def test_send_message_with_html_and_keyboard(double: BotApiDouble, bot: Bot) -> None:
    double.send_text(RESIDENT, "/start")
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("Ja", callback_data="ja"),
                InlineKeyboardButton("Nee", callback_data="nee"),
            ],
            [InlineKeyboardButton("Website", url="https://example.org")],
        ]
    )
    text = "<b>Hallo</b> &amp; <i>welkom</i> 👋 <a href='https://x.nl/?a=1&amp;b=2'>link</a>"
    sent = await bot.send_message(RESIDENT, text, parse_mode="HTML", reply_markup=markup)
    assert sent.text == "Hallo & welkom 👋 link"
    assert [(e.type, e.offset, e.length) for e in sent.entities] == [
        ("bold", 0, 5),
        ("italic", 8, 6),
        ("text_link", 18, 4),  # 👋 is two UTF-16 code units
    ]
    assert sent.entities[2].url == "https://x.nl/?a=1&b=2"
    assert sent.reply_markup == markup
    assert sent.message_id == 2  # the resident's /start was message 1 of this chat
    shown = double.messages(RESIDENT)
    assert [m["text"] for m in shown] == ["Hallo & welkom 👋 link"]
    call = double.calls_of("sendMessage")[0]
    assert call.params["chat_id"] == RESIDENT and call.params["parse_mode"] == "HTML"
    assert call.params["reply_markup"]["inline_keyboard"][0][1]["callback_data"] == "nee"
    assert double.rejections == []


async def test_markdown_v2_is_parsed_and_reserved_characters_are_enforced(
    double: BotApiDouble, bot: Bot
) -> None:
    double.send_text(RESIDENT, "hoi")
    sent = await bot.send_message(RESIDENT, r"*Let op*: \(gratis\)\.", parse_mode="MarkdownV2")
    assert sent.text == "Let op: (gratis)."
    assert [(e.type, e.offset, e.length) for e in sent.entities] == [("bold", 0, 6)]
    with pytest.raises(BadRequest, match="reserved"):
        await bot.send_message(RESIDENT, "Klaar.", parse_mode="MarkdownV2")
    last_rejection(double, "sendMessage", "Character '.' is reserved")


async def test_commands_are_stored_per_scope_and_language(double: BotApiDouble, bot: Bot) -> None:
    double.add_group(GROUP, "Buurtgroep", members=[RESIDENT])
    scope = BotCommandScopeChat(GROUP)
    commands = [BotCommand("start", "Begin opnieuw"), BotCommand("help_me", "Hulp")]
    assert await bot.set_my_commands(commands, scope=scope, language_code="nl")
    assert await bot.set_my_commands([BotCommand("start", "Start")])
    assert list(await bot.get_my_commands(scope=scope, language_code="nl")) == commands
    assert list(await bot.get_my_commands(scope=scope)) == []
    assert list(await bot.get_my_commands()) == [BotCommand("start", "Start")]
    assert await bot.delete_my_commands(scope=scope, language_code="nl")
    assert list(await bot.get_my_commands(scope=scope, language_code="nl")) == []
    assert double.calls_of("setMyCommands")[0].params["scope"] == {"type": "chat", "chat_id": GROUP}
    assert double.rejections == []


async def test_long_polling_wakes_up_when_an_update_arrives(double: BotApiDouble, bot: Bot) -> None:
    timer = threading.Timer(0.3, double.send_text, args=(RESIDENT, "Ik zoek hulp"))
    timer.start()
    started = time.monotonic()
    updates = await bot.get_updates(timeout=8)
    elapsed = time.monotonic() - started
    timer.join()
    assert elapsed < 4, elapsed  # woken by the update, not by the 8 s timeout
    assert [u.message.text for u in updates] == ["Ik zoek hulp"]
    assert updates[0].message.from_user.id == RESIDENT
    assert double.pending_updates() == 1  # delivered but not yet confirmed
    assert await bot.get_updates(offset=updates[0].update_id + 1, timeout=0) == ()
    assert double.pending_updates() == 0
    assert double.rejections == []


async def test_command_gets_a_bot_command_entity(double: BotApiDouble, bot: Bot) -> None:
    double.send_text(RESIDENT, "/start welkom", language_code="ar")
    (update,) = await bot.get_updates()
    assert update.message.entities[0].type == "bot_command"
    assert update.message.entities[0].length == len("/start")
    assert update.message.from_user.language_code == "ar"
    assert update.message.chat.type == "private"


async def test_press_then_answer_once(double: BotApiDouble, bot: Bot) -> None:
    double.send_text(RESIDENT, "/start")
    await bot.send_message(RESIDENT, "Kies", reply_markup=keyboard("werk", "wonen"))
    (message,) = double.messages(RESIDENT)
    double.press(RESIDENT, message, "wonen")
    updates = await bot.get_updates()
    query = updates[-1].callback_query
    assert query.data == "wonen" and query.message.message_id == message["message_id"]
    assert await bot.answer_callback_query(query.id, text="Oké")
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query.id)
    last_rejection(double, "answerCallbackQuery", "query ID is invalid")
    with pytest.raises(ValueError, match="no button"):
        double.press(RESIDENT, message, "zorg")


async def test_resident_payloads_parse_in_ptb(double: BotApiDouble, bot: Bot) -> None:
    double.add_group(GROUP, "Buurtgroep")
    double.send_photo(RESIDENT, caption="mijn brief")
    double.send_sticker(RESIDENT)
    double.send_location(RESIDENT, 52.37, 4.89)
    double.send_contact(RESIDENT, "+31612345678")
    first = double.send_document(RESIDENT, "brief.pdf", chat_id=GROUP)
    double.send_text(RESIDENT, "oeps", chat_id=GROUP)
    double.edit_text(RESIDENT, 2, "oké", chat_id=GROUP)
    updates = await bot.get_updates()
    assert updates[0].update_id + 4 == first
    photo, sticker, location, contact, document, text, edited = updates
    assert photo.message.photo[-1].width == 1280 and photo.message.caption == "mijn brief"
    assert sticker.message.sticker.emoji == "👍"
    assert location.message.location.latitude == 52.37
    assert contact.message.contact.user_id == RESIDENT
    assert document.message.document.file_name == "brief.pdf"
    assert document.message.chat.type == "supergroup"
    assert text.message.message_id == 2
    assert edited.edited_message.text == "oké" and edited.edited_message.message_id == 2
    assert (await bot.get_chat_member(GROUP, RESIDENT)).status == "member"


async def test_edit_message_text(double: BotApiDouble, bot: Bot) -> None:
    double.send_text(RESIDENT, "/start")
    sent = await bot.send_message(RESIDENT, "Even geduld…", reply_markup=keyboard("stop"))
    edited = await bot.edit_message_text("Klaar!", chat_id=RESIDENT, message_id=sent.message_id)
    assert edited.text == "Klaar!" and edited.edit_date is not None
    assert edited.reply_markup is None  # not passed again: the keyboard goes
    assert [m["text"] for m in double.messages(RESIDENT)] == ["Klaar!"]
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("Klaar!", chat_id=RESIDENT, message_id=sent.message_id)
    last_rejection(double, "editMessageText", "message is not modified")
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("Hé", chat_id=RESIDENT, message_id=999)
    assert await bot.delete_message(RESIDENT, sent.message_id)
    assert double.messages(RESIDENT) == []
    assert len(double.messages(RESIDENT, include_deleted=True)) == 1


async def test_files_round_trip(double: BotApiDouble, bot: Bot) -> None:
    double.send_voice(RESIDENT, duration=2, content=b"OggS\x00\r\n\x01voice")
    (update,) = await bot.get_updates()
    voice = update.message.voice
    assert voice.mime_type == "audio/ogg" and voice.file_size == 13
    telegram_file = await bot.get_file(voice.file_id)
    assert bytes(await telegram_file.download_as_bytearray()) == b"OggS\x00\r\n\x01voice"
    photo = await bot.send_photo(
        RESIDENT, b"\x89PNG\r\n\x1a\n-bytes", caption="<b>Kaart</b>", parse_mode="HTML"
    )
    assert photo.caption == "Kaart" and photo.photo[-1].width == 1280
    upload = double.calls_of("sendPhoto")[0].params["photo"]
    assert upload.data == b"\x89PNG\r\n\x1a\n-bytes"
    assert double.rejections == []


async def test_other_methods_with_behaviour(double: BotApiDouble, bot: Bot) -> None:
    double.send_text(RESIDENT, "/start")
    album = await bot.send_media_group(
        RESIDENT, [InputMediaPhoto(b"one", caption="een"), InputMediaPhoto(b"two")]
    )
    assert [m.caption for m in album] == ["een", None]
    assert album[0].media_group_id == album[1].media_group_id
    copied = await bot.copy_message(RESIDENT, RESIDENT, album[0].message_id, caption="kopie")
    assert double.messages(RESIDENT)[-1]["caption"] == "kopie"
    forwarded = await bot.forward_message(RESIDENT, RESIDENT, 1)
    assert forwarded.text == "/start"
    edited = await bot.edit_message_caption(
        RESIDENT, copied.message_id, caption="<i>nieuw</i>", parse_mode="HTML"
    )
    assert isinstance(edited, Message) and edited.caption == "nieuw"
    assert await bot.delete_messages(RESIDENT, [album[0].message_id, 999])
    assert len(double.messages(RESIDENT)) == 3
    assert await bot.set_chat_menu_button(RESIDENT, MenuButtonCommands())
    assert isinstance(await bot.get_chat_menu_button(RESIDENT), MenuButtonCommands)
    assert await bot.set_my_description("Hulp in je wijk", language_code="nl")
    assert (await bot.get_my_description("nl")).description == "Hulp in je wijk"
    assert await bot.set_my_short_description("Hulp")
    assert await bot.set_my_name("Wijkwijzer")
    assert await bot.send_chat_action(RESIDENT, "typing")
    assert await bot.get_chat_member_count(RESIDENT) == 2
    assert await bot.set_chat_title(RESIDENT, "no behaviour: validated, then true")
    assert double.rejections == []


async def test_webhook_blocks_get_updates(double: BotApiDouble, bot: Bot) -> None:
    assert await bot.set_webhook("http://127.0.0.1:9/hook")  # nothing listens: never mind
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates()
    last_rejection(double, "getUpdates", "can't use getUpdates method while webhook is active")
    double.send_text(RESIDENT, "hallo")
    assert (await bot.get_webhook_info()).pending_update_count == 1
    assert await bot.delete_webhook()
    (update,) = await bot.get_updates()  # the undelivered update is back for polling
    assert update.message.text == "hallo"


class Receiver:
    """A webhook endpoint that answers 500 to its first `failures` requests."""

    def __init__(self, failures: int) -> None:
        self.posts: list[tuple[dict[str, str], dict[str, Any]]] = []
        self.changed = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with receiver.changed:
                    receiver.posts.append((dict(self.headers), body))
                    status = 500 if len(receiver.posts) <= failures else 200
                    receiver.changed.notify_all()
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/telegram/hook"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def wait_for(self, count: int) -> list[tuple[dict[str, str], dict[str, Any]]]:
        with self.changed:
            assert self.changed.wait_for(lambda: len(self.posts) >= count, timeout=10), self.posts
            return list(self.posts)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


async def test_webhook_delivery_with_secret_and_retry(double: BotApiDouble, bot: Bot) -> None:
    with Receiver(failures=1) as receiver:
        assert await bot.set_webhook(receiver.url, secret_token="s3cr3t-Token_1", max_connections=3)
        update_id = double.send_text(RESIDENT, "hallo")
        posts = receiver.wait_for(2)
        assert [body["update_id"] for _, body in posts] == [update_id, update_id]  # retried
        assert all(h["X-Telegram-Bot-Api-Secret-Token"] == "s3cr3t-Token_1" for h, _ in posts)
        assert posts[1][1]["message"]["text"] == "hallo"
        for text in ("een", "twee", "drie", "vier"):
            double.send_text(RESIDENT, text)
        posts = receiver.wait_for(6)
        assert [body["message"]["text"] for _, body in posts[2:]] == ["een", "twee", "drie", "vier"]
        deadline = time.monotonic() + 5
        while double.pending_updates() and time.monotonic() < deadline:
            time.sleep(0.01)
        info = await bot.get_webhook_info()
        assert info.pending_update_count == 0
        assert (
            info.last_error_message == "Wrong response from the webhook: 500 Internal Server Error"
        )
        assert await bot.delete_webhook()
    assert double.rejections == []


async def test_application_polls_replies_and_stops_cleanly(double: BotApiDouble) -> None:
    async def echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(f"Je zei: {update.effective_message.text}")

    app = Application.builder().token(TOKEN).base_url(double.base_url).job_queue(None).build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=10)
        double.send_text(RESIDENT, "hallo")
        (reply,) = await double.await_messages(RESIDENT, 1)
        assert reply["text"] == "Je zei: hallo"
        await app.updater.stop()  # cancels a waiting long poll, then confirms with offset
        await app.stop()
    assert double.pending_updates() == 0
    assert double.rejections == []


def test_a_second_poller_terminates_the_first(double: BotApiDouble) -> None:
    responses: list[httpx.Response] = []
    first = threading.Thread(
        target=lambda: responses.append(post(double, "getUpdates", data={"timeout": "5"}))
    )
    first.start()
    deadline = time.monotonic() + 5
    while double._poll_generation == 0 and time.monotonic() < deadline:  # the first is waiting
        time.sleep(0.01)
    assert post(double, "getUpdates", data={"timeout": "0"}).json() == {"ok": True, "result": []}
    first.join()
    assert responses[0].status_code == 409
    last_rejection(double, "getUpdates", "terminated by other getUpdates request")


def test_wait_for_messages_explains_a_timeout(double: BotApiDouble) -> None:
    double.send_text(RESIDENT, "hallo")
    with pytest.raises(TimeoutError, match=f"chat {RESIDENT} has not shown 1 bot messages"):
        double.wait_for_messages(RESIDENT, 1, timeout=0.05)


# ------------------------------------------------------------------------------- negative


def test_unknown_method_is_404_and_wrong_token_401(double: BotApiDouble) -> None:
    response = post(double, "sendMesage", data={"chat_id": "1", "text": "x"})
    assert response.status_code == 404
    assert response.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
    last_rejection(double, "sendMesage", "Not Found")
    response = post(double, "getMe", token="123456:wrong")
    assert response.status_code == 401 and response.json()["description"] == "Unauthorized"
    assert len(double.rejections) == 2


async def test_unknown_method_and_wrong_type_through_ptb(double: BotApiDouble, bot: Bot) -> None:
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendTelepathy", api_kwargs={"chat_id": RESIDENT})
    last_rejection(double, "sendTelepathy", "Not Found")
    with pytest.raises(BadRequest, match="chat_id"):
        await bot.send_message("abc", "hallo")
    last_rejection(double, "sendMessage", 'wrong parameter "chat_id"')


def test_method_names_are_case_insensitive_and_bodies_may_be_json_or_query(
    double: BotApiDouble,
) -> None:
    double.send_text(RESIDENT, "/start")
    assert post(double, "SENDMESSAGE", json={"chat_id": RESIDENT, "text": "json"}).json()["ok"]
    assert post(double, "sendmessage", params={"chat_id": str(RESIDENT), "text": "query"}).json()[
        "ok"
    ]
    assert [c.method for c in double.calls] == ["sendMessage", "sendMessage"]
    assert [m["text"] for m in double.messages(RESIDENT)] == ["json", "query"]
    response = post(
        double, "sendMessage", data={"chat_id": RESIDENT, "text": "x", "parse_mod": "HTML"}
    )
    assert response.json()["ok"]  # Telegram ignores unknown parameters...
    assert double.calls[-1].unknown == ("parse_mod",)  # ...but the double notes them
    assert double.rejections == []


def test_missing_required_field(double: BotApiDouble) -> None:
    response = post(double, "sendMessage", data={"text": "hallo"})
    assert response.status_code == 400
    assert response.json() == {
        "ok": False,
        "error_code": 400,
        "description": "Bad Request: chat_id is empty",
    }
    last_rejection(double, "sendMessage", "chat_id is empty")
    double.send_text(RESIDENT, "/start")
    response = post(double, "sendMessage", data={"chat_id": RESIDENT, "text": "  \n "})
    assert response.json()["description"] == "Bad Request: message text is empty"
    last_rejection(double, "sendMessage", "message text is empty")


def test_wrong_types_are_rejected_recursively(double: BotApiDouble) -> None:
    double.send_text(RESIDENT, "/start")
    response = post(double, "sendMessage", data={"chat_id": "abc", "text": "x"})
    assert response.status_code == 400
    last_rejection(double, "sendMessage", 'wrong parameter "chat_id"')
    response = post(double, "sendMessage", data={"chat_id": "@nobody_here", "text": "x"})
    last_rejection(double, "sendMessage", "chat not found")  # a well-typed @username
    button = {"text": "Ja", "callback_data": 5}
    body = {"chat_id": RESIDENT, "text": "x", "reply_markup": {"inline_keyboard": [[button]]}}
    response = post(double, "sendMessage", json=body)
    assert response.status_code == 400
    last_rejection(double, "sendMessage", "reply_markup.inline_keyboard[0][0].callback_data")
    response = post(
        double,
        "sendMessage",
        data={"chat_id": RESIDENT, "text": "x", "disable_notification": "yes"},
    )
    last_rejection(double, "sendMessage", 'wrong parameter "disable_notification"')
    response = post(double, "sendChatAction", data={"chat_id": RESIDENT, "action": "dancing"})
    last_rejection(double, "sendChatAction", "wrong parameter action")
    assert len(double.rejections) == 5


async def test_text_of_4097_characters(double: BotApiDouble, bot: Bot) -> None:
    double.send_text(RESIDENT, "/start")
    await bot.send_message(RESIDENT, "x" * 4096)
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(RESIDENT, "x" * 4097)
    last_rejection(double, "sendMessage", "message is too long")
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(RESIDENT, "😀" * 2049)  # 2049 characters, 4098 UTF-16 units
    await bot.send_message(
        RESIDENT, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML"
    )  # tags are free
    assert len(double.rejections) == 2


@pytest.mark.parametrize("data", ["x" * 65, "é" * 33, ""])
async def test_callback_data_over_64_bytes(double: BotApiDouble, bot: Bot, data: str) -> None:
    double.send_text(RESIDENT, "/start")
    await bot.send_message(RESIDENT, "ok", reply_markup=keyboard("é" * 32))  # 64 bytes is fine
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Knop", callback_data=data)]])
    with pytest.raises(BadRequest):
        await bot.send_message(RESIDENT, "Kies", reply_markup=markup)
    last_rejection(double, "sendMessage", "BUTTON_DATA_INVALID")


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("<script>alert(1)</script>", 'Unsupported start tag "script"'),
        ("<b>x</i>", "Unmatched end tag"),
        ("AT&T", 'Character "&" must be escaped'),
        ("&nbsp;", 'Character "&" must be escaped'),
        ("x</b>", "Unexpected end tag"),
        ('<span class="rood">x</span>', 'Tag "span" must have class "tg-spoiler"'),
    ],
)
async def test_bad_html(double: BotApiDouble, bot: Bot, html: str, reason: str) -> None:
    double.send_text(RESIDENT, "/start")
    with pytest.raises(BadRequest, match="Can't parse entities"):
        await bot.send_message(RESIDENT, html, parse_mode="HTML")
    last_rejection(double, "sendMessage", "can't parse entities: " + reason)


async def test_nested_and_escaped_html_is_fine(double: BotApiDouble, bot: Bot) -> None:
    double.send_text(RESIDENT, "/start")
    html = (
        "<b>a <i>b</i></b> 1 &lt; 2 &#x1F600; <tg-spoiler>s</tg-spoiler> a > b "
        '<pre><code class="language-py">x</code></pre>'
    )
    sent = await bot.send_message(RESIDENT, html, parse_mode="HTML")
    assert sent.text == "a b 1 < 2 😀 s a > b x"
    assert {e.type for e in sent.entities} == {"bold", "italic", "spoiler", "pre"}
    assert [e.language for e in sent.entities if e.type == "pre"] == ["py"]


async def test_unknown_and_unstarted_chats(double: BotApiDouble, bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(777, "hallo")
    last_rejection(double, "sendMessage", "chat not found")
    double.user(778, "Noor")  # known, but never wrote to the bot
    with pytest.raises(Forbidden, match="can't initiate conversation"):
        await bot.send_message(778, "hallo")
    double.send_text(778, "/start")
    double.block(778)
    with pytest.raises(Forbidden, match="blocked by the user"):
        await bot.send_message(778, "hallo")
    assert len(double.rejections) == 3


async def test_bot_command_rules(double: BotApiDouble, bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand("Start", "Begin")])
    last_rejection(double, "setMyCommands", "BOT_COMMAND_INVALID")
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_DESCRIPTION_INVALID"):
        await bot.set_my_commands([BotCommand("start", "")])
    with pytest.raises(BadRequest, match="language code"):
        await bot.set_my_commands([BotCommand("start", "Begin")], language_code="xx")
    last_rejection(double, "setMyCommands", "invalid language code")
    too_many = [BotCommand(f"c{i}", "x") for i in range(101)]
    with pytest.raises(BadRequest):
        await bot.set_my_commands(too_many)
    assert len(double.rejections) == 4


async def test_get_chat_member_of_a_group(double: BotApiDouble, bot: Bot) -> None:
    double.add_group(GROUP, "Buurtgroep", members=[RESIDENT])
    assert (await bot.get_chat_member(GROUP, RESIDENT)).status == "member"
    assert (await bot.get_chat_member(GROUP, 1)).status == "left"
    chat = await bot.get_chat(GROUP)
    assert chat.title == "Buurtgroep" and chat.type == "supergroup"
    double.send_text(RESIDENT, "/help@wijkwijzer_test_bot", chat_id=GROUP)
    (update,) = await bot.get_updates()
    assert update.message.chat.id == GROUP and update.message.entities[0].length == 25
    assert double.rejections == []
