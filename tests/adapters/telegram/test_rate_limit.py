"""Our own limits: one message a second per private chat out, a fair share per resident in."""

from __future__ import annotations

from bot.adapters.telegram.rate_limit import ResidentFlood


def test_a_flooding_resident_is_told_once_a_minute_then_held() -> None:
    flood = ResidentFlood(per_minute=3)
    verdicts = [flood.check(1, now=float(i)) for i in range(6)]
    assert verdicts == ["ok", "ok", "ok", "tell", "hold", "hold"]
    assert flood.check(2, now=5.0) == "ok"  # others are not affected
    assert flood.check(1, now=200.0) == "ok"  # a minute later, all is well again
