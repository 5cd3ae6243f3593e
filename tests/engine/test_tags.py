"""De-identification tags ("[PERSOON-1]") must not shape themes or labels.

Stories are de-identified before analysis. A sentence model sees "[PERSOON-1]" as a strong shared
feature, so left in, the tags pull statements about different things into one "names" theme and
show up in its label. The engine removes them from what it embeds and labels, while the stored
statement text and offsets keep them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

import numpy as np

from meervoud.engine import CtfidfLabeler, Pipeline, SentenceSegmenter
from meervoud.engine.text import TAG_RE, neutralise_tags

from conftest import ALL_WORDS, TOPIC_OF_WORD, TopicEmbedder, make_corpus

TAG_WORDS = re.compile(r"persoon|locatie|instelling|datum|leeftijd|\[|\]", re.IGNORECASE)
TAGS = ["[PERSOON-1]", "[PERSOON-2]", "[LOCATIE-1]", "[INSTELLING-1]", "[DATUM]", "[LEEFTIJD]"]


class TagSensitiveEmbedder(TopicEmbedder):
    """As a real sentence model: the bracketed tags weigh heavily in the vector."""

    name = "test-tag-sensitive-embedder-v1"

    def embed(self, texts):
        out = super().embed(texts)
        tagged = np.array([bool(TAG_RE.search(t)) for t in texts])
        out[tagged, -1] += 8.0
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def tagged_corpus():
    """The test corpus with a tag worked into every other sentence, whatever its topic."""
    docs = []
    for d in make_corpus():
        sentences = re.findall(r"[^.]+\.", d.text)
        for i in range(0, len(sentences), 2):
            tag = TAGS[(i + len(docs)) % len(TAGS)]
            sentences[i] = sentences[i][:-1] + f", zegt {tag} uit {TAGS[2]}."
        docs.append(replace(d, text=" ".join(s.strip() for s in sentences)))
    return docs


def topic_of(text: str) -> int | None:
    low = text.lower()
    found = Counter(TOPIC_OF_WORD[w] for w in ALL_WORDS if w in low)
    return found.most_common(1)[0][0] if found else None


def test_neutralise_removes_every_kind_of_tag_and_leaves_other_text_alone():
    assert neutralise_tags("Ik ben [PERSOON-1] ([LEEFTIJD]) uit [LOCATIE-12].") == "Ik ben uit."
    assert neutralise_tags("Mail naar [E-MAIL] of bel [TELEFOON], vóór [DATUM].") == "Mail naar of bel, vóór."
    plain = "De wachtlijst [sic] bij de GGZ (Groningen) was lang."
    assert neutralise_tags(plain) == plain


def test_every_deidentification_tag_is_recognised():
    from meervoud.deidentify import KINDS

    for label, numbered in KINDS.values():
        tag = f"[{label}-3]" if numbered else f"[{label}]"
        assert TAG_RE.fullmatch(tag), tag


def test_segmenter_keeps_a_tag_that_starts_a_sentence():
    pieces = SentenceSegmenter(min_content_words=0).split("Het was een lange dag. [PERSOON-2] neemt me nu mee naar huis.")
    assert pieces[-1] == "[PERSOON-2] neemt me nu mee naar huis."


def test_tags_form_no_theme_and_reach_no_label():
    docs = tagged_corpus()
    result = Pipeline(embedder=TagSensitiveEmbedder(), kinds=None).run(docs)

    # stored statements keep the text as told (tags included) and their offsets
    by_id = {d.id: d for d in docs}
    tagged = [s for s in result.statements if TAG_RE.search(s.text)]
    assert len(tagged) > len(result.statements) // 3
    for s in result.statements:
        assert getattr(by_id[s.document_id], s.field)[s.start:s.end] == s.text

    assert len(result.themes) >= 4
    for theme in list(result.themes) + list(result.subthemes):
        assert not TAG_WORDS.search(theme.label), theme.label
        assert not any(TAG_WORDS.search(k) for k in theme.keywords), theme.keywords
    for theme in result.themes:
        topics = Counter(topic_of(result.statement(s).text) for s in theme.statement_ids)
        # a theme is about one topic; a "names" theme would mix statements of every topic
        assert topics.most_common(1)[0][1] >= 0.9 * len(theme.statement_ids), (theme.label, topics)


def test_labeler_ignores_tags_even_when_every_text_has_one():
    texts = [f"Mijn schulden bij {TAGS[3]} groeiden, zegt {TAGS[0]}." for _ in range(6)]
    texts += [f"De wachtlijst van {TAGS[3]} duurde een jaar, zegt {TAGS[1]}." for _ in range(6)]
    labels = CtfidfLabeler().label(texts, ["a"] * 6 + ["b"] * 6)
    for label, keywords in labels.values():
        assert not TAG_WORDS.search(label) and not any(TAG_WORDS.search(k) for k in keywords)
    assert "schulden" in labels["a"][1] and "wachtlijst" in labels["b"][1]
