"""The Telegram channel: python-telegram-bot 22 in front of the assistant.

Where a resident's message enters: an update (polling or webhook) is claimed once in the
database, turned into an `Incoming`, answered by the assistant and sent back as escaped HTML,
paced by Telegram's flood limits. While the database is down the resident gets the safety flow
when needed and an apology, and the update is retried until it can be answered.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from dataclasses import dataclass, field

from sqlalchemy.exc import SQLAlchemyError
from telegram import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler

from bot.adapters.db import privacy_repository, update_log
from bot.adapters.db.session import in_database
from bot.adapters.telegram.ordering import ChatOrderedProcessor
from bot.adapters.telegram.rate_limit import PerChatRateLimiter, ResidentFlood
from bot.adapters.telegram.rendering import render
from bot.adapters.telegram.staff import StaffDesk, TelegramOutbox, is_staff_update
from bot.adapters.telegram.updates import ResidentMessage, resident_message
from bot.app.conversations import Assistant, notice
from bot.core.dialogue import messages as m
from bot.core.dialogue.replies import Reply
from bot.core.errors import StorageUnavailable
from bot.core.i18n import text as t
from bot.core.languages import CODES
from bot.core.privacy.retention import RetentionPolicy
from bot.settings import Settings

log = logging.getLogger(__name__)
# Seconds before each retry of an update that met a database outage; then every hour for a day.
RETRY_DELAYS = (2, 5, 15, 30, 60, 120, 300, 600, 1800)
RETRY_FOR = dt.timedelta(hours=24)
SEND_ATTEMPTS = 3
TYPING_AFTER = 0.3  # seconds; Telegram shows "typing…" for 5 s or until the answer
COMMANDS = (
    ("start", m.COMMAND_START),
    ("menu", m.COMMAND_MENU),
    ("language", m.COMMAND_LANGUAGE),
    ("help", m.COMMAND_HELP),
    ("cancel", m.COMMAND_CANCEL),
    ("privacy", m.COMMAND_PRIVACY),
    ("mydata", m.COMMAND_MYDATA),
    ("delete", m.COMMAND_DELETE),
)
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]


@dataclass(slots=True)
class Retry:
    """An update we owe an answer: how often it failed, since when."""

    message: ResidentMessage
    attempts: int = 0
    since: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


class TelegramChannel:
    """Builds and runs the PTB `Application` that serves residents."""

    def __init__(self, assistant: Assistant, config: Settings) -> None:
        token = config.telegram_bot_token
        if token is None:
            raise ValueError("TelegramChannel needs TELEGRAM_BOT_TOKEN")
        self._assistant = assistant
        self._config = config
        self._url = config.database_url
        self._retrying: dict[int, Retry] = {}
        self._flood = ResidentFlood(config.resident_messages_per_minute)
        self.application: Application = (  # type: ignore[type-arg]
            ApplicationBuilder()
            .token(token.get_secret_value())
            .base_url(config.telegram_base_url)
            .rate_limiter(
                PerChatRateLimiter(
                    per_chat=config.telegram_chat_rate,
                    overall_max_rate=config.telegram_overall_rate,
                    overall_time_period=1,
                    group_max_rate=config.telegram_group_rate,
                    group_time_period=60,
                    max_retries=3,
                )
            )
            .concurrent_updates(ChatOrderedProcessor(config.telegram_concurrency))
            .connection_pool_size(config.telegram_concurrency + 8)
            .pool_timeout(30)
            .connect_timeout(10)
            .read_timeout(15)
            .write_timeout(15)
            .get_updates_read_timeout(40)
            .build()
        )
        assistant.desk.outbox = TelegramOutbox(self.application, self.deliver)
        self._staff = StaffDesk(self.application, assistant.desk)
        self.application.add_handler(TypeHandler(Update, self._on_update))
        self.application.add_handler(TypeHandler(ResidentMessage, self._on_retry))
        self.application.add_error_handler(self._on_error)

    # -- running ---------------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        """Serve until `stop` is set: webhook when a webhook URL is configured, else polling."""
        config = self._config
        async with self.application:
            # `post_init` runs only under run_polling/run_webhook; we drive the parts ourselves.
            await self._post_init(self.application)
            await self.application.start()
            assert self.application.updater is not None
            if config.telegram_webhook_url:
                secret = config.telegram_webhook_secret
                await self.application.updater.start_webhook(
                    listen=config.telegram_webhook_listen,
                    port=config.telegram_webhook_port,
                    url_path="telegram",
                    webhook_url=config.telegram_webhook_url,
                    secret_token=secret.get_secret_value() if secret else None,
                    allowed_updates=ALLOWED_UPDATES,
                    drop_pending_updates=False,
                )
                log.info("telegram: webhook on port %s", config.telegram_webhook_port)
            else:
                await self.application.updater.start_polling(
                    allowed_updates=ALLOWED_UPDATES,
                    drop_pending_updates=False,
                    timeout=dt.timedelta(seconds=30),
                    error_callback=_polling_error,
                )
                log.info("telegram: polling")
            await stop.wait()
            await self.application.updater.stop()
            await self.application.stop()

    async def _post_init(self, application: Application) -> None:  # type: ignore[type-arg]
        await register_commands(application)
        assert application.job_queue is not None
        application.job_queue.run_repeating(
            self._expire, interval=dt.timedelta(hours=1), first=dt.timedelta(seconds=30)
        )
        application.job_queue.run_repeating(
            self._remind, interval=dt.timedelta(minutes=1), first=dt.timedelta(seconds=5)
        )

    async def _expire(self, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """Retention, enforced by code: personal data older than its purpose is deleted."""
        policy = RetentionPolicy(conversation_days=self._config.retention_days)
        try:
            counts = await in_database(
                self._url, privacy_repository.expire, self._url, policy, dt.datetime.now(dt.UTC)
            )
            log.info("retention: %s", counts)
        except SQLAlchemyError:
            log.warning("retention postponed (database unavailable)")

    async def _remind(self, _context: ContextTypes.DEFAULT_TYPE) -> None:
        try:
            await self._assistant.desk.remind()
        except SQLAlchemyError:
            log.warning("reminders postponed (database unavailable)")

    # -- one update ------------------------------------------------------------------------------

    async def _on_update(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        if is_staff_update(update):
            # Staff act again when the database is back; their updates are not retried.
            if await self._claim(update.update_id):
                await self._staff.handle(update)
            return
        message = resident_message(update)
        if message is None:
            return
        if message.callback_query_id is not None:
            await self._answer_query(message.callback_query_id)
        await self._handle(message, None)

    async def _on_retry(
        self, message: ResidentMessage, _context: ContextTypes.DEFAULT_TYPE
    ) -> None:
        retry = self._retrying.pop(message.update_id, None)
        if retry is not None:
            await self._handle(message, retry)

    async def _handle(self, message: ResidentMessage, retry: Retry | None) -> None:
        if retry is None:
            claimed = await self._claim(message.update_id)
            if claimed is None:
                await self._postpone(message, Retry(message), apologise=True)
                return
            if not claimed or not await self._within_limit(message):
                return
        typing = self._typing(message)
        try:
            replies = await self._assistant.respond(message.chat_id, message.incoming)
        except StorageUnavailable:
            await _finish(typing)
            first = retry is None
            await self._postpone(message, retry or Retry(message), apologise=first)
            return
        await _finish(typing)
        await self.deliver(message.chat_id, replies)

    async def _within_limit(self, message: ResidentMessage) -> bool:
        """The per-resident limit; a message that signals danger always passes."""
        verdict = self._flood.check(message.chat_id)
        if verdict == "ok" or self._assistant.signals_danger(message.incoming.text):
            return True
        log.warning("chat %s: over the message limit (%s)", message.chat_id, verdict)
        if verdict == "tell":
            language = message.incoming.telegram_language
            await self.deliver(message.chat_id, [notice(language, m.SLOW_DOWN)])
        return False

    async def _postpone(self, message: ResidentMessage, retry: Retry, *, apologise: bool) -> None:
        """Tell the resident (once) and try the update again later: never drop it."""
        log.warning("update %s: database unavailable, retry %s", message.update_id, retry.attempts)
        if apologise:
            replies = await self._assistant.storage_down(message.incoming)
            await self.deliver(message.chat_id, replies)
        if dt.datetime.now(dt.UTC) - retry.since > RETRY_FOR:
            log.error("update %s: given up after %s attempts", message.update_id, retry.attempts)
            return
        delay = RETRY_DELAYS[min(retry.attempts, len(RETRY_DELAYS) - 1)]
        retry.attempts += 1
        self._retrying[message.update_id] = retry
        assert self.application.job_queue is not None
        self.application.job_queue.run_once(
            self._replay, when=delay, data=message.update_id, name=f"retry-{message.update_id}"
        )

    async def _replay(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        update_id = context.job.data if context.job else None
        retry = self._retrying.get(update_id) if isinstance(update_id, int) else None
        if retry is not None:
            # Through the update queue, so that the retry keeps its place in the chat's order.
            await self.application.update_queue.put(retry.message)

    async def _claim(self, update_id: int) -> bool | None:
        """True the first time this update is seen, False after; None: database unavailable."""
        try:
            if await in_database(self._url, update_log.claim, self._url, update_id):
                return True
        except SQLAlchemyError:
            log.warning("update %s: database unavailable", update_id)
            return None
        log.info("update %s: already handled", update_id)
        return False

    def _typing(self, message: ResidentMessage) -> Typing | None:
        if message.incoming.text is None:
            return None
        return Typing(self.application, message.chat_id)

    async def _answer_query(self, query_id: str) -> None:
        # A query that is too old cannot be answered; the press itself is still handled.
        with contextlib.suppress(TelegramError):
            await self.application.bot.answer_callback_query(query_id)

    # -- sending -----------------------------------------------------------------------------------

    async def deliver(self, chat_id: int, replies: list[Reply]) -> None:
        """Send replies in order; each split into messages Telegram accepts."""
        for reply in replies:
            for message in render(reply):
                await self._send(chat_id, message.html, message.keyboard)

    async def _send(self, chat_id: int, html: str, keyboard: InlineKeyboardMarkup | None) -> None:
        for attempt in range(1, SEND_ATTEMPTS + 1):
            try:
                await self.application.bot.send_message(
                    chat_id,
                    html,
                    parse_mode=ParseMode.HTML,
                    reply_markup=keyboard,
                    link_preview_options=LinkPreviewOptions(is_disabled=True),
                )
                return
            except Forbidden:
                log.info("chat %s: the resident blocked the bot", chat_id)
                return
            except BadRequest as error:
                log.error("chat %s: Telegram refused a message: %s", chat_id, error.message)
                return
            except (NetworkError, RetryAfter) as error:
                if attempt == SEND_ATTEMPTS:
                    log.error("chat %s: message not sent: %s", chat_id, type(error).__name__)
                    return
                await asyncio.sleep(attempt)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        # Ids only: an exception's message may quote what the resident wrote.
        update_id = update.update_id if isinstance(update, Update) else None
        log.error("update %s: %s", update_id, type(context.error).__name__)


async def register_commands(application: Application) -> None:  # type: ignore[type-arg]
    """The command menu in every language (Telegram shows the one of the user's app)."""
    scope = BotCommandScopeAllPrivateChats()
    for code in (None, *CODES):
        language = code or "nl"
        commands = [BotCommand(name, t(language, description)) for name, description in COMMANDS]
        try:
            await application.bot.set_my_commands(commands, scope=scope, language_code=code)
        except TelegramError as error:
            log.warning("setMyCommands %s: %s", code, type(error).__name__)


def _polling_error(error: TelegramError) -> None:
    log.warning("telegram polling: %s", type(error).__name__)


async def _finish(typing: Typing | None) -> None:
    if typing is not None:
        await typing.finish()


class Typing:
    """ "typing…" for answers that take a while; a quick answer needs none (and saves Telegram
    a request per message)."""

    def __init__(self, application: Application, chat_id: int) -> None:  # type: ignore[type-arg]
        self._application = application
        self._chat_id = chat_id
        self._sending = False
        self._task = asyncio.create_task(self._later())

    async def _later(self) -> None:
        await asyncio.sleep(TYPING_AFTER)
        self._sending = True
        with contextlib.suppress(TelegramError):
            await self._application.bot.send_chat_action(self._chat_id, ChatAction.TYPING)

    async def finish(self) -> None:
        """Before the answer goes out: a request already under way completes (cancelling it
        would leave Telegram half a request); one not yet started is dropped."""
        if not self._sending:
            self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
