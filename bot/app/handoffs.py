"""Where a handoff goes: cases in the database, cards in the wijkteam's Telegram group, and the
bot in between as interpreter (staff write Dutch, residents read their own language).

The case is stored before the resident hears it was sent; the card is posted after, and a card
that could not be posted (or a case made by `simulate`) is posted by the next reminder round.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.adapters.db import catalogue_lookup, privacy_repository
from bot.adapters.db import handoff_repository as cases
from bot.adapters.db.models import HandoffCaseRow
from bot.adapters.db.session import in_database, stored_utc, transaction
from bot.core.catalogue.model import Wijkteam
from bot.core.catalogue.postcode import Postcode
from bot.core.catalogue.ranking import ServiceCard
from bot.core.dialogue import messages as m
from bot.core.dialogue import ui
from bot.core.dialogue.context import Context
from bot.core.dialogue.handoff_flow import Submitted
from bot.core.dialogue.replies import Button, Reply
from bot.core.dialogue.step import render_card
from bot.core.errors import TranslationUnavailable
from bot.core.handoff import schedule
from bot.core.handoff import staff_texts as s
from bot.core.handoff.case import CaseStatus, ContactMode, HandoffRequest, Outcome
from bot.core.i18n import text as t
from bot.core.languages import BY_CODE
from bot.core.understanding.ports import Translator

log = logging.getLogger(__name__)


class Outbox(Protocol):
    """How the desk reaches people outside the current conversation (Telegram implements it)."""

    async def to_resident(self, chat_id: int, replies: list[Reply]) -> None: ...

    async def to_group(self, group_id: int, post: Reply, reply_to: int | None = None) -> int | None:
        """Post in a team's group; returns the message id (None when it could not be posted)."""
        ...

    async def edit_group(self, group_id: int, message_id: int, post: Reply) -> None: ...


class NoOutbox:
    """For the local channels: nothing leaves; a running bot posts the cards later."""

    async def to_resident(self, chat_id: int, replies: list[Reply]) -> None:
        return None

    async def to_group(self, group_id: int, post: Reply, reply_to: int | None = None) -> int | None:
        return None

    async def edit_group(self, group_id: int, message_id: int, post: Reply) -> None:
        return None


@dataclass(frozen=True, slots=True)
class Translated:
    text: str
    machine: bool  # False: nothing to translate (Dutch) or the translator was unavailable
    ok: bool = True


def t_nl(message: str, **values: object) -> str:
    return t("nl", message, **values)


class HandoffDesk:
    def __init__(
        self,
        database_url: str,
        context: Context,
        translator: Translator | None,
        outbox: Outbox,
        *,
        remind_after: dt.timedelta = dt.timedelta(hours=4),
        remind_urgent_after: dt.timedelta = dt.timedelta(minutes=15),
        this_run_only: bool = False,
    ) -> None:
        self._url = database_url
        # The local channels (`chat`, `simulate`) start every run as a new conversation: a case
        # opened by an earlier run (same test resident id) must not swallow this run's messages.
        self._mine: set[int] | None = set() if this_run_only else None
        self._context = context
        self._translator = translator
        self.outbox = outbox
        self._remind_after = remind_after
        self._remind_urgent_after = remind_urgent_after

    # -- resident side -------------------------------------------------------------------------

    async def open_case(self, chat_id: int) -> tuple[int, str] | None:
        def load() -> tuple[int, str] | None:
            with transaction(self._url) as session:
                row = cases.open_case(session, chat_id)
                if row is None or (self._mine is not None and row.id not in self._mine):
                    return None
                team = catalogue_lookup.wijkteam(session, row.team_id)
                return row.id, team.name if team else row.team_id

        return await in_database(self._url, load)

    async def record_consent(self, chat_id: int, purpose: str, language: str, text: str) -> None:
        def store() -> None:
            with transaction(self._url) as session:
                cases.record_consent(session, chat_id, purpose, language, text)

        await in_database(self._url, store)

    async def route(self, pc4: str) -> Wijkteam | None:
        def find() -> Wijkteam | None:
            with transaction(self._url) as session:
                place = catalogue_lookup.find_place(session, Postcode(pc4))
                return catalogue_lookup.wijkteam(session, place.wijkteam_id) if place else None

        return await in_database(self._url, find)

    async def submit(self, chat_id: int, request: HandoffRequest) -> Submitted:
        """Store the case (translated for the team), then post its card to the team's group."""
        question = await self._to_dutch(request.question, request.language)

        def store() -> tuple[HandoffCaseRow, Wijkteam, str | None]:
            with transaction(self._url) as session:
                team = catalogue_lookup.wijkteam(session, request.team_id)
                assert team is not None
                before = cases.previous_worker(session, chat_id, request.team_id)
                row = cases.create_case(
                    session,
                    chat_id,
                    request,
                    question.text if question.ok and request.question else None,
                    question.machine,
                    before.telegram_user_id if before else None,
                )
                return row, team, before.name if before else None

        row, team, same_worker = await in_database(self._url, store)
        log.info("case %s: created for team %s", row.id, team.id)
        if self._mine is not None:
            self._mine.add(row.id)
        await self._post_card(row, team, same_worker)
        now = dt.datetime.now(dt.UTC)
        opens = schedule.next_opening(team.hours, now)
        return Submitted(
            case_id=row.id,
            team=team.name,
            opens_at=None if opens == now else opens,
            same_worker=same_worker,
        )

    async def relay_from_resident(self, case_id: int, text: str, language: str) -> None:
        """A resident's message: stored, translated into Dutch, posted under their case."""
        translated = await self._to_dutch(text, language)

        def load() -> tuple[HandoffCaseRow, Wijkteam | None]:
            with transaction(self._url) as session:
                row = session.get(HandoffCaseRow, case_id)
                assert row is not None
                if row.status == CaseStatus.WAITING_FOR_RESIDENT.value:
                    row.status = CaseStatus.CLAIMED.value
                return row, catalogue_lookup.wijkteam(session, row.team_id)

        row, team = await in_database(self._url, load)
        lines = [t_nl(s.FROM_RESIDENT, case=case_id), *self._both(translated, text, language)]
        message_id = None
        if team is not None:
            post = Reply("\n".join(lines))
            message_id = await self.outbox.to_group(
                team.telegram_group_id, post, reply_to=row.card_message_id
            )

        def store() -> None:
            with transaction(self._url) as session:
                cases.add_message(
                    session,
                    case_id,
                    "resident",
                    text,
                    translated.text if translated.ok else None,
                    translated.machine,
                    group_message_id=message_id,
                )

        await in_database(self._url, store)

    async def cancel(self, case_id: int) -> None:
        def move() -> tuple[HandoffCaseRow, Wijkteam | None] | None:
            with transaction(self._url) as session:
                if not cases.set_status(session, case_id, CaseStatus.CANCELLED):
                    return None
                row = session.get(HandoffCaseRow, case_id)
                assert row is not None
                return row, catalogue_lookup.wijkteam(session, row.team_id)

        moved = await in_database(self._url, move)
        if moved is not None:
            row, team = moved
            if team is not None and row.card_message_id:
                await self.outbox.to_group(
                    team.telegram_group_id, Reply(t_nl(s.CARD_CANCELLED)), row.card_message_id
                )

    # -- the card ------------------------------------------------------------------------------

    def card(self, row: HandoffCaseRow, team: Wijkteam, same_worker: str | None) -> Reply:
        """The case as the team sees it: Dutch, with the resident's own words beneath."""
        language = BY_CODE[row.language]
        lines = [t_nl(s.CARD_TITLE, case=row.id)]
        if row.urgent:
            lines.append(t_nl(s.CARD_URGENT))
        lines.append(t_nl(s.CARD_TEAM, team=team.name))
        lines.append(
            t_nl(s.CARD_LANGUAGE, lang=f"{s.LANGUAGE_NAMES[row.language]} ({language.name})")
        )
        if row.topic:
            lines.append(t_nl(s.CARD_TOPIC, topic=self._context.topic_label(row.topic, "nl")))
        if row.pc4:
            lines.append(t_nl(s.CARD_POSTCODE, pc4=row.pc4))
        lines.append(t_nl(s.CARD_CONTACT, contact=self._contact(row)))
        answer = t_nl(s.YES if row.interpreter else s.NO)
        lines.append(t_nl(s.CARD_INTERPRETER, answer=answer))
        lines.append("")
        lines.append(t_nl(s.CARD_QUESTION))
        if row.question:
            translated = Translated(
                row.question_nl or row.question,
                row.question_machine,
                ok=row.question_nl is not None or row.language == "nl",
            )
            lines += self._both(translated, row.question, row.language)
        else:
            lines.append(t_nl(s.CARD_NO_QUESTION))
        if same_worker:
            lines.append(t_nl(s.CARD_PREFERRED, name=same_worker))
        return Reply("\n".join(lines), (Button(t_nl(s.BUTTON_CLAIM), f"claim:{row.id}"),))

    def _contact(self, row: HandoffCaseRow) -> str:
        if row.contact == ContactMode.PHONE.value:
            return t_nl(s.CONTACT_PHONE, phone=row.phone or "?")
        if row.contact == ContactMode.VISIT.value:
            return t_nl(s.CONTACT_VISIT)
        return t_nl(s.CONTACT_CHAT)

    def _both(self, translated: Translated, original: str, language: str) -> list[str]:
        """Dutch first (marked when machine-made), the resident's own words beneath."""
        if language == "nl":
            return [original]
        lines = [translated.text if translated.ok else original]
        lines.append(t_nl(s.CARD_MACHINE if translated.ok else s.CARD_NOT_TRANSLATED))
        if translated.ok:
            lines += [t_nl(s.CARD_ORIGINAL, lang=s.LANGUAGE_NAMES[language]), original]
        return lines

    async def _post_card(self, row: HandoffCaseRow, team: Wijkteam, same: str | None) -> None:
        message_id = await self.outbox.to_group(team.telegram_group_id, self.card(row, team, same))
        if message_id is None:
            return

        def store() -> None:
            with transaction(self._url) as session:
                stored = session.get(HandoffCaseRow, row.id)
                if stored is not None:
                    stored.card_message_id = message_id

        await in_database(self._url, store)

    async def _to_dutch(self, text: str | None, language: str) -> Translated:
        if not text or language == "nl":
            return Translated(text or "", machine=False)
        return await self._translate(text, language, "nl")

    async def _translate(self, text: str, source: str, target: str) -> Translated:
        if self._translator is None:
            return Translated(text, machine=False, ok=False)
        try:
            return Translated(await self._translator.translate(text, source, target), True)
        except TranslationUnavailable:
            log.warning("translation %s→%s unavailable", source, target)
            return Translated(text, machine=False, ok=False)

    # -- staff side ------------------------------------------------------------------------------

    async def claim(self, case_id: int, user_id: int) -> str | None:
        """Claim for a registered professional of the case's team; the refusal text otherwise."""

        def take() -> tuple[str | None, HandoffCaseRow | None, Wijkteam | None, str | None]:
            with transaction(self._url) as session:
                row = session.get(HandoffCaseRow, case_id)
                if row is None:
                    return t_nl(s.CLAIM_NOT_OPEN), None, None, None
                staff = cases.staff_member(session, row.team_id, user_id)
                if staff is None:
                    return t_nl(s.CLAIM_NOT_STAFF), None, None, None
                if not cases.claim(session, case_id, user_id):
                    holder = (
                        cases.staff_member(session, row.team_id, row.claimed_by)
                        if row.claimed_by
                        else None
                    )
                    if holder is None:
                        return t_nl(s.CLAIM_NOT_OPEN), None, None, None
                    return t_nl(s.CLAIM_TAKEN, name=holder.name), None, None, None
                session.refresh(row)
                _audit(session, user_id, "claim", case_id)
                team = catalogue_lookup.wijkteam(session, row.team_id)
                return None, row, team, staff.name

        refusal, row, team, name = await in_database(self._url, take)
        if refusal is not None or row is None or team is None or name is None:
            return refusal
        log.info("case %s: claimed", case_id)
        if row.card_message_id:
            claimed = Reply(
                self.card(row, team, None).text + "\n\n" + t_nl(s.CARD_CLAIMED, name=name),
                self._staff_buttons(row.id),
            )
            await self.outbox.edit_group(team.telegram_group_id, row.card_message_id, claimed)
        if row.chat_id is not None:
            text = t(row.language, m.HANDOFF_CLAIMED, name=name, team=team.name)
            await self.outbox.to_resident(row.chat_id, [ui.reply(row.language, text)])
        return None

    def _staff_buttons(self, case_id: int) -> tuple[Button, ...]:
        return (
            Button(t_nl(s.BUTTON_CALL), f"call:{case_id}"),
            Button(t_nl(s.BUTTON_CLOSE), f"close:{case_id}"),
            Button(t_nl(s.BUTTON_HAND_OVER), f"handover:{case_id}"),
        )

    async def case_for_reply(self, team_group_id: int, message_id: int) -> int | None:
        def find() -> int | None:
            with transaction(self._url) as session:
                team_id = cases.team_of_group(session, team_group_id)
                if team_id is None:
                    return None
                return cases.case_of_group_message(session, message_id, team_id)

        return await in_database(self._url, find)

    async def relay_from_staff(
        self, case_id: int, user_id: int, text: str, group_message_id: int
    ) -> str | None:
        """A professional's Dutch message, translated for the resident; a refusal otherwise."""

        def load() -> tuple[HandoffCaseRow | None, str | None]:
            with transaction(self._url) as session:
                row = session.get(HandoffCaseRow, case_id)
                if row is None or not CaseStatus(row.status).is_open:
                    return None, t_nl(s.CLAIM_NOT_OPEN)
                if row.claimed_by != user_id:
                    return None, _only_claimer(session, row)
                staff = cases.staff_member(session, row.team_id, user_id)
                return row, staff.name if staff else "?"

        row, name_or_refusal = await in_database(self._url, load)
        if row is None:
            return name_or_refusal
        name = name_or_refusal or "?"
        translated = (
            Translated(text, machine=False)
            if row.language == "nl"
            else await self._translate(text, "nl", row.language)
        )
        language = row.language
        lines = [t(language, m.HANDOFF_FROM_WORKER, name=name), translated.text]
        if translated.machine:
            lines.append(f"({t(language, m.HANDOFF_TRANSLATED)})")
        elif not translated.ok:
            lines.append(f"({t(language, m.MISSING_NOTE)})")

        def store() -> None:
            with transaction(self._url) as session:
                cases.add_message(
                    session,
                    case_id,
                    "staff",
                    text,
                    translated.text if translated.ok else None,
                    translated.machine,
                    staff_id=user_id,
                    group_message_id=group_message_id,
                )
                cases.set_status(session, case_id, CaseStatus.WAITING_FOR_RESIDENT)
                _audit(session, user_id, "message", case_id)

        await in_database(self._url, store)
        if row.chat_id is not None:
            await self.outbox.to_resident(row.chat_id, [ui.reply(language, "\n".join(lines))])
        return None

    async def close(self, case_id: int, user_id: int, outcome: Outcome) -> str | None:
        def move() -> tuple[HandoffCaseRow | None, Wijkteam | None, str | None]:
            with transaction(self._url) as session:
                row = session.get(HandoffCaseRow, case_id)
                if row is None:
                    return None, None, t_nl(s.CLAIM_NOT_OPEN)
                if row.claimed_by != user_id:
                    return None, None, _only_claimer(session, row)
                if not cases.set_status(session, case_id, CaseStatus.CLOSED, outcome.value):
                    return None, None, t_nl(s.CLAIM_NOT_OPEN)
                _audit(session, user_id, "close", case_id)
                staff = cases.staff_member(session, row.team_id, user_id)
                session.refresh(row)
                return (
                    row,
                    catalogue_lookup.wijkteam(session, row.team_id),
                    (staff.name if staff else "?"),
                )

        row, team, name = await in_database(self._url, move)
        if row is None or team is None:
            return name
        if row.card_message_id:
            done = (
                self.card(row, team, None).text
                + "\n\n"
                + t_nl(s.CARD_CLOSED, name=name, outcome=t_nl(s.OUTCOMES[outcome.value]))
            )
            await self.outbox.edit_group(team.telegram_group_id, row.card_message_id, Reply(done))
        if row.chat_id is not None:
            text = t(row.language, m.HANDOFF_CLOSED, team=team.name)
            await self.outbox.to_resident(row.chat_id, [ui.reply(row.language, text)])
        return None

    async def remind(self, now: dt.datetime | None = None) -> int:
        """Post unposted cards, and remind teams of cases nobody claimed in time."""
        moment = now or dt.datetime.now(dt.UTC)

        def load() -> list[tuple[HandoffCaseRow, Wijkteam]]:
            with transaction(self._url) as session:
                found = []
                for row in cases.unclaimed(session):
                    team = catalogue_lookup.wijkteam(session, row.team_id)
                    if team is not None:
                        found.append((row, team))
                return found

        reminded = 0
        for row, team in await in_database(self._url, load):
            if row.card_message_id is None:
                await self._post_card(row, team, None)
                continue
            since = stored_utc(row.reminded_at or row.created_at)
            if not schedule.reminder_due(
                team.hours,
                since,
                moment,
                urgent=row.urgent,
                normal_after=self._remind_after,
                urgent_after=self._remind_urgent_after,
            ):
                continue
            minutes = int((moment - stored_utc(row.created_at)).total_seconds() // 60)
            post = Reply(t_nl(s.REMINDER, case=row.id, minutes=minutes))
            await self.outbox.to_group(team.telegram_group_id, post, row.card_message_id)
            first = row.reminded_at is None
            await in_database(self._url, self._mark_reminded, row.id, moment)
            if first and row.chat_id is not None:
                text = t(row.language, m.HANDOFF_REMINDED)
                await self.outbox.to_resident(row.chat_id, [ui.reply(row.language, text)])
            reminded += 1
        return reminded

    def _mark_reminded(self, case_id: int, moment: dt.datetime) -> None:
        with transaction(self._url) as session:
            row = session.get(HandoffCaseRow, case_id)
            if row is not None:
                row.reminded_at = moment

    async def forget_cards(self, chat_id: int) -> None:
        """Before `/delete`: the resident's words leave the team's group too (the cards are
        edited to say the resident had their data erased)."""

        def load() -> list[tuple[int, int, int]]:
            with transaction(self._url) as session:
                rows = session.scalars(
                    select(HandoffCaseRow).where(
                        HandoffCaseRow.chat_id == chat_id,
                        HandoffCaseRow.card_message_id.is_not(None),
                    )
                )
                found = []
                for row in rows:
                    team = catalogue_lookup.wijkteam(session, row.team_id)
                    if team is not None and row.card_message_id is not None:
                        found.append((row.id, team.telegram_group_id, row.card_message_id))
                return found

        for case_id, group_id, message_id in await in_database(self._url, load):
            await self.outbox.edit_group(
                group_id, message_id, Reply(t_nl(s.CARD_ERASED, case=case_id))
            )

    async def join(self, code: str, user_id: int, name: str) -> str:
        def use() -> str | None:
            with transaction(self._url) as session:
                return cases.join(session, code, user_id, name)

        team_id = await in_database(self._url, use)
        if team_id is None:
            return t_nl(s.JOIN_FAILED)
        return t_nl(s.JOINED, name=name, team=team_id)

    async def request_call(self, case_id: int, user_id: int) -> str | None:
        """The professional asks to call: the resident is asked for a number (their answer is
        relayed like any message)."""

        def load() -> tuple[HandoffCaseRow | None, str]:
            with transaction(self._url) as session:
                row = session.get(HandoffCaseRow, case_id)
                if row is None or not CaseStatus(row.status).is_open:
                    return None, t_nl(s.CLAIM_NOT_OPEN)
                if row.claimed_by != user_id:
                    return None, _only_claimer(session, row)
                staff = cases.staff_member(session, row.team_id, user_id)
                cases.set_status(session, case_id, CaseStatus.WAITING_FOR_RESIDENT)
                _audit(session, user_id, "call_request", case_id)
                return row, staff.name if staff else "?"

        row, name = await in_database(self._url, load)
        if row is None:
            return name
        if row.chat_id is not None:
            text = t(row.language, m.HANDOFF_CALL_REQUEST, name=name)
            await self.outbox.to_resident(row.chat_id, [ui.reply(row.language, text)])
        return None

    async def colleagues(self, case_id: int, user_id: int) -> list[cases.Staff]:
        """Who a case can be handed to: the other professionals of its team."""

        def load() -> list[cases.Staff]:
            with transaction(self._url) as session:
                row = session.get(HandoffCaseRow, case_id)
                if row is None or row.claimed_by != user_id:
                    return []
                members = cases.staff_list(session, row.team_id)
                return [m for m in members if m.telegram_user_id != user_id]

        return await in_database(self._url, load)

    async def hand_over(self, case_id: int, user_id: int, to_user: int) -> str:
        def move() -> str:
            with transaction(self._url) as session:
                row = session.get(HandoffCaseRow, case_id)
                if row is None:
                    return t_nl(s.CLAIM_NOT_OPEN)
                target = cases.staff_member(session, row.team_id, to_user)
                if target is None or not cases.hand_over(session, case_id, user_id, to_user):
                    return t_nl(s.CLAIM_NOT_OPEN)
                _audit(session, user_id, "hand_over", case_id)
                return t_nl(s.HANDED_OVER, case=case_id, name=target.name)

        return await in_database(self._url, move)

    async def send_service(self, case_id: int, user_id: int, service_id: str) -> str:
        """A catalogue service card, in the resident's language, from their professional."""

        def load() -> tuple[str | None, HandoffCaseRow | None, str, list[ServiceCard]]:
            with transaction(self._url) as session:
                row = session.get(HandoffCaseRow, case_id)
                if row is None or not CaseStatus(row.status).is_open:
                    return t_nl(s.CLAIM_NOT_OPEN), None, "", []
                if row.claimed_by != user_id:
                    return _only_claimer(session, row), None, "", []
                found = catalogue_lookup.cards(session, [service_id], row.language)
                if not found:
                    return t_nl(s.UNKNOWN_SERVICE, service=service_id), None, "", []
                staff = cases.staff_member(session, row.team_id, user_id)
                _audit(session, user_id, "service", case_id)
                return None, row, staff.name if staff else "?", found

        refusal, row, name, found = await in_database(self._url, load)
        if refusal is not None or row is None:
            return refusal or t_nl(s.CLAIM_NOT_OPEN)
        if row.chat_id is not None:
            language = row.language
            text = (
                t(language, m.HANDOFF_SERVICE, name=name) + "\n\n" + render_card(found[0], language)
            )
            await self.outbox.to_resident(row.chat_id, [ui.reply(language, text)])
        return t_nl(s.SENT_TO_RESIDENT, case=case_id)


def _audit(session: Session, user_id: int, action: str, case_id: int) -> None:
    """A professional's action on a resident's case, for the audit log."""
    privacy_repository.audit(session, f"staff:{user_id}", action, case_id, cases.now())


def _only_claimer(session: Session, row: HandoffCaseRow) -> str:
    holder = cases.staff_member(session, row.team_id, row.claimed_by) if row.claimed_by else None
    return t_nl(s.ONLY_CLAIMER, name=holder.name if holder else "?")
