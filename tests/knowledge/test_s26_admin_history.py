"""A theme's history is what four eyes are read from (who named, who validated) and an analysis
run's figures are what the analysis found: the administrator reads both in /beheer/, and cannot
add, change or delete them there (as the audit log)."""

import pytest

from meervoud.accounts.models import Role
from meervoud.knowledge.models import AnalysisRun, CurationEvent, Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("fb", password="geheim-wachtwoord-1",
                                                       role=Role.ADMINISTRATOR)
    client.force_login(admin)
    return client


def test_the_administrator_reads_a_themes_history_but_cannot_rewrite_it(admin_client, make_user):
    theme = Theme.objects.create(key="t-wachten", label="wachtlijst")
    event = CurationEvent.objects.create(theme=theme, user=make_user("coordinator", "anna"),
                                         action="validate")
    assert admin_client.get("/beheer/knowledge/curationevent/").status_code == 200
    page = admin_client.get(f"/beheer/knowledge/curationevent/{event.pk}/change/")
    assert page.status_code == 200 and b'name="_save"' not in page.content
    admin_client.post(f"/beheer/knowledge/curationevent/{event.pk}/change/",
                      {"theme": theme.pk, "user": "", "action": "rename", "detail": "{}",
                       "at_0": "2026-01-01", "at_1": "10:00:00"})
    assert admin_client.get("/beheer/knowledge/curationevent/add/").status_code == 403
    assert admin_client.post(f"/beheer/knowledge/curationevent/{event.pk}/delete/",
                             {"post": "yes"}).status_code == 403
    event.refresh_from_db()
    assert (event.action, event.user.username) == ("validate", "anna")


def test_the_administrator_cannot_change_what_an_analysis_found(admin_client):
    run = AnalysisRun.objects.create(status=AnalysisRun.Status.FAILED)
    assert admin_client.get(f"/beheer/knowledge/analysisrun/{run.pk}/change/").status_code == 200
    admin_client.post(f"/beheer/knowledge/analysisrun/{run.pk}/change/", {"status": "done"})
    assert admin_client.post(f"/beheer/knowledge/analysisrun/{run.pk}/delete/",
                             {"post": "yes"}).status_code == 403
    run.refresh_from_db()
    assert run.status == AnalysisRun.Status.FAILED
