"""Session 19: a refused contribution is announced at the top, each problem linked to its field
(WCAG 3.3.1, 4.1.3); the share form is long and the text box far down."""

import lxml.html
import pytest
from django.urls import reverse

from meervoud.accounts.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.MEERVOUD_UPLOAD_DIR = tmp_path / "uploads"


def test_a_refused_contribution_is_announced(client, make_user):
    client.force_login(make_user(Role.NARRATOR, "student1"))
    response = client.post(reverse("teaching:share"), {"kind": "tekst", "title": "", "text": "",
                                                       "author_role": "docent"})
    alerts = lxml.html.fromstring(response.content.decode()).xpath("//div[@role='alert']")
    assert response.status_code == 400 and len(alerts) == 1
    said = alerts[0].text_content()
    links = {a.get("href"): a.text_content() for a in alerts[0].xpath(".//a")}
    assert links["#id_title"] == "Titel" and links["#id_text"] == "Tekst"
    assert "Schrijf de tekst die je wilt delen." in said
