from bot.adapters.nlu.rasa_client import parse_response


def test_parse_response_keeps_ranking_and_maps_fallback_to_none() -> None:
    payload = {
        "intent": {"name": "nlu_fallback", "confidence": 0.2},
        "intent_ranking": [
            {"name": "nlu_fallback", "confidence": 0.2},
            {"name": "housing", "confidence": 0.15},
            {"name": "debt_help", "confidence": 0.1},
        ],
    }
    result = parse_response(payload)
    assert result.intent is None and result.confidence == 0.15
    assert result.top(3) == ("housing", "debt_help")
    sure = parse_response({"intent": {"name": "debt_help", "confidence": 0.9},
                           "intent_ranking": [{"name": "debt_help", "confidence": 0.9}]})
    assert (sure.intent, sure.confidence) == ("debt_help", 0.9)
