import pytest

from meervoud.engine import KINDS, KindClassifier, load_examples


@pytest.fixture(scope="module")
def lexical():
    return KindClassifier().fit_default()  # lexical model only: fast, no embedder


def test_shipped_examples_cover_every_kind_in_both_languages():
    texts, kinds, langs = load_examples()
    for lang in ("nl", "en"):
        for kind in KINDS:
            assert sum(1 for k, l in zip(kinds, langs) if k == kind and l == lang) >= 60


@pytest.mark.parametrize("text,kind", [
    ("De budgetcoach hielp me enorm om overzicht te krijgen.", "helped"),
    ("Dankzij mijn buurvrouw kwam ik weer buiten.", "helped"),
    ("The peer support group really helped me.", "helped"),
    ("Ik werd van loket naar loket gestuurd en niemand luisterde.", "hindered"),
    ("The waiting list was more than a year long.", "hindered"),
    ("De gemeente zou meer ervaringsdeskundigen moeten inzetten.", "need"),
    ("My advice: councils should listen to people first.", "need"),
    ("Ik ben geboren in Emmen in 1975.", "other"),
    ("My father worked in a factory.", "other"),
])
def test_clear_examples(lexical, text, kind):
    assert lexical.predict([text]) == [kind]


def test_held_out_accuracy_is_well_above_chance():
    texts, kinds, _ = load_examples()
    hold = set(range(0, len(texts), 5))
    clf = KindClassifier().fit([t for i, t in enumerate(texts) if i not in hold],
                               [k for i, k in enumerate(kinds) if i not in hold])
    pred = clf.predict([texts[i] for i in sorted(hold)])
    acc = sum(p == kinds[i] for p, i in zip(pred, sorted(hold))) / len(hold)
    assert acc > 0.6  # chance is 0.25


def test_training_order_does_not_matter():
    texts, kinds, _ = load_examples()
    a = KindClassifier().fit(texts, kinds)
    b = KindClassifier().fit(texts[::-1], kinds[::-1])
    probe = ["Het hielp niet echt.", "Er moet meer tijd komen.", "Ik woon in Assen."]
    assert (a.predict_proba(probe) == b.predict_proba(probe)).all()


def test_cue_features_count_every_cue_of_each_kind():
    import numpy as np

    from meervoud.engine.kinds import cue_features

    got = np.expm1(cue_features([
        "Dankzij de steun HIELP het, maar er was geen plek en niemand belde.",
        "Bakolu desta mirava.",
        "De gemeente zou moeten luisteren; dat is nodig.",
    ])).round().astype(int)
    col = {kind: i for i, kind in enumerate(KINDS)}
    assert got[0, col["helped"]] == 3  # dankzij, steun, hielp (case does not matter)
    assert got[0, col["hindered"]] == 2  # geen, niemand
    assert got[1].tolist() == [0, 0, 0, 0]
    # "zou moeten" and "moeten" are two cues: overlapping cues are all counted
    assert got[2, col["need"]] == 3  # zou moeten, moet(en), nodig
