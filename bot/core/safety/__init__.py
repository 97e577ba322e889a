"""Safety: crisis signals that open the safety flow before anything else."""

from bot.core.safety.detector import CrisisDetector, CrisisSignal, Phrase, load_signals

__all__ = ["CrisisDetector", "CrisisSignal", "Phrase", "load_signals"]
