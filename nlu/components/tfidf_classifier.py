"""A TF-IDF weighted linear SVM over Rasa's sparse n-gram features, with calibrated confidences.

Rasa's own LogisticRegressionClassifier feeds raw counts to the model, so long messages and
frequent character n-grams dominate, and lbfgs needs minutes on 100k features. Weighting the
same CountVectors features by TF-IDF (sublinear, L2-normalised), a linear SVM (liblinear, one
vs rest) with C chosen by stratified cross-validation, and sigmoid calibration for confidences
that the fallback threshold can use: see nlu/README.md for the comparison.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any, Dict, List, Set, Text

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.svm import LinearSVC
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import Pipeline

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

logger = logging.getLogger(__name__)
_WORD = re.compile(r"[^\W\d_]{2,}")  # words of two or more letters; numbers say nothing here


def _words(text: str) -> List[str]:
    return _WORD.findall(text.casefold())


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TfidfSvmClassifier(LogisticRegressionClassifier):
    """Intent classifier: TF-IDF + calibrated linear SVM, C chosen by cross-validation."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            **LogisticRegressionClassifier.get_default_config(),
            "c_values": [1.0, 3.0, 10.0, 30.0],
            "cv_folds": 3,
            "max_iter": 5000,
            # A message none of whose words occur in the training data ("qwzx blorp") still
            # gets a confident-looking score from character n-grams; scale it down by the
            # share of known words, so that it falls back to "did you mean".
            "unknown_words_floor": 0.3,
        }

    def __init__(
        self,
        config: Dict[Text, Any],
        name: Text,
        model_storage: ModelStorage,
        resource: Resource,
    ) -> None:
        super().__init__(config, name, model_storage, resource)
        self.clf = self._pipeline(self.config["c_values"][0])
        self.vocabulary: Set[str] = set()

    def _pipeline(self, c: float) -> Pipeline:
        return Pipeline(
            [
                ("tfidf", TfidfTransformer(sublinear_tf=True)),
                (
                    "svm",
                    CalibratedClassifierCV(
                        base_estimator=LinearSVC(
                            C=c,
                            class_weight="balanced",
                            max_iter=self.config["max_iter"],
                            random_state=self.config["random_state"],
                        ),
                        method="sigmoid",
                        cv=self.config["cv_folds"],
                    ),
                ),
            ]
        )

    def train(self, training_data: TrainingData) -> Resource:
        X, labels = self._create_training_matrix(training_data)
        # An array, not a list: scikit-learn 1.1's calibration compares `y == class_`.
        y = np.asarray(labels)
        if X.shape[0] == 0:
            return self._resource
        values: List[float] = list(self.config["c_values"])
        if len(values) > 1:
            folds = StratifiedKFold(
                n_splits=self.config["cv_folds"], shuffle=True, random_state=self.config["random_state"]
            )
            search = GridSearchCV(
                self._pipeline(values[0]), {"svm__base_estimator__C": values}, cv=folds, n_jobs=1
            )
            search.fit(X, y)
            best = float(search.best_params_["svm__base_estimator__C"])
            logger.info(f"TF-IDF linear SVM: C={best} (cv accuracy {search.best_score_:.3f})")
        else:
            best = values[0]
        self.clf = self._pipeline(best)
        self.clf.fit(X, y)
        self.vocabulary = {
            w for e in training_data.intent_examples for w in _words(e.get("text") or "")
        }
        self.persist()
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        messages = super().process(messages)
        floor = float(self.config["unknown_words_floor"])
        for message in messages:
            words = _words(message.get("text") or "")
            if not words or not self.vocabulary:
                continue
            known = sum(1 for w in words if w in self.vocabulary) / len(words)
            factor = floor + (1.0 - floor) * known
            if factor >= 1.0:
                continue
            # The top intent is the same dict as the first ranking entry: scale each once.
            entries = {id(e): e for e in [message.get("intent"), *(message.get("intent_ranking") or [])] if e}
            for entry in entries.values():
                entry["confidence"] = float(entry["confidence"]) * factor
        return messages

    def persist(self) -> None:
        super().persist()
        with self._model_storage.write_to(self._resource) as model_dir:
            (model_dir / "vocabulary.json").write_text(
                json.dumps(sorted(self.vocabulary), ensure_ascii=False), encoding="utf-8"
            )

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "TfidfSvmClassifier":
        return cls(config, execution_context.node_name, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "TfidfSvmClassifier":
        """Load the pipeline; skops lists sklearn's Pipeline types as untrusted, so we trust
        exactly those from sklearn, numpy and scipy, and nothing else."""
        import skops.io as sio

        component = cls(config, execution_context.node_name, model_storage, resource)
        with model_storage.read_from(resource) as model_dir:
            path = model_dir / f"{resource.name}.skops"
            untrusted = sio.get_untrusted_types(file=path)
            foreign = [t for t in untrusted if not t.startswith(("sklearn.", "numpy.", "scipy."))]
            if foreign:
                raise ValueError(f"refusing to load {path}: unexpected types {foreign}")
            component.clf = sio.load(path, trusted=untrusted)
            vocabulary = model_dir / "vocabulary.json"
            if vocabulary.exists():
                component.vocabulary = set(json.loads(vocabulary.read_text(encoding="utf-8")))
        return component
