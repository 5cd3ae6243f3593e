"""Session 18: the review queue marks a proposal that was judged before."""

import pytest
from django.urls import reverse

from meervoud.practices.models import PracticeStatus
from tests.practices.test_session17 import twice_rejected  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def _row(html: str, title: str) -> str:
    start = html.index(title)
    return html[start:html.index("</tr>", start)]


def test_the_review_queue_marks_a_proposal_sent_in_again(client, make_user, make_practice,
                                                         twice_rejected):  # noqa: F811
    practice, _, coordinator = twice_rejected
    make_practice("Inloop voor mantelzorgers", municipalities=["Groningen"],
                  status=PracticeStatus.PROPOSED, proposed_by=make_user("beleid", "nieuw-piet"))
    client.force_login(coordinator)
    html = client.get(reverse("practices:review")).content.decode()
    assert "opnieuw ingediend" in _row(html, practice.title)
    assert "opnieuw ingediend" not in _row(html, "Inloop voor mantelzorgers")
