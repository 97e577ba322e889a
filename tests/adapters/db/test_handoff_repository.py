"""Cases and staff in the database: the claim race, invites, one contact (both backends)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from bot.adapters.db import handoff_repository as cases
from bot.adapters.db.session import transaction
from bot.core.handoff.case import CaseStatus, ContactMode, HandoffRequest

REQUEST = HandoffRequest(
    team_id="wijkteam-noord",
    language="ar",
    topic="debt_help",
    urgent=False,
    question="عندي ديون",
    pc4="9904",
    contact=ContactMode.CHAT,
    phone=None,
    interpreter=True,
)


def new_case(url: str, chat_id: int = 5001) -> int:
    with transaction(url) as session:
        return cases.create_case(session, chat_id, REQUEST, "ik heb schulden", True, None).id


def claim(url: str, case_id: int, user_id: int) -> bool:
    with transaction(url) as session:
        return cases.claim(session, case_id, user_id)


def test_two_professionals_claim_at_once_and_exactly_one_wins(database_url: str) -> None:
    case_id = new_case(database_url)
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda user: claim(database_url, case_id, user), [9001, 9002]))
    assert sorted(results) == [False, True]
    with transaction(database_url) as session:
        (summary,) = cases.summaries(session)
    assert summary.status is CaseStatus.CLAIMED and summary.claimed is not None


def test_an_invite_code_works_once(database_url: str) -> None:
    with transaction(database_url) as session:
        code = cases.invite(session, "wijkteam-noord")
    with transaction(database_url) as session:
        assert cases.join(session, code.lower(), 9001, "Anna") == "wijkteam-noord"
    with transaction(database_url) as session:
        assert cases.join(session, code, 9002, "Bram") is None  # used
        assert cases.join(session, "NOPE", 9002, "Bram") is None
        assert [s.name for s in cases.staff_list(session)] == ["Anna"]


def test_a_returning_resident_is_offered_the_same_professional(database_url: str) -> None:
    with transaction(database_url) as session:
        code = cases.invite(session, "wijkteam-noord")
    with transaction(database_url) as session:
        cases.join(session, code, 9001, "Anna")
    first = new_case(database_url)
    assert claim(database_url, first, 9001)
    with transaction(database_url) as session:
        assert cases.set_status(session, first, CaseStatus.CLOSED, "helped")
        assert cases.open_case(session, 5001) is None
        worker = cases.previous_worker(session, 5001, "wijkteam-noord")
        assert worker is not None and worker.name == "Anna"
        assert cases.previous_worker(session, 5999, "wijkteam-noord") is None
