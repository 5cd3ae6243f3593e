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
    seg = SentenceSegmenter()
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
    seg = SentenceSegmenter()
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
    seg = SentenceSegmenter()
    pieces = seg.split("Ik werkte hard die week. 's Avonds ging ik naar de opvang. 'Je hoeft niets uit te leggen', zei ze.")
    assert pieces[1] == "'s Avonds ging ik naar de opvang."
    assert pieces[2].startswith("Je hoeft")
