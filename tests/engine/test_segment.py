import numpy as np

from meervoud.engine import Document, SentenceSegmenter, content_hash


def test_dutch_abbreviations_do_not_split():
    seg = SentenceSegmenter()
    text = ("Ik kreeg hulp van o.a. de buurtcoach en bijv. mijn zus. Dhr. Jansen belde d.w.z. nooit terug. "
            "Mevr. de Vries regelde m.b.v. de gemeente een plek.")
    assert seg.split(text) == [
        "Ik kreeg hulp van o.a. de buurtcoach en bijv. mijn zus.",
        "Dhr. Jansen belde d.w.z. nooit terug.",
        "Mevr. de Vries regelde m.b.v. de gemeente een plek.",
    ]


def test_english_abbreviations_and_punctuation():
    seg = SentenceSegmenter(min_content_words=0)  # sentence boundaries only
    text = "I got help from Dr. Smith, e.g. with the forms. It was fine... Then it wasn't? I cried a lot!"
    assert seg.split(text) == [
        "I got help from Dr. Smith, e.g. with the forms.",
        "It was fine...",
        "Then it wasn't?",
        "I cried a lot!",
    ]


def test_offsets_point_into_the_source_and_short_fragments_are_dropped():
    seg = SentenceSegmenter()
    text = "Ja. Nee.\n\n- de buurtcoach kwam gewoon langs\n- Mijn zus steunde mij altijd.\nOk."
    spans = seg.spans(text)
    pieces = [text[a:b] for a, b in spans]
    assert pieces == ["de buurtcoach kwam gewoon langs", "Mijn zus steunde mij altijd."]
    for a, b in spans:
        assert text[a:b] == text[a:b].strip()


def test_contrasting_clauses_are_split_but_short_ones_kept():
    seg = SentenceSegmenter()
    assert seg.split("De coach hielp me echt goed, maar de wachtlijst bij de ggz was lang.") == [
        "De coach hielp me echt goed", "maar de wachtlijst bij de ggz was lang."]
    assert seg.split("Het hielp, maar niet lang genoeg.") == ["Het hielp, maar niet lang genoeg."]
    assert len(SentenceSegmenter(clauses=False).split(
        "De coach hielp me echt goed, maar de wachtlijst bij de ggz was lang.")) == 1


def test_numbers_and_dates_do_not_end_sentences_wrongly():
    seg = SentenceSegmenter(min_content_words=0)  # sentence boundaries only
    assert seg.split("Ik ben op 3. januari verhuisd naar Assen. Het was 2019. Toen ging het beter.") == [
        "Ik ben op 3. januari verhuisd naar Assen.", "Het was 2019.", "Toen ging het beter."]


def test_long_run_on_sentences_are_cut():
    seg = SentenceSegmenter(max_chars=120)
    text = ", ".join(["ik liep en liep door de stad zonder doel"] * 10) + "."
    pieces = seg.split(text)
    assert len(pieces) > 1
    assert all(len(p) <= 120 for p in pieces)


def test_statements_have_stable_ids_and_hashes():
    seg = SentenceSegmenter()
    doc = Document(id="S1", text="De buurtcoach hielp mij. De buurtcoach hielp mij.", narrator="N1",
                   helped="Mijn zus die altijd belde.")
    st = seg.segment(doc)
    assert [s.field for s in st] == ["text", "text", "helped"]
    assert st[0].content_hash == content_hash("de  buurtcoach HIELP mij.")
    assert st[0].id != st[1].id and st[0].content_hash == st[1].content_hash
    assert st == seg.segment(doc)  # same input, same ids
    assert doc.helped[st[2].start:st[2].end] == st[2].text


def test_dutch_clitic_apostrophes_are_kept_but_opening_quotes_dropped():
    seg = SentenceSegmenter(min_content_words=0)  # sentence boundaries only
    pieces = seg.split("Ik werkte hard die week. 's Avonds ging ik naar de opvang. 'Je hoeft niets uit te leggen', zei ze.")
    assert pieces[1] == "'s Avonds ging ik naar de opvang."
    assert pieces[2].startswith("Je hoeft")


def test_a_sentence_without_content_is_read_with_the_one_before_it():
    seg = SentenceSegmenter()
    text = ("Ik had schulden bij de zorgverzekeraar en de energieleverancier. Dat wou ik nog zeggen. "
            "Mijn buurvrouw belde elke ochtend aan en zette koffie.\n\n"
            "Het werd stil. De deurwaarder stond opnieuw voor de deur met een brief.")
    assert seg.split(text) == [
        "Ik had schulden bij de zorgverzekeraar en de energieleverancier. Dat wou ik nog zeggen.",
        "Mijn buurvrouw belde elke ochtend aan en zette koffie.",
        # a paragraph that opens with a thin sentence: it joins the next one
        "Het werd stil. De deurwaarder stond opnieuw voor de deur met een brief.",
    ]
    for a, b in seg.spans(text):  # offsets still point into the source
        assert text[a:b] in text and text[a:b] == text[a:b].strip()


def test_thin_sentences_stay_apart_when_joining_would_make_a_run_on_or_nothing_is_there_to_join():
    long = "De gemeente stuurde brieven over toeslagen, formulieren en aanvragen " * 5
    seg = SentenceSegmenter(max_chars=200, min_content_words=2)
    pieces = seg.split(long.strip() + ". Dat was het.")
    assert pieces[-1] == "Dat was het."  # joining would pass max_chars
    assert seg.split("Dat wou ik vertellen.") == ["Dat wou ik vertellen."]  # alone in its field
    assert SentenceSegmenter(min_content_words=0).split("Het werd stil. De deurwaarder kwam langs.") == [
        "Het werd stil.", "De deurwaarder kwam langs."]


def test_tags_numbers_and_stopwords_are_no_content():
    from meervoud.engine.segment import content_word_count

    assert content_word_count("[PERSOON-1] en [LOCATIE-2] in 2019.") == 0
    assert content_word_count("Dat was het dan.") == 0
    assert content_word_count("De deurwaarder belde de schuldhulp.") == 3  # deurwaarder, belde, schuldhulp


STOCK = ["Dat wou ik nog even zeggen.", "Zo ging dat toen.", "Dat was het eigenlijk wel.",
         "Ik weet het niet meer.", "Dat zei ik al.", "Nou ja, zo is het."]


def talk_embedder():
    """As a sentence model: sentences that name nothing (no topic word) lie close together."""
    from conftest import TopicEmbedder

    class TalkEmbedder(TopicEmbedder):
        name = "test-talk-embedder-v1"

        def embed(self, texts):
            out = super().embed(texts)
            empty = ~out[:, : out.shape[1] - 16].any(axis=1)
            out[empty, -1] += 2.0
            return out / np.linalg.norm(out, axis=1, keepdims=True)

    return TalkEmbedder()


def stock_corpus():
    """The test corpus with a stock phrase after the first sentence of every story."""
    import re
    from dataclasses import replace

    from conftest import make_corpus

    docs = []
    for i, d in enumerate(make_corpus()):
        sentences = re.findall(r"[^.]+\.", d.text)
        sentences.insert(1, STOCK[i % len(STOCK)])
        docs.append(replace(d, text=" ".join(s.strip() for s in sentences)))
    return docs


def _themes_of_stock(result) -> list[str]:
    """Themes most of whose statements are only a stock phrase."""
    by_theme: dict[str, list[bool]] = {}
    for s in result.statements:
        theme = result.assignment.get(s.id)
        if theme is not None:
            by_theme.setdefault(theme, []).append(s.text in STOCK)
    return [t for t, flags in by_theme.items() if sum(flags) > len(flags) / 2]


def test_a_phrase_many_narrators_use_forms_no_theme_of_its_own():
    from meervoud.engine import Pipeline

    docs = stock_corpus()
    apart = Pipeline(embedder=talk_embedder(), kinds=None,
                     segmenter=SentenceSegmenter(min_content_words=0)).run(docs)
    assert _themes_of_stock(apart)  # a way of talking, counted as if many people shared an experience

    result = Pipeline(embedder=talk_embedder(), kinds=None).run(docs)
    assert _themes_of_stock(result) == []
    joined = [s.text for s in result.statements if any(p in s.text for p in STOCK)]
    assert len(joined) == len(docs)  # every phrase is still there, read with its sentence
    assert all(s.text not in STOCK for s in result.statements)
