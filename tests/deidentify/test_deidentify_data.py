"""The editable name lists in src/meervoud/deidentify/data/."""

from importlib import resources

from meervoud.deidentify.lexicon import PhraseList, read_entries


def _lines(name):
    return resources.files("meervoud.deidentify").joinpath("data", name).read_text("utf-8").splitlines()


def test_organisation_list_has_the_partners_and_no_generic_words():
    names = {e.text.casefold() for e in read_entries(_lines("organisations.txt"))}
    for partner in ("leger des heils", "lentis", "vnn", "stjoer", "accare", "uwv", "ixta noa", "'s heeren loo"):
        assert partner in names
    for generic in ("voedselbank", "wijkteam", "ggz", "reclassering", "kredietbank", "huisarts"):
        assert generic not in names


def test_read_entries_format():
    entries = read_entries(["# kop", "", "  Lentis  ", "=Fier", "= Veilig Thuis"])
    assert [(e.text, e.exact_case) for e in entries] == [("Lentis", False), ("Fier", True), ("Veilig Thuis", True)]


def test_exact_entries_need_capitals_and_no_sentence_start():
    lst = PhraseList(read_entries(["=Fier", "Lentis"]), "organisation")
    text = "Fier ben ik. ik ben fier. Ik ging naar Fier en lentis."
    found = [text[s.start : s.end] for s in lst.find(text)]
    assert sorted(found) == ["Fier", "lentis"]
    assert text.index("Fier en") in [s.start for s in lst.find(text)]


def test_spaces_and_hyphens_alike():
    lst = PhraseList(read_entries(["Ixta Noa"]), "organisation")
    text = "IxtaNoa, Ixta-Noa en Ixta  Noa maar niet Ixta Noah."
    assert [text[s.start : s.end] for s in lst.find(text)] == ["IxtaNoa", "Ixta-Noa", "Ixta  Noa"]


def test_every_data_file_is_readable():
    for name in ("organisations.txt", "places.txt", "countries.txt", "not_names.txt", "english_not_names.txt"):
        assert read_entries(_lines(name)), name
