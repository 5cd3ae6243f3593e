"""Every paged list has the same page links, and they keep what the reader filtered on."""

import re

import pytest
from django.urls import reverse

from meervoud.accounts.models import Role

pytestmark = pytest.mark.django_db


def _links(response) -> list[str]:
    nav = re.search(r'(?s)<nav class="pagination".*?</nav>', response.content.decode())
    assert nav, "no page links"
    return [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', nav.group(0))]


def test_the_next_page_of_a_narrators_stories_is_still_her_stories(client, make_user, publish):
    """The story list is paged by 25; its page links were "?page=2" only, so a coordinator who
    searched one narrator's stories got everyone's on the second page."""
    for number in range(30):
        publish.statement(f"wachtlijst {number}", "V-veel")
    publish.statement("iets anders", "V-ander")
    client.force_login(make_user(Role.COORDINATOR, "coordinator"))
    first = client.get(reverse("stories:list"), {"verteller": "V-veel"})
    assert len(first.context["object_list"]) == 25
    [following] = _links(first)
    assert "verteller=V-veel" in following and "pagina=2" in following
    second = client.get(reverse("stories:list") + following)
    assert len(second.context["object_list"]) == 5
    assert {story.narrator.code for story in second.context["object_list"]} == {"V-veel"}
    back = _links(second)
    assert back == [reverse("stories:list") and back[0]] and "verteller=V-veel" in back[0]
    assert "pagina=1" in back[0] and back[0].count("pagina=") == 1


def test_one_page_has_no_page_links(client, make_user, publish):
    publish.statement("wachtlijst", "V-een")
    client.force_login(make_user(Role.COORDINATOR, "coordinator"))
    assert 'class="pagination"' not in client.get(reverse("stories:list")).content.decode()
