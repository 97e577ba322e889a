"""The database schema as SQLAlchemy 2 typed models (migrations live in `migrations/`)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
ID = String(80)
LANG = String(8)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class MunicipalityRow(Base):
    __tablename__ = "municipality"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    fictional: Mapped[bool]
    phone: Mapped[str] = mapped_column(String(40))
    url: Mapped[str | None] = mapped_column(String(500))
    email: Mapped[str | None] = mapped_column(String(200))
    notices: Mapped[list[MunicipalityNoticeRow]] = relationship(
        cascade="all, delete-orphan", order_by="MunicipalityNoticeRow.language"
    )


class MunicipalityNoticeRow(Base):
    __tablename__ = "municipality_notice"

    municipality_id: Mapped[str] = mapped_column(
        ForeignKey("municipality.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(LANG, primary_key=True)
    notice: Mapped[str] = mapped_column(Text)


class TopicRow(Base):
    __tablename__ = "topic"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    crisis: Mapped[bool]
    position: Mapped[int]
    labels: Mapped[list[TopicLabelRow]] = relationship(cascade="all, delete-orphan")


class TopicLabelRow(Base):
    __tablename__ = "topic_label"

    topic_id: Mapped[str] = mapped_column(
        ForeignKey("topic.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(LANG, primary_key=True)
    label: Mapped[str] = mapped_column(String(200))


class OrganizationRow(Base):
    __tablename__ = "organization"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(500))
    email: Mapped[str | None] = mapped_column(String(200))
    locations: Mapped[list[LocationRow]] = relationship(
        cascade="all, delete-orphan", order_by="LocationRow.position"
    )
    phones: Mapped[list[PhoneRow]] = relationship(
        cascade="all, delete-orphan", order_by="PhoneRow.position"
    )


class LocationRow(Base):
    __tablename__ = "location"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    organization_id: Mapped[str] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    street: Mapped[str] = mapped_column(String(200))
    postcode: Mapped[str] = mapped_column(String(10))
    city: Mapped[str] = mapped_column(String(100))


class PhoneRow(Base):
    """A phone number of an organisation or of a service."""

    __tablename__ = "phone"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[str | None] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    service_id: Mapped[str | None] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    number: Mapped[str] = mapped_column(String(40))
    description: Mapped[str | None] = mapped_column(String(200))


class ServiceRow(Base):
    __tablename__ = "service"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organization.id"), index=True)
    status: Mapped[str] = mapped_column(String(30))
    area: Mapped[str] = mapped_column(String(20))  # municipality | national | neighbourhoods
    location_id: Mapped[str | None] = mapped_column(ForeignKey("location.id"))
    url: Mapped[str | None] = mapped_column(String(500))
    email: Mapped[str | None] = mapped_column(String(200))
    interpretation: Mapped[bool]
    assured_date: Mapped[dt.date | None]
    assurer_email: Mapped[str | None] = mapped_column(String(200))

    organization: Mapped[OrganizationRow] = relationship()
    location: Mapped[LocationRow | None] = relationship()
    topics: Mapped[list[ServiceTopicRow]] = relationship(
        cascade="all, delete-orphan", order_by="ServiceTopicRow.position"
    )
    languages: Mapped[list[ServiceLanguageRow]] = relationship(
        cascade="all, delete-orphan", order_by="ServiceLanguageRow.position"
    )
    neighbourhoods: Mapped[list[ServiceAreaRow]] = relationship(
        cascade="all, delete-orphan", order_by="ServiceAreaRow.position"
    )
    texts: Mapped[list[ServiceTextRow]] = relationship(cascade="all, delete-orphan")
    phones: Mapped[list[PhoneRow]] = relationship(
        cascade="all, delete-orphan", order_by="PhoneRow.position"
    )
    hours: Mapped[list[OpeningHoursRow]] = relationship(
        cascade="all, delete-orphan", order_by="OpeningHoursRow.position"
    )


class ServiceTopicRow(Base):
    __tablename__ = "service_topic"
    __table_args__ = (Index("ix_service_topic_topic", "topic_id", "service_id"),)

    service_id: Mapped[str] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), primary_key=True
    )
    topic_id: Mapped[str] = mapped_column(ForeignKey("topic.id"), primary_key=True)
    position: Mapped[int]  # 0 is the service's main topic


class ServiceLanguageRow(Base):
    """A language the service is delivered in (its staff speak it)."""

    __tablename__ = "service_language"

    service_id: Mapped[str] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(LANG, primary_key=True)
    position: Mapped[int]


class ServiceAreaRow(Base):
    """A neighbourhood a neighbourhood-bound service serves."""

    __tablename__ = "service_area"
    __table_args__ = (Index("ix_service_area_neighbourhood", "neighbourhood_id", "service_id"),)

    service_id: Mapped[str] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), primary_key=True
    )
    neighbourhood_id: Mapped[str] = mapped_column(ForeignKey("neighbourhood.id"), primary_key=True)
    position: Mapped[int]


class ServiceTextRow(Base):
    """A service described in one language; one row per (service, language)."""

    __tablename__ = "service_text"
    __table_args__ = (UniqueConstraint("service_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(LANG)
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text)
    eligibility: Mapped[str | None] = mapped_column(Text)
    how_to_apply: Mapped[str | None] = mapped_column(Text)
    fees: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20))  # machine | reviewed (outdated is derived)
    source_hash: Mapped[str | None] = mapped_column(String(16))


class OpeningHoursRow(Base):
    __tablename__ = "opening_hours"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[str | None] = mapped_column(
        ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    wijkteam_id: Mapped[str | None] = mapped_column(
        ForeignKey("wijkteam.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))  # open | walk_in
    position: Mapped[int]
    days: Mapped[str] = mapped_column(String(30))  # "mo,tu,we"
    opens: Mapped[str] = mapped_column(String(5))
    closes: Mapped[str] = mapped_column(String(5))


class WijkteamRow(Base):
    __tablename__ = "wijkteam"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(40))
    email: Mapped[str] = mapped_column(String(200))
    street: Mapped[str] = mapped_column(String(200))
    postcode: Mapped[str] = mapped_column(String(10))
    city: Mapped[str] = mapped_column(String(100))
    telegram_group_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    neighbourhoods: Mapped[list[NeighbourhoodRow]] = relationship(
        cascade="all, delete-orphan", order_by="NeighbourhoodRow.position"
    )
    texts: Mapped[list[WijkteamTextRow]] = relationship(cascade="all, delete-orphan")
    hours: Mapped[list[OpeningHoursRow]] = relationship(
        cascade="all, delete-orphan", order_by="OpeningHoursRow.position"
    )


class WijkteamTextRow(Base):
    __tablename__ = "wijkteam_text"
    __table_args__ = (UniqueConstraint("wijkteam_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    wijkteam_id: Mapped[str] = mapped_column(ForeignKey("wijkteam.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(LANG)
    about: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20))
    source_hash: Mapped[str | None] = mapped_column(String(16))


class NeighbourhoodRow(Base):
    __tablename__ = "neighbourhood"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    wijkteam_id: Mapped[str] = mapped_column(
        ForeignKey("wijkteam.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    postcodes: Mapped[list[PostcodeRangeRow]] = relationship(
        cascade="all, delete-orphan", order_by="PostcodeRangeRow.position"
    )


class PostcodeRangeRow(Base):
    """An inclusive range of six-character postcode keys (`9904AA`..`9905ZZ`)."""

    __tablename__ = "postcode_range"
    __table_args__ = (Index("ix_postcode_range_bounds", "start", "end"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    neighbourhood_id: Mapped[str] = mapped_column(
        ForeignKey("neighbourhood.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    start: Mapped[str] = mapped_column(String(6))
    end: Mapped[str] = mapped_column(String(6))


class TranslationRow(Base):
    """A cached machine translation. Resident texts here fall under the retention job too."""

    __tablename__ = "translation"
    __table_args__ = (UniqueConstraint("text_hash", "source", "target"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    text_hash: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(LANG)
    target: Mapped[str] = mapped_column(LANG)
    text: Mapped[str] = mapped_column(Text)
    translation: Mapped[str] = mapped_column(Text)
    provider: Mapped[str] = mapped_column(String(30))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)


class UnansweredQuestionRow(Base):
    """A message the NLU could not place, with personal data removed before it was stored."""

    __tablename__ = "unanswered_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    language: Mapped[str] = mapped_column(LANG)
    text: Mapped[str] = mapped_column(Text)  # redacted
    candidates: Mapped[str] = mapped_column(String(300))  # top-3 topics, comma-separated
    topic: Mapped[str | None] = mapped_column(ID)  # set by an editor: becomes training data
    labelled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class ConversationRow(Base):
    """A chat's dialogue state (stage, language, topic; never message text)."""

    __tablename__ = "conversation"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    state: Mapped[str] = mapped_column(Text)  # Conversation.to_json()
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)


class ProcessedUpdateRow(Base):
    """A Telegram update_id already taken by a bot process: each update is handled once."""

    __tablename__ = "processed_update"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)


class HandoffCaseRow(Base):
    """A resident's question handed to a wijkteam. `chat_id` and the texts are the only personal
    data; `/delete` and retention clear them and keep the anonymous rest for the team's records."""

    __tablename__ = "handoff_case"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(24), index=True)
    team_id: Mapped[str] = mapped_column(ID, index=True)
    chat_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    language: Mapped[str] = mapped_column(LANG)
    topic: Mapped[str | None] = mapped_column(ID)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    pc4: Mapped[str | None] = mapped_column(String(4))
    question: Mapped[str | None] = mapped_column(Text)  # the resident's own words
    question_nl: Mapped[str | None] = mapped_column(Text)  # for the team; None: not translated
    question_machine: Mapped[bool] = mapped_column(Boolean, default=False)
    contact: Mapped[str] = mapped_column(String(12))  # chat | phone | visit
    phone: Mapped[str | None] = mapped_column(String(40))
    interpreter: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    claimed_by: Mapped[int | None] = mapped_column(BigInteger)  # staff Telegram user id
    preferred_staff: Mapped[int | None] = mapped_column(BigInteger)  # one family, one contact
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    outcome: Mapped[str | None] = mapped_column(String(40))
    card_message_id: Mapped[int | None] = mapped_column(BigInteger)  # in the team's group
    reminded_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    messages: Mapped[list[HandoffMessageRow]] = relationship(
        cascade="all, delete-orphan", order_by="HandoffMessageRow.id"
    )


class HandoffMessageRow(Base):
    """One message relayed between a resident and the wijkteam, in both languages."""

    __tablename__ = "handoff_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("handoff_case.id", ondelete="CASCADE"), index=True
    )
    sender: Mapped[str] = mapped_column(String(12))  # resident | staff
    staff_id: Mapped[int | None] = mapped_column(BigInteger)
    original: Mapped[str] = mapped_column(Text)
    translated: Mapped[str | None] = mapped_column(Text)
    machine: Mapped[bool] = mapped_column(Boolean, default=False)
    group_message_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)


class ConsentRow(Base):
    """A resident's permission: what for, when, and which text (language + version) they saw."""

    __tablename__ = "consent"

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    purpose: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(LANG)
    text_version: Mapped[str] = mapped_column(String(16))  # fingerprint of the text shown
    given_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class StaffRow(Base):
    """A wijkteam professional, known by their Telegram user id."""

    __tablename__ = "staff"
    __table_args__ = (UniqueConstraint("team_id", "telegram_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(ID, index=True)
    telegram_user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    name: Mapped[str] = mapped_column(String(200))
    joined_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class StaffInviteRow(Base):
    """A one-time code to join a team; only its hash is kept."""

    __tablename__ = "staff_invite"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    team_id: Mapped[str] = mapped_column(ID)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    used_by: Mapped[int | None] = mapped_column(BigInteger)


class AuditRow(Base):
    """Who looked at or acted on which case, and when (no resident text, no resident id)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor: Mapped[str] = mapped_column(String(80))  # "staff:<telegram id>" or "cli"
    action: Mapped[str] = mapped_column(String(40))
    case_id: Mapped[int | None] = mapped_column(index=True)
