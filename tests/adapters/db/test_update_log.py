"""Each Telegram update is taken once, also across bot processes sharing the database."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from bot.adapters.db import update_log


def test_the_first_claim_wins_and_later_ones_lose(database_url: str) -> None:
    assert update_log.claim(database_url, 10001) is True
    assert update_log.claim(database_url, 10001) is False
    assert update_log.claim(database_url, 10002) is True


def test_concurrent_claims_of_one_update_have_one_winner(database_url: str) -> None:
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: update_log.claim(database_url, 777), range(8)))
    assert results.count(True) == 1
