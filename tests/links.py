"""Personal links in tests. The database keeps only a digest of a narrator's link, so a test gets
a working one as the narrator does: one is made (``personal_link``) or read from the page that
shows it once (``shown_link``)."""

import re

_LINK = re.compile(r"/mijn-verhaal/([A-Za-z0-9_-]{20,})/")
_made: dict[str, str] = {}  # digest -> key, of the links made here


def personal_link(narrator) -> str:
    """A key that opens this narrator's page: the one made here before while it still works (so
    a test can ask twice and get the same link), else a new one, which stops any older one."""
    from meervoud.stories.services import issue_personal_link

    narrator.refresh_from_db(fields=["token_digest"])
    token = _made.get(narrator.token_digest or "")
    if token is None:
        token = issue_personal_link(narrator)
        _made[narrator.token_digest] = token
    return token


def shown_links(response) -> set[str]:
    """The keys of the personal links a page shows."""
    return set(_LINK.findall(response.content.decode()))


def shown_link(response) -> str:
    """The key of the one personal link a page shows (the thanks page, a new link)."""
    links = shown_links(response)
    assert len(links) == 1, f"expected one personal link on the page, found {len(links)}"
    return links.pop()


def opens(token: str):
    """The narrator whose page this key opens, or None."""
    from meervoud.stories.selectors import narrator_by_link

    return narrator_by_link(token)
