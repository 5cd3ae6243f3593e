import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from meervoud.stories.importer import ImportFileError, import_stories
from meervoud.stories.models import Narrator, Story
from meervoud.stories.pseudonyms import import_pseudonym

HEADER = "verteller,verhaal,gemeente,levensdomeinen,toestemming_analyse,namen,datum\n"
ROW_A = ('N1,"Ik had schulden en schaamde me, tot een maatje van Humanitas met me meeging.",'
         "Groningen,armoede-schulden,ja,,2024-05-01\n")
ROW_B = ('N2,"Mijn broer Kees vond me in de nachtopvang; daarna kreeg ik een eigen kamer.",'
         "GM0080,dak-thuisloosheid;verslaving,ja,Kees,03-02-2023\n")


def csv_bytes(*rows, header=HEADER, encoding="utf-8"):
    return (header + "".join(rows)).encode(encoding)


@pytest.mark.django_db
def test_valid_csv_imports_every_row_deidentified():
    report = import_stories("verhalen.csv", csv_bytes(ROW_A, ROW_B))
    assert report.ok and report.imported == 2
    story = Story.objects.get(narrator__code=import_pseudonym("N2"))  # the reference is never stored
    assert "Kees" not in story.text
    assert story.municipality.name == "Leeuwarden"
    assert sorted(d.slug for d in story.life_domains.all()) == ["dak-thuisloosheid", "verslaving"]
    assert str(story.told_on) == "2023-02-03"


@pytest.mark.django_db
def test_one_invalid_row_imports_nothing_and_names_rows_and_reasons():
    bad = 'N3,"Kort",Atlantis,ruimtevaart,misschien,,gisteren\n'
    report = import_stories("verhalen.csv", csv_bytes(ROW_A, bad, ROW_B))
    assert not report.ok
    assert Story.objects.count() == 0 and Narrator.objects.count() == 0
    by_column = {error.column: error for error in report.errors}
    assert all(error.row == 2 for error in report.errors)
    assert set(by_column) >= {"verhaal", "gemeente", "levensdomeinen", "toestemming_analyse", "datum"}
    assert "Atlantis" in by_column["gemeente"].message
    assert "ruimtevaart" in by_column["levensdomeinen"].message


@pytest.mark.django_db
def test_wrong_encoding_gets_its_own_message():
    data = csv_bytes(ROW_A.replace("schaamde", "schaamde café"), encoding="cp1252")
    with pytest.raises(ImportFileError, match="geen UTF-8"):
        import_stories("verhalen.csv", data)


@pytest.mark.django_db
def test_missing_column_gets_its_own_message():
    header = "verteller,verhaal,levensdomeinen,toestemming_analyse\n"
    with pytest.raises(ImportFileError, match="Verplichte kolom ontbreekt: gemeente"):
        import_stories("verhalen.csv", csv_bytes('N1,"tekst",armoede-schulden,ja\n', header=header))


@pytest.mark.django_db
def test_unknown_column_is_refused_rather_than_silently_dropped():
    header = HEADER.replace("namen", "nammen")
    with pytest.raises(ImportFileError, match="Onbekende kolom: nammen"):
        import_stories("verhalen.csv", csv_bytes(ROW_A, header=header))


@pytest.mark.django_db
def test_duplicate_row_in_file_and_story_already_present():
    report = import_stories("verhalen.csv", csv_bytes(ROW_A, ROW_B, ROW_A))
    assert not report.ok
    assert [(e.row, "gelijk aan rij 1" in e.message) for e in report.errors] == [(3, True)]
    assert Story.objects.count() == 0
    assert import_stories("verhalen.csv", csv_bytes(ROW_A)).ok
    again = import_stories("verhalen.csv", csv_bytes(ROW_A))
    assert not again.ok and "staat al in Meervoud" in again.errors[0].message
    assert Story.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("name,data,message", [
    ("leeg.csv", b"", "leeg"),
    ("kop.csv", HEADER.encode(), "geen verhalen"),
    ("fout.json", b"[{\"verteller\": ", "geen geldige JSON"),
    ("fout.json", b"{\"a\": 1}", "lijst van verhalen"),
    ("fout.xlsx", b"dit is geen zip", "geen geldig XLSX"),
    ("verhalen.pdf", b"%PDF", "niet ondersteund"),
])
def test_unreadable_files_get_clear_messages(name, data, message):
    with pytest.raises(ImportFileError, match=message):
        import_stories(name, data)
    assert Story.objects.count() == 0


@pytest.mark.django_db
def test_json_and_xlsx_are_imported_the_same_way():
    records = [{"verteller": "J1", "verhaal": "De wachtlijst voor de ggz was negen maanden lang.",
                "gemeente": "Assen", "levensdomeinen": ["wachtlijsten"],
                "toestemming_analyse": "ja", "toestemming_citeren": "nee"}]
    assert import_stories("v.json", json.dumps({"verhalen": records}).encode()).imported == 1
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["verteller", "verhaal", "gemeente", "levensdomeinen", "toestemming_analyse"])
    sheet.append(["X1", "Mijn buddy hielp me elke week met de post en de rekeningen.",
                  "Emmen", "armoede-schulden", "ja"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert import_stories("v.xlsx", buffer.getvalue()).imported == 1
    assert set(Story.objects.values_list("narrator__code", flat=True)) == {
        import_pseudonym("J1"), import_pseudonym("X1")}


@pytest.mark.django_db
def test_import_command_exits_non_zero_and_lists_rows(tmp_path, capsys):
    path = tmp_path / "verhalen.csv"
    path.write_bytes(csv_bytes(ROW_A, 'N3,"Kort",Atlantis,ggz,ja,,\n'))
    with pytest.raises(CommandError, match="niets geïmporteerd"):
        call_command("import", str(path))
    assert "rij 2 [gemeente]" in capsys.readouterr().err
    assert Story.objects.count() == 0
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("import", str(tmp_path / "weg.csv"))
    path.write_bytes(csv_bytes(ROW_A))
    call_command("import", str(path))
    assert "1 verhaal geïmporteerd." in capsys.readouterr().out
