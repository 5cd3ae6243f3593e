"""Review of the knowledge pages as peer experts, coordinators and researchers use them: the theme
list and page, the analysis progress page, manual coding and the agreement page."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from meervoud.accounts.models import Role
from meervoud.knowledge.models import AnalysisRun, ManualCoding, Statement, Theme
from meervoud.knowledge.services import refresh_evidence


@pytest.mark.django_db
def test_theme_page_names_life_domains_in_dutch_not_by_slug(client, make_user, publish):
    """The evidence on the theme page names each life domain by its Dutch name ("Dak- en
    thuisloosheid (3)"), as the public knowledge base does, not by its internal slug."""
    theme = publish.backed("slapen-op-straat", 3, domains=("dak-thuisloosheid",))
    refresh_evidence([theme.pk])
    client.force_login(make_user(Role.NARRATOR))
    page = client.get(reverse("knowledge:theme", args=[theme.key])).content.decode()
    evidence = page[page.index('id="evidence"'):page.index("</dl>")]
    assert "Dak- en thuisloosheid (3)" in evidence
    assert "dak-thuisloosheid" not in evidence


@pytest.mark.django_db
def test_agreement_page_does_not_show_nan_for_coders_without_shared_statements(client, make_user, publish):
    """Two coders who coded no statement in common have no kappa between them: the page says so
    in words, instead of showing the English/technical "nan"."""
    from meervoud.stories.models import Purpose

    alice, bob = make_user(Role.NARRATOR, "alice"), make_user(Role.RESEARCHER, "bob")
    research = (Purpose.ANALYSIS, Purpose.RESEARCH)  # bob's codes count only with research consent
    first, second = publish.many("eerste", 2, purposes=research), publish.many("tweede", 2, purposes=research)
    ManualCoding.objects.create(statement=first[0], coder=alice, theme=first[0].theme)
    ManualCoding.objects.create(statement=second[0], coder=alice, theme=second[0].theme)
    ManualCoding.objects.create(statement=first[1], coder=bob, theme=first[1].theme)
    ManualCoding.objects.create(statement=second[1], coder=bob, theme=first[1].theme)
    client.force_login(alice)
    page = client.get(reverse("knowledge:agreement")).content.decode()
    table = page[page.index('id="kappa"'):page.index("</table>")]
    row = re.search(r"<tr><td>alice~bob</td><td>(.*?)</td></tr>", table)
    assert row is not None
    assert "nan" not in row.group(1).lower()


@pytest.mark.django_db
def test_progress_page_does_not_say_100_percent_while_the_run_is_still_going(client, make_user):
    """The percentage on the progress page is that of the whole run: while the run is still busy
    (here: it just finished finding themes, naming them and counting narrators are still to
    come) it must stay below 100%."""
    run = AnalysisRun.objects.create(status=AnalysisRun.Status.RUNNING, started_at=timezone.now(),
                                     beat_at=timezone.now(), step="cluster", done=1, total=1)
    client.force_login(make_user(Role.COORDINATOR))
    page = client.get(reverse("knowledge:run", args=[run.pk])).content.decode()
    assert 'id="run-refresh"' in page  # it is running (a button to refresh, no self-reload)
    value = int(re.search(r'<progress id="run-progress" max="100" value="(\d+)"', page).group(1))
    assert value < 100


@pytest.mark.django_db
def test_interrupted_run_is_not_called_busy(client, make_user):
    """A run whose process stopped is shown as interrupted: its status line must not say "Bezig"
    (busy) while the same page says it was interrupted and will never finish."""
    long_ago = timezone.now() - AnalysisRun.STALE_AFTER * 3
    run = AnalysisRun.objects.create(status=AnalysisRun.Status.RUNNING, started_at=long_ago,
                                     beat_at=long_ago, step="embed", done=5, total=10)
    client.force_login(make_user(Role.COORDINATOR))
    page = client.get(reverse("knowledge:run", args=[run.pk])).content.decode()
    assert "onderbroken" in page
    status = page[page.index('id="run-status"'):]
    status = status[:status.index("</p>")]
    assert "Bezig" not in status


@pytest.mark.django_db
def test_coding_keeps_codes_of_the_page_when_new_statements_come_first(client, make_user, publish):
    """A code the coder posts for a statement that was on their page and still exists is saved,
    even when an analysis meanwhile added statements that sort before it in the coding queue."""
    coder = make_user(Role.NARRATOR, "codeur")
    theme = publish.theme("werk")
    story = publish.statement("werk", "N-1").story
    Statement.objects.all().update(content_hash="f" * 64)
    client.force_login(coder)
    client.get(reverse("knowledge:coding"))
    on_page = list(Statement.objects.all())
    # an analysis of new stories stores 60 statements whose hashes sort before it
    Statement.objects.bulk_create([
        Statement(key=f"new-{i}", story=story, text=f"Nieuwe uitspraak {i}", start=0, end=10,
                  content_hash=f"{i:064d}", theme=theme) for i in range(60)])
    response = client.post(reverse("knowledge:coding"),
                           {f"code-{statement.pk}": str(theme.pk) for statement in on_page})
    assert response.status_code == 302
    assert ManualCoding.objects.filter(coder=coder, statement__in=on_page).count() == len(on_page)


@pytest.mark.django_db
def test_coding_message_uses_singular_for_one_statement(client, make_user, publish):
    """After coding one statement the message reads "1 uitspraak gecodeerd", not the wrong Dutch
    "1 uitspraken gecodeerd"."""
    coder = make_user(Role.NARRATOR, "codeur")
    statement = publish.statement("werk", "N-1")
    client.force_login(coder)
    response = client.post(reverse("knowledge:coding"), {f"code-{statement.pk}": str(statement.theme_id)},
                           follow=True)
    page = response.content.decode()
    assert "1 uitspraken gecodeerd" not in page
    assert "1 uitspraak gecodeerd" in page


@pytest.mark.django_db
def test_theme_list_has_no_dangling_separator_after_retired_subtheme(client, make_user, publish):
    """The subthemes column lists the active subthemes separated by "; " with nothing after the
    last one, also when a retired subtheme comes last."""
    parent = publish.backed("wonen", 2)
    Theme.objects.create(key="wonen-a", label="a", parent=parent, active=True, narrators=2)
    Theme.objects.create(key="wonen-z", label="z", parent=parent, active=False, narrators=0)
    client.force_login(make_user(Role.NARRATOR))
    page = client.get(reverse("knowledge:themes")).content.decode()
    cell = re.search(r'<a href="/kennis/thema/wonen-a/">a</a>(.*?)</td>', page, re.S).group(1)
    assert cell.strip() == ""


@pytest.mark.django_db
def test_saturation_curve_counts_the_narrators_the_theme_list_names(client, make_user, tfidf, demo_subset):
    """When a narrator withdraws consent while the analysis runs, the theme list's "Laatste
    analyse: … van N vertellers" and the saturation curve of that run count the same narrators
    (the withdrawn one in neither)."""
    from meervoud.knowledge import services
    from meervoud.stories.models import Purpose, Story
    from meervoud.stories.services import withdraw_consent

    demo_subset(10)
    narrator = Story.objects.values("narrator").order_by("narrator").first()["narrator"]
    leaving = Story.objects.filter(narrator=narrator)

    def progress(step, done, total):
        if step == "evidence" and done == 0:
            for story in leaving:
                withdraw_consent(story, Purpose.ANALYSIS, via="link")

    run = services.run_analysis(AnalysisRun.objects.create(), progress=progress)
    client.force_login(make_user(Role.RESEARCHER))
    page = client.get(reverse("knowledge:themes")).content.decode()
    said = int(re.search(r"verhalen van (\d+) vertellers", page).group(1))
    assert said == run.narrators
    drawn = int(re.search(r"tegen het aantal vertellers \(van 1 tot (\d+)\)", page).group(1))
    assert drawn == said


@pytest.mark.django_db
def test_agreement_follows_a_merge_of_the_coded_theme(client, make_user, publish):
    """A coder who put statements in theme A agreed fully with the engine; when peer experts
    merge A into B, the code "A" means "B" and the coder still agrees fully (kappa 1,00), instead
    of the merge turning agreement into disagreement."""
    from meervoud.knowledge import curation

    alice = make_user(Role.NARRATOR, "alice")
    statements = [publish.statement(key, f"N-{key}") for key in ("a", "b", "c")]
    for statement in statements:
        ManualCoding.objects.create(statement=statement, coder=alice, theme=statement.theme)
    client.force_login(alice)
    page = client.get(reverse("knowledge:agreement")).content.decode()
    assert "<td>(computer)~alice</td><td>1,00</td>" in page
    curation.merge(Theme.objects.get(key="a"), Theme.objects.get(key="b"), user=alice)
    page = client.get(reverse("knowledge:agreement")).content.decode()
    assert "<td>(computer)~alice</td><td>1,00</td>" in page


@pytest.mark.django_db
def test_coding_says_when_a_choice_was_not_saved_because_its_theme_was_merged(client, make_user, publish):
    """A coder picks a theme that a peer expert merges away before the coder presses "Opslaan": the
    page says the choice was not saved and shows the statement again, instead of only "0
    uitspraken gecodeerd"."""
    coder = make_user(Role.NARRATOR, "codeur")
    statement = publish.statement("werk", "N-1")
    gone = publish.theme("wonen")
    client.force_login(coder)
    Theme.objects.filter(pk=gone.pk).update(active=False)
    page = client.post(reverse("knowledge:coding"), {f"code-{statement.pk}": str(gone.pk)},
                       follow=True).content.decode()
    assert "1 keuze is niet opgeslagen" in page
    assert f'name="code-{statement.pk}"' in page
    assert not ManualCoding.objects.filter(coder=coder).exists()


@pytest.mark.django_db
def test_the_computers_agreement_is_not_changed_by_a_curator_moving_a_statement(client, make_user, publish):
    """The coder and the engine agreed on every statement. A curator then moves one statement to
    another theme by hand: that is a person's choice, not the engine's, so the (computer) row
    leaves it out and still shows full agreement."""
    from meervoud.knowledge import curation

    alice = make_user(Role.NARRATOR, "alice")
    statements = [publish.statement(key, f"N-{i}") for i, key in enumerate(("a", "a", "b", "b", "c"))]
    for statement in statements:
        ManualCoding.objects.create(statement=statement, coder=alice, theme=statement.theme)
    curation.move_statements(Statement.objects.filter(pk=statements[0].pk), Theme.objects.get(key="c"),
                             user=make_user(Role.NARRATOR, "curator"))
    client.force_login(alice)
    page = client.get(reverse("knowledge:agreement")).content.decode()
    assert "<td>(computer)~alice</td><td>1,00</td>" in page
    assert "telt voor de computer niet mee" in page
