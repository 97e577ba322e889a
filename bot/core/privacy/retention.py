"""How long each kind of personal data is kept, and the moments before which it must go.

Pure: the storage layer turns these cutoffs into `DELETE`/`UPDATE … WHERE moment < cutoff`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields


@dataclass(frozen=True, slots=True)
class Cutoffs:
    """Data stamped before one of these moments (UTC) has outlived its purpose."""

    conversation: dt.datetime  # dialogue state, relayed messages, cached translations
    case_texts: dt.datetime  # question, its translation and phone of a finished case
    case_link: dt.datetime  # which chat a finished case belongs to; consent
    unanswered: dt.datetime
    processed_update: dt.datetime


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    """Days each kind of data is kept.

    - `conversation_days`: dialogue state and the messages relayed between a resident and a
      wijkteam are only needed while the conversation is going on; a month covers a case that
      waits for an answer. The question, its translation and the phone number of a case go the
      same number of days after the case was closed or cancelled (residents are told this number:
      `WIJKWIJZER_RETENTION_DAYS`).
    - `case_link_days`: after a case ends, which chat it belonged to (and that chat's consent) is
      kept this long, so that a resident who comes back is offered the same professional: "one
      family, one contact". Afterwards the case stays only as an anonymous record for the team.
      The link never outlives the texts' purpose: texts go no later than the link.
    - `unanswered_days`: redacted questions the NLU could not place wait for an editor to label
      them; half a year spans two labelling rounds.
    - `processed_update_days`: Telegram redelivers an update for at most 24 hours; two days
      leave a margin for clock skew and a bot that was down.
    """

    conversation_days: int = 30
    case_link_days: int = 90
    unanswered_days: int = 180
    processed_update_days: int = 2

    def __post_init__(self) -> None:
        for field in fields(self):
            if getattr(self, field.name) < 1:
                # Zero days would erase data in the very transaction that writes it.
                raise ValueError(f"{field.name} must be at least 1 day")

    def cutoffs(self, now: dt.datetime) -> Cutoffs:
        """The cutoffs at `now`, which must be timezone-aware.

        They are returned in UTC: SQLite keeps a datetime's wall-clock digits and drops its
        offset, so moments compare correctly in SQL only when every one of them is UTC.
        """
        if now.tzinfo is None or now.utcoffset() is None:
            raise ValueError("now must be timezone-aware")
        now = now.astimezone(dt.UTC)

        def days(n: int) -> dt.datetime:
            return now - dt.timedelta(days=n)

        return Cutoffs(
            conversation=days(self.conversation_days),
            case_texts=days(min(self.conversation_days, self.case_link_days)),
            case_link=days(self.case_link_days),
            unanswered=days(self.unanswered_days),
            processed_update=days(self.processed_update_days),
        )
