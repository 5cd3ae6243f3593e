import pytest
from django.core.management import call_command
from django.urls import reverse

from meervoud.accounts.models import Role
from meervoud.knowledge.models import AnalysisRun, CurationEvent, Statement, Theme


@pytest.fixture
def analysed(tfidf, demo_subset):
    from meervoud.knowledge import services

    demo_subset(15)
    services.run_analysis(AnalysisRun.objects.create())


@pytest.mark.django_db
@pytest.mark.parametrize("role,status", [
    (Role.NARRATOR, 200), (Role.COORDINATOR, 200), (Role.RESEARCHER, 200),
    (Role.POLICY_OFFICER, 403),
])
def test_who_sees_unpublished_knowledge(client, make_user, analysed, role, status):
    client.force_login(make_user(role))
    assert client.get(reverse("knowledge:themes")).status_code == status
    theme = Theme.objects.filter(active=True).first()
    assert client.get(reverse("knowledge:theme", args=[theme.key])).status_code == status


# Transactional: the worker closes database connections between tasks, as it should in
# production, which a test wrapped in one transaction would not survive on PostgreSQL.
@pytest.mark.django_db(transaction=True)
def test_reanalysis_runs_in_the_background_with_progress(reference_data, client, make_user, tfidf,
                                                         demo_subset):
    from meervoud.knowledge import services

    demo_subset(15)
    services.run_analysis(AnalysisRun.objects.create())
    client.force_login(make_user(Role.COORDINATOR))
    response = client.post(reverse("knowledge:analyse"))
    run = AnalysisRun.objects.first()
    assert response.status_code == 302 and response["Location"].endswith(f"/{run.pk}/")
    assert run.status == AnalysisRun.Status.QUEUED  # the request did not wait for it
    page = client.get(response["Location"]).content.decode()
    # no self-reload (WCAG 2.2.1, session 19): a status region and a button to refresh by hand
    assert 'http-equiv="refresh"' not in page and "<progress" in page
    assert 'role="status"' in page and 'id="run-refresh"' in page
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    run.refresh_from_db()
    assert run.status == AnalysisRun.Status.DONE and run.percent == 100
    assert 'id="run-refresh"' not in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_policy_officer_cannot_start_analysis_or_curate(client, make_user, analysed):
    client.force_login(make_user(Role.POLICY_OFFICER))
    assert client.post(reverse("knowledge:analyse")).status_code == 403
    theme = Theme.objects.filter(active=True).first()
    response = client.post(reverse("knowledge:theme", args=[theme.key]),
                           {"form": "rename", "name": "x"})
    assert response.status_code == 403
    theme.refresh_from_db()
    assert theme.name == ""


@pytest.mark.django_db
def test_peer_expert_curates_through_the_page(client, make_user, analysed):
    writer, colleague = make_user(Role.NARRATOR), make_user(Role.NARRATOR, "ed-colleague")
    client.force_login(writer)
    theme, other = Theme.objects.filter(active=True, parent=None).order_by("-narrators")[:2]
    url = reverse("knowledge:theme", args=[theme.key])
    client.post(url, {"form": "rename", "name": "Eén vast aanspreekpunt"})
    client.post(url, {"form": "insight", "insight": "Wie één vaste persoon had, hield het vol."})
    # four eyes: the writer cannot validate her own words, a second peer expert does
    assert client.post(url, {"form": "validate"}).status_code == 403
    client.force_login(colleague)
    client.post(url, {"form": "validate"})
    client.force_login(writer)
    theme.refresh_from_db()
    assert (theme.name, theme.validated) == ("Eén vast aanspreekpunt", True)
    assert "Wie één vaste persoon" in client.get(url).content.decode()

    keys = list(Statement.objects.filter(theme=theme).values_list("key", flat=True)[:2])
    response = client.post(url, {"form": "statements", "action": "split", "statements": keys,
                                 "new_name": "Afgesplitst"})
    new = Theme.objects.get(name="Afgesplitst")
    assert response["Location"].endswith(f"/{new.key}/")
    assert set(Statement.objects.filter(pinned_theme=new).values_list("key", flat=True)) == set(keys)

    response = client.post(url, {"form": "statements", "action": "move", "statements": []})
    assert "Vink eerst de uitspraken aan" in response.content.decode()

    client.post(reverse("knowledge:theme", args=[new.key]),
                {"form": "statements", "action": "merge", "target": other.pk, "confirm": "1"})
    new.refresh_from_db()
    assert not new.active
    assert set(Statement.objects.filter(theme=other, key__in=keys).values_list("key", flat=True)) == set(keys)
    actions = set(CurationEvent.objects.values_list("action", flat=True))
    assert {"rename", "insight", "validate", "split", "move", "merge"} <= actions


@pytest.mark.django_db
def test_manual_coding_and_agreement_with_the_engine(client, make_user, analysed):
    # two peer experts: a researcher's queue holds only research-consented statements
    # (tests/knowledge/test_coding_consent.py)
    first, second = make_user(Role.NARRATOR, "coder-a"), make_user(Role.NARRATOR, "coder-b")
    client.force_login(first)
    page = client.get(reverse("knowledge:coding"))
    statements = list(page.context["statements"])
    assert len(statements) == 10
    # Coder A agrees with the engine everywhere (also where it placed a statement in no theme).
    client.post(reverse("knowledge:coding"), {f"code-{s.pk}": s.theme_id or "none" for s in statements})
    client.force_login(second)
    assert [s.pk for s in client.get(reverse("knowledge:coding")).context["statements"]] == \
        [s.pk for s in statements]  # everyone codes the same statements first
    # Coder B disagrees on half of them.
    answers = {f"code-{s.pk}": (s.theme_id if i % 2 else "none") for i, s in enumerate(statements)}
    client.post(reverse("knowledge:coding"), answers)
    report = client.get(reverse("knowledge:agreement")).context["report"]
    assert report["units"] == 10
    assert report["cohen_kappa"]["(computer)~coder-a"] == pytest.approx(1.0)
    assert report["cohen_kappa"]["(computer)~coder-b"] < 0.9
    assert report["krippendorff_alpha"] < 1.0
    assert "kappa" in client.get(reverse("knowledge:agreement")).content.decode()


@pytest.mark.django_db
def test_story_page_shows_primary_theme_and_mix(client, make_user, analysed):
    from meervoud.stories.models import Story

    story = Story.objects.filter(statements__theme__isnull=False).first()
    client.force_login(make_user(Role.COORDINATOR))
    response = client.get(reverse("stories:detail", args=[story.pk]))
    mix = response.context["theme_mix"]
    assert mix and abs(sum(share for _t, share in mix) - 1.0) < 1e-9
    assert mix[0][1] == max(share for _t, share in mix)
    assert "hoofdthema" in response.content.decode()


@pytest.mark.django_db
def test_a_theme_its_label_does_not_describe_is_marked_mixed(client, make_user, analysed):
    """The analysis stores how many of a theme's statements name one of its keywords; a theme
    where few do is marked "gemengd" in the list and explained on its page, so nobody reads its
    narrator count as one shared experience without looking."""
    from meervoud.engine import keyword_share

    themes = list(Theme.objects.filter(active=True))
    assert any(theme.keywords for theme in themes), "precondition: themes with keywords to compare"
    for theme in themes:
        if not theme.keywords:  # no word shared by enough narrators: no share to speak of
            assert theme.keyword_share is None
            continue
        texts = list(Statement.objects.filter(theme=theme).values_list("text", flat=True)) or list(
            Statement.objects.filter(subtheme=theme).values_list("text", flat=True))
        assert theme.keyword_share == pytest.approx(keyword_share(texts, theme.keywords))
    # named by the analysis: a theme without a name is not validated (session 21)
    top = [t for t in themes if t.parent_id is None and t.label]
    clear, mixed = top[0], top[1]
    clear.keyword_share, mixed.keyword_share = 0.6, 0.1
    clear.save()
    mixed.save()

    client.force_login(make_user(Role.NARRATOR))
    listing = client.get(reverse("knowledge:themes")).content.decode()
    row = {t.key: listing.split(reverse("knowledge:theme", args=[t.key]))[1].split("</tr>")[0] for t in (clear, mixed)}
    assert "gemengd" in row[mixed.key] and "gemengd" not in row[clear.key]
    page = client.get(reverse("knowledge:theme", args=[mixed.key])).content.decode()
    assert 'id="mixed-notice"' in page and "maar 10% van de uitspraken" in page
    assert 'id="mixed-notice"' not in client.get(reverse("knowledge:theme", args=[clear.key])).content.decode()
    client.post(reverse("knowledge:theme", args=[mixed.key]), {"form": "validate"})  # a peer expert read it
    assert 'id="mixed-notice"' not in client.get(reverse("knowledge:theme", args=[mixed.key])).content.decode()


@pytest.mark.django_db
def test_the_theme_page_marks_where_statements_name_a_keyword(client, make_user, analysed):
    theme = Theme.objects.filter(active=True, parent=None).exclude(keywords=[]).order_by("key").first()
    keyword = theme.keywords[0]
    statement = Statement.objects.filter(theme=theme).order_by("key").first()
    statement.text = f"<b>Vet</b> en {keyword.upper()} erbij"
    statement.save(update_fields=["text"])
    client.force_login(make_user(Role.NARRATOR))
    page = client.get(reverse("knowledge:theme", args=[theme.key])).content.decode()
    assert f'&lt;b&gt;Vet&lt;/b&gt; en <mark class="keyword">{keyword.upper()}</mark> erbij' in page


@pytest.mark.django_db
def test_a_large_theme_is_shown_a_page_at_a_time_and_ticks_survive_an_error(client, make_user, analysed,
                                                                              monkeypatch):
    from meervoud.knowledge.views import ThemeDetailView

    monkeypatch.setattr(ThemeDetailView, "per_page", 4)
    theme = Theme.objects.filter(active=True, parent=None).order_by("-narrators").first()
    keys = list(Statement.objects.filter(theme=theme).order_by("pk").values_list("key", flat=True))
    assert len(keys) > 8
    client.force_login(make_user(Role.NARRATOR))
    url = reverse("knowledge:theme", args=[theme.key])
    # the statements' part of the page: the quote review above it names statements too
    first = client.get(url).content.decode().split('id="uitspraken"')[1]
    second = client.get(url, {"pagina": 2}).content.decode().split('id="uitspraken"')[1]
    pages = -(-len(keys) // 4)
    assert f"{len(keys)} uitspraken" in first and f"Pagina 1 van {pages}" in first
    assert all(f'value="{k}"' in first for k in keys[:4]) and f'value="{keys[4]}"' not in first
    assert all(f'value="{k}"' in second for k in keys[4:8]) and f'value="{keys[0]}"' not in second
    assert "?pagina=3#uitspraken" in second and "?pagina=1#uitspraken" in second
    # splitting without a name: the error shows on the same page, with the same statements ticked
    response = client.post(url, {"form": "statements", "action": "split", "statements": keys[5:7],
                                 "new_name": "", "pagina": 2})
    page = response.content.decode()
    assert "Geef het nieuwe thema een naam" in page and f"Pagina 2 van {pages}" in page
    assert f'value="{keys[5]}" id="st-2" checked' in page
    assert f'value="{keys[4]}" id="st-1">' in page
    # statements ticked on a later page can be moved from there
    other = Theme.objects.filter(active=True, parent=None).exclude(pk=theme.pk).order_by("key").first()
    client.post(url, {"form": "statements", "action": "move", "statements": keys[8:9], "target": other.pk,
                      "pagina": 3})
    assert Statement.objects.get(key=keys[8]).theme == other


@pytest.mark.django_db
def test_coding_and_agreement_are_reached_from_the_theme_list(client, make_user, analysed):
    client.force_login(make_user(Role.RESEARCHER, "coder-a"))
    themes = client.get(reverse("knowledge:themes")).content.decode()
    assert f'href="{reverse("knowledge:coding")}"' in themes
    assert f'href="{reverse("knowledge:agreement")}"' in themes
    # nobody coded yet: the agreement page says so and shows where to start
    empty = client.get(reverse("knowledge:agreement")).content.decode()
    assert "Nog niemand heeft uitspraken met de hand gecodeerd." in empty
    assert f'href="{reverse("knowledge:coding")}"' in empty
