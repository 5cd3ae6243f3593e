"""Session 21 review: an attacker (and a careless administrator) against what session 21 changed.

Surfaces: personal links stored as SHA-256 digests (thanks page, new link, the coordinator's new
link, the migration and backup restore), all mail sent by the background worker (its queue and
task table, /gezond/werker/), texts withheld at read time (publication.withheld, practices,
``meervoud check_published``), the {% paging %} links, the pool's started-work task.

Checked and found sound in this review (no test): the key of a personal link is in no table and
no session once shown, also after the language button; the signed language-button value opens
nothing the page did not show already; the log filter and the audit log keep no key; a wrong key,
the digest itself or an old key after a new link open nothing; the paging links are relative
and escaped (no open redirect, no injection); no new template output is marked safe; withheld
themes and practices reach no Kennisbank page, search, API, export, infographic, report or
workshop kit; the pool's pages never write and every action records started work first.

Each test names one problem, says what happens now, what SHOULD happen and why it matters, and
fails on the code as reviewed for exactly that reason. Most serious first.
"""

import html
import io
import json
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from rest_framework.test import APIClient

from meervoud.accounts.models import Role
from meervoud.practices.models import GoodPractice
from meervoud.publication.selectors import forget_cache

pytestmark = pytest.mark.django_db

PERSON = "Marieke de Vries"


def _text(response) -> str:
    """What a person reads on the page, as plain text."""
    body = response.content.decode()
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def _names_her(text: str) -> bool:
    """Whether ``text`` names Marieke de Vries: as words, or as the words of an address
    ("marieke-de-vries-loopt-mee")."""
    folded = text.casefold()
    return "marieke" in folded or "de-vries" in folded or "de vries" in folded


def _old_practice(make_practice, title: str) -> GoodPractice:
    """A practice a coordinator published before session 21, whose title names a person: its
    address was made from that title when it was proposed (``practices.services._unique_slug``).
    Written past every form, as it was stored then."""
    practice = make_practice("Meelopen", municipalities=["Groningen"], domains=["armoede-schulden"])
    GoodPractice.objects.filter(pk=practice.pk).update(title=title, slug=slugify(title))
    forget_cache()  # as a restart with the new release does
    return GoodPractice.objects.get(pk=practice.pk)


# --------------------------------------------------------------------------- withheld texts


def test_a_practice_withheld_for_a_name_in_its_title_keeps_the_name_in_its_public_address(
        client, make_practice, make_user):
    """A published practice whose title names a person is withheld (session 21) until someone
    edits it; "withheld whole, never shown with the words cut out". A coordinator then does
    what the notice asks: she changes the title, and the practice is back in the catalogue at
    once. But its address (the slug) was made from the first title and never changes.

    Now: after the fix the catalogue links to /praktijken/marieke-de-vries-loopt-mee-.../, the
    API gives that slug and web page, the open-data CSV too: the name the check withheld is
    published in every format, next to the practice's life domain (debts).
    SHOULD: a practice whose title changes while it is not public gets an address from its new
    title (the old address may redirect for whoever kept it, but is published nowhere), so that
    what the check withheld is gone from the practice everywhere once it is fixed."""
    from tests.practices.test_views import proposal_data

    practice = _old_practice(make_practice, f"{PERSON} loopt mee naar de schuldhulp")
    assert not practice.is_published  # withheld, as session 21 intends
    coordinator = Client()
    coordinator.force_login(make_user(Role.COORDINATOR, "coordinator-s21a"))
    coordinator.post(reverse("practices:edit", args=[practice.slug]), proposal_data(
        title="Meelopen naar de schuldhulp", summary="Een ervaringsdeskundige loopt mee."))
    practice.refresh_from_db()
    assert practice.is_published and practice.title == "Meelopen naar de schuldhulp"

    catalogue = client.get(reverse("practices:catalogue")).content.decode()
    assert "Meelopen naar de schuldhulp" in html.unescape(catalogue)
    api = json.dumps(APIClient().get(reverse("api:practices"), {"gemeente": "Groningen"}).json())
    csv = APIClient().get("/api/v1/export/goede-praktijken.csv").content.decode("utf-8-sig")
    leaks = {where: _names_her(found) for where, found in
             (("catalogue", catalogue), ("API", api), ("CSV export", csv))}
    assert not any(leaks.values()), f"the withheld name is still published through the address: {leaks}"


def test_a_narrators_data_download_names_a_theme_withheld_for_naming_a_person(client, publish):
    """A theme whose name points to a person is withheld from everything public (session 21);
    only curators see it, with why. But every narrator whose story is in the theme gets its
    name in her data download (Mijn gegevens, ``gebruiktInThemas``), and anyone with her
    personal link or on her shared computer reads it there: the name of another narrator, a
    counsellor or a neighbour, in a file meant to be kept.

    Now: the download lists "Wat Marieke de Vries meemaakte" while the Kennisbank gives a 404.
    SHOULD: a theme that is withheld (or not yet validated under a name someone typed) is listed
    without that name, for example as "een thema zonder openbare naam"; she still learns that
    her story is used in a theme (AVG art. 15), not words about someone else."""
    from meervoud.knowledge.models import Theme
    from tests.links import personal_link

    theme = publish.backed("vaste-contactpersoon", 5, name="Een vast gezicht")
    Theme.objects.filter(pk=theme.pk).update(name=f"Wat {PERSON} meemaakte")  # as before session 20
    forget_cache()
    assert client.get(reverse("publication:theme", args=["vaste-contactpersoon"])).status_code == 404
    story = theme.statements.first().story
    download = client.get(reverse("stories:my_data", args=[personal_link(story.narrator)]))
    assert download.status_code == 200
    listed = [name for told in json.loads(download.content)["verhalen"] for name in told["gebruiktInThemas"]]
    assert listed, "her story is in the theme: the download says so"
    assert not any(_names_her(name) for name in listed), f"the withheld name is in her download: {listed}"


def test_check_published_prints_the_name_it_withholds_through_the_practices_address(make_practice):
    """``meervoud check_published`` says it lists "kinds and places only: this output may go into
    a log or an e-mail, the words stay on the pages". For a practice it prints the slug and the
    path, both made from the title; when the title is what names the person, the command writes
    the name into the cron mail and the log it promises to keep it out of.

    Now: "praktijk marieke-de-vries-loopt-mee-naar-de-schuldhulp (/praktijken/marieke-de-vries-
    ...)".
    SHOULD: the command names a withheld practice by something that holds none of its words (its
    number, the path of its edit page by number), as it does for themes (a key of hashes)."""
    _old_practice(make_practice, f"{PERSON} loopt mee naar de schuldhulp")
    out = io.StringIO()
    call_command("check_published", stdout=out)
    said = out.getvalue()
    assert "1 goede praktijk staat niet in de catalogus" in said
    assert not _names_her(said), f"the command's output names her: {said!r}"


# --------------------------------------------------------------------------- mail and the worker


def test_the_public_worker_probe_tells_whether_an_address_has_an_account(client, make_user):
    """The forgotten-password page answers the same for every address, and since session 20 the
    link goes out from the worker so that timing does not tell who has an account. Session 21
    added /gezond/werker/: public, without login, before the Host check, answering how many
    seconds the oldest task waits. A reset for a known address queues a task, one for an unknown
    address does not; a few seconds later the probe says which it was (when the worker is busy
    with an analysis, for minutes).

    Now: after the unknown address the probe says 0 seconds, after the known one 5 seconds.
    SHOULD: what anyone may read says nothing that someone else's request changes: only "ok" or
    "behind" (200/503, for the load balancer and monitoring), the seconds for the administrator
    (a token, the admin, the log)."""
    sanne = make_user(Role.POLICY_OFFICER, "beleid-s21")
    sanne.email = "sanne@gemeente.example"
    sanne.save()
    reset = reverse("accounts:password_reset")

    def probe_a_little_later():
        later = timezone.now() + timedelta(seconds=5)
        with mock.patch("django.utils.timezone.now", return_value=later):
            answer = Client().get("/gezond/werker/")
        return answer.status_code, answer.content.decode()

    assert client.post(reset, {"email": "niemand@gemeente.example"}).status_code == 302
    unknown = probe_a_little_later()
    assert client.post(reset, {"email": "sanne@gemeente.example"}).status_code == 302
    known = probe_a_little_later()
    assert unknown == known, f"the probe tells the addresses apart: {unknown} / {known}"


def test_anyone_can_fill_the_mail_queue_with_reset_requests_for_one_account(make_user):
    """At most three reset links an hour go to an account (``RESETS_PER_HOUR``), but that is
    counted by the worker when it sends; the page queues a task for every request, without
    login and without a limit. Since session 21 every message waits in that one queue, reset
    links first (priority 10): a script that asks a reset for one known address from many
    addresses fills the queue, every invitation, team message and "your e-mail address changed"
    alert waits behind it, analyses wait too, /gezond/werker/ goes 503, and each task row stays
    30 days.

    Now: 30 requests from 30 addresses queue 30 tasks for the same account.
    SHOULD: no more than the hour's limit waits for one account (counted when the request
    comes, or one waiting task per account), while the page still answers the same for every
    address."""
    from django_tasks_db.models import DBTaskResult

    from meervoud.accounts.services import RESETS_PER_HOUR

    sanne = make_user(Role.POLICY_OFFICER, "beleid-s21b")
    sanne.email = "sanne@gemeente.example"
    sanne.save()
    for number in range(30):
        visitor = Client(REMOTE_ADDR=f"2001:db8:{number:x}::1")
        visitor.post(reverse("accounts:password_reset"), {"email": "sanne@gemeente.example"})
    waiting = DBTaskResult.objects.ready().filter(task_path__endswith="send_reset_link").count()
    assert waiting <= RESETS_PER_HOUR, f"{waiting} reset tasks wait in the queue for one account"


def test_an_old_address_stays_in_the_task_table_for_good_when_the_worker_stopped_while_sending(
        make_user, settings, django_capture_on_commit_callbacks):
    """When she changes her e-mail address, the alert to the old address waits in the task's
    record with that address, "wiped once the message is handled". A worker stopped while it
    sends (a deploy, the out-of-memory killer, a restart after the mail server hung) leaves the
    task "running": the worker that starts again does not take it up (not sent, never
    retried), /gezond/werker/ counts only tasks that wait, and retention deletes only finished
    or failed tasks.

    Now: 60 days later, after the worker ran and retention ran, the old address is still in
    the task table (and in every backup), shown in /beheer/.
    SHOULD: a task that ran longer than any message can take is dealt with: its address wiped
    and the task failed or retried (and counted by /gezond/werker/), so that no old address
    outlives the retention period of the task table."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from meervoud.audit.retention import apply_retention
    from tests.conftest import run_background_tasks

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    user = make_user(Role.POLICY_OFFICER, "beleid-s21c")
    user.email = "oud.adres@gemeente.example"
    user.save()
    browser = Client()
    browser.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        browser.post(reverse("accounts:settings"), {
            "email": "nieuw.adres@gemeente.example", "current_password": "geheim-wachtwoord-1",
            "language": user.language, "email_notifications": "on"})
    assert "oud.adres@gemeente.example" in json.dumps(list(DBTaskResult.objects.values_list("args_kwargs", flat=True)))
    # the worker took the task and was stopped while it talked to the mail server, 60 days ago
    long_ago = timezone.now() - timedelta(days=60)
    DBTaskResult.objects.update(status=TaskResultStatus.RUNNING, enqueued_at=long_ago, started_at=long_ago)
    run_background_tasks()  # the worker started again
    apply_retention(dry_run=False)
    kept = json.dumps(list(DBTaskResult.objects.values_list("args_kwargs", flat=True)))
    assert "oud.adres@gemeente.example" not in kept, "the old address outlives the task table's retention"


# --------------------------------------------------------------------------- going back a release


@pytest.mark.django_db(transaction=True)
def test_going_back_to_the_previous_release_turns_every_stored_digest_into_a_working_link():
    """Only a SHA-256 digest of a personal link is stored, "so a leaked database or backup opens
    no narrator's page"; the migration says going back "leaves links that open nothing". But
    migrating back (``meervoud migrate stories 0008``, the first thing an administrator does when
    a release goes wrong) renames the column back and keeps the digests in it, and the previous
    release opens a page whose key equals the stored value.

    Now: after going back, the stored key of each narrator IS the digest: everyone who has a
    copy of the database or of any backup made since session 21 (the leak the digest was meant to
    defuse) opens every narrator's stories, consents and download with /mijn-verhaal/<digest>/.
    SHOULD: going back gives each narrator a fresh random key nobody has (her saved link stops
    working, as the docstring says, and a coordinator makes her a new one), or refuses to go
    back."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from meervoud.stories import services
    from meervoud.stories.models import link_digest

    narrator = services.new_narrator()
    digest = link_digest(services.issue_personal_link(narrator))
    before = [("stories", "0008_intake_senders")]
    try:
        MigrationExecutor(connection).migrate(before)
        old_release = MigrationExecutor(connection).loader.project_state(before).apps
        keys = dict(old_release.get_model("stories", "Narrator").objects.values_list("pk", "token"))
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert keys[narrator.pk] != digest, "the previous release opens her page with the stored digest"
