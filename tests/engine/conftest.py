"""Shared fixtures for the engine tests: no database, small synthetic corpora, fast embedders."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import sys
from pathlib import Path

import numpy as np
import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
if str(SRC) not in sys.path:  # the engine needs no installed package, only src/ on the path
    sys.path.insert(0, str(SRC))

from meervoud.engine import Document  # noqa: E402

TOPICS: dict[str, dict] = {
    "schulden": {
        "words": ["schulden", "schuldhulp", "incasso", "rekeningen", "bewindvoerder"],
        "sentences": [
            "Mijn schulden groeiden door de incasso en de boetes van de rekeningen.",
            "De schuldhulp regelde een betalingsregeling voor al mijn schulden.",
            "Door de bewindvoerder kreeg ik weer overzicht over mijn schulden en rekeningen.",
            "Ik durfde de rekeningen niet meer open te maken, de schulden werden steeds groter.",
            "Een incassobureau belde elke dag over mijn schulden.",
            "Pas bij de schuldhulp begreep iemand hoe de rekeningen zich opstapelden.",
        ],
    },
    "wachtlijst": {
        "words": ["wachtlijst", "ggz", "behandeling", "intake", "wachttijd"],
        "sentences": [
            "De wachtlijst bij de ggz was meer dan een jaar lang.",
            "Op de wachtlijst voor behandeling werd het alleen maar erger.",
            "Na de intake bij de ggz hoorde ik maanden niets over de wachttijd.",
            "De wachttijd voor een behandeling in de ggz was veel te lang.",
            "Ik stond op drie wachtlijsten tegelijk, maar de ggz belde niet.",
            "Tijdens de wachttijd voor de intake had ik geen enkele hulp.",
        ],
    },
    "lotgenoten": {
        "words": ["lotgenoten", "herstelgroep", "ervaringsdeskundige", "groep", "herkenning"],
        "sentences": [
            "In de herstelgroep met lotgenoten voelde ik eindelijk herkenning.",
            "De ervaringsdeskundige begreep me zonder dat ik alles hoefde uit te leggen.",
            "Bij de lotgenoten in de groep hoefde ik me niet te schamen.",
            "De herkenning bij andere lotgenoten gaf me hoop op herstel.",
            "Elke week ging ik naar de herstelgroep van de ervaringsdeskundige.",
            "Een ervaringsdeskundige in de groep liet zien dat herstel mogelijk is.",
        ],
    },
    "wonen": {
        "words": ["woning", "opvang", "dakloos", "huur", "woningcorporatie"],
        "sentences": [
            "Zonder woning sliep ik maandenlang in de opvang.",
            "De woningcorporatie gaf me na lang wachten een eigen woning.",
            "Toen ik dakloos was, had ik geen adres en geen uitkering.",
            "De huur van de woning was te hoog voor mijn inkomen.",
            "In de nachtopvang voor daklozen was het onrustig en onveilig.",
            "Een eigen woning gaf me rust na de tijd in de opvang.",
        ],
    },
}
NEW_TOPIC = {
    "words": ["vrijwilligerswerk", "moestuin", "buurthuis", "koken", "structuur"],
    "sentences": [
        "Het vrijwilligerswerk in de moestuin gaf mijn dagen structuur.",
        "In het buurthuis begon ik met koken voor de buurt als vrijwilligerswerk.",
        "Door het vrijwilligerswerk in het buurthuis kreeg ik weer structuur.",
        "Samen koken in het buurthuis werd mijn vaste vrijwilligerswerk.",
        "De moestuin bij het buurthuis gaf me structuur en contact.",
        "Mijn vrijwilligerswerk in de moestuin is het beste van mijn week.",
    ],
}

ALL_WORDS = sorted({w for t in list(TOPICS.values()) + [NEW_TOPIC] for w in t["words"]})
TOPIC_OF_WORD = {w: i for i, t in enumerate(list(TOPICS.values()) + [NEW_TOPIC]) for w in t["words"]}
N_TOPICS = len(TOPICS) + 1


class TopicEmbedder:
    """Test embedder: a topic component (words of one topic point the same way, as in a sentence
    model), topic-word counts, and a small deterministic hash noise; fast and clean."""

    cacheable = True
    name = "test-topic-embedder-v1"
    dim = N_TOPICS + len(ALL_WORDS) + 16

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def embed(self, texts):
        self.calls.append(list(texts))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            low = t.lower()
            for j, w in enumerate(ALL_WORDS):
                if w in low:
                    out[i, N_TOPICS + j] += 0.5
                    out[i, TOPIC_OF_WORD[w]] += 1.0
            seed = int(hashlib.sha256(t.encode()).hexdigest()[:8], 16)
            out[i, N_TOPICS + len(ALL_WORDS):] = np.random.default_rng(seed).normal(0, 0.15, 16)
            if not out[i, : N_TOPICS + len(ALL_WORDS)].any():
                out[i, N_TOPICS + len(ALL_WORDS):] *= 4
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    @property
    def embedded_texts(self) -> int:
        return sum(len(c) for c in self.calls)


MUNICIPALITIES = ["Groningen", "Leeuwarden", "Assen", "Emmen"]


def make_corpus(n_narrators: int = 24, seed: int = 1, topics=None, prefix: str = "d") -> list[Document]:
    topics = topics or TOPICS
    rng = random.Random(seed)
    names = sorted(topics)
    docs = []
    for n in range(n_narrators):
        for s in range(1 + (n % 2)):
            chosen = rng.sample(names, k=min(2, len(names)))
            sents = []
            for t in chosen:
                sents += rng.sample(topics[t]["sentences"], k=2)
            docs.append(Document(
                id=f"{prefix}{n:03d}-{s}", text=" ".join(sents), narrator=f"N{prefix}{n:03d}", lang="nl",
                municipality=MUNICIPALITIES[n % len(MUNICIPALITIES)],
                province="Groningen" if n % 2 else "Drenthe",
                life_domains=("armoede-schulden",) if "schulden" in chosen else ("psychische-kwetsbaarheid",),
                date=dt.date(2021, 1 + n % 12, 1 + s),
            ))
    return docs


@pytest.fixture
def corpus():
    return make_corpus()


@pytest.fixture
def topic_embedder():
    return TopicEmbedder()
