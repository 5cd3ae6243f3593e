import pytest
from django.urls import reverse
from django.utils import timezone

from meervoud.accounts.models import Role
from meervoud.knowledge.models import AnalysisRun, ManualCoding, Statement, Theme
from meervoud.knowledge.services import refresh_evidence


@pytest.mark.django_db
def test_probe(client, make_user, publish):
    a = make_user(Role.NARRATOR, "alice"); b = make_user(Role.RESEARCHER, "bob")
    s1 = publish.many("een", 2) ; s2 = publish.many("twee", 2)
    t1, t2 = Theme.objects.get(key="een"), Theme.objects.get(key="twee")
    ManualCoding.objects.create(statement=s1[0], coder=a, theme=t1)
    ManualCoding.objects.create(statement=s2[0], coder=a, theme=t2)
    ManualCoding.objects.create(statement=s1[1], coder=b, theme=t1)
    ManualCoding.objects.create(statement=s2[1], coder=b, theme=t1)
    client.force_login(a)
    page = client.get(reverse("knowledge:agreement")).content.decode()
    i = page.find('<h1'); print(page[i:i+1500])
    r = AnalysisRun.objects.create(status="failed")
    page = client.get(reverse("knowledge:run", args=[r.pk])).content.decode()
    i = page.find('<h1'); print(page[i:i+800])
    r = AnalysisRun.objects.create(status="running", started_at=timezone.now(), step="cluster", done=1, total=1)
    page = client.get(reverse("knowledge:run", args=[r.pk])).content.decode()
    i = page.find('<h1'); print(page[i:i+800])
    r = AnalysisRun.objects.create(status="running", started_at=timezone.now()-timezone.timedelta(hours=2), step="embed", done=5, total=10)
    page = client.get(reverse("knowledge:run", args=[r.pk])).content.decode()
    i = page.find('<h1'); print(page[i:i+800])
