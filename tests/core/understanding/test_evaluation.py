from bot.core.safety import CrisisSignal
from bot.core.understanding.evaluation import Row, percentile, score
from bot.core.understanding.types import LanguageGuess, Understanding

CRISIS = frozenset({"suicidal_crisis"})


def understood(lang: str, intent: str | None, crisis: bool = False) -> Understanding:
    signal = CrisisSignal("suicidal_crisis", lang, "x") if crisis else None
    return Understanding(LanguageGuess(lang, 0.9), intent, 0.9, crisis=signal)


def test_scores_follow_the_contract() -> None:
    rows = [
        Row("nl", "debt_help", "a"),
        Row("nl", "suicidal_crisis", "b"),
        Row("ar", "housing", "c"),
        Row("ar", "debt_help", "d"),
    ]
    results = [
        understood("nl", "debt_help"),
        understood("nl", None, crisis=True),
        understood("fa", "housing", crisis=True),
        understood("ar", None),
    ]
    report = score(rows, results, [1.0, 2.0, 3.0, 4.0], CRISIS)
    assert report["intent_accuracy"] == 0.5
    assert report["language_accuracy"] == 0.75
    assert report["fallback_rate"] == 0.5
    assert report["crisis_recall"] == 1.0
    assert report["crisis_false_alarm_rate"] == round(1 / 3, 4)
    assert report["per_language"]["ar"] == {
        "n": 2,
        "intent_accuracy": 0.5,
        "language_accuracy": 0.5,
    }
    assert report["latency_ms"] == {"p50": 3.0, "p95": 4.0}


def test_percentile() -> None:
    assert percentile(list(map(float, range(1, 101))), 0.95) == 95.0
    assert percentile([], 0.5) == 0.0
