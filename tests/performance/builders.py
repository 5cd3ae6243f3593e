"""A region after a year of use, in miniature, that can grow.

``Region()`` makes the people who open a page every day: a coordinator, a policy officer of
Groningen, a researcher, an administrator, and a peer expert who told her own stories and is in
the pool. ``region.grow(n, "needs", "practices")`` adds ``n`` more rows of each named kind:

``themes``       a published theme (validated, 5 narrators in Groningen, quotable stories)
``own_stories``  a story of the peer expert's own ("mijn verhalen")
``experts``      two more peer experts in the pool
``pool``         an assignment with two experts of its own, in turn: a team proposed, a team
                 complete, running work, and an assignment whose team fell apart
``needs``        an information need of Groningen on two life domains
``practices``    a published practice (linked to the newest theme) and a proposed one

The query-count tests build the region at one size, count the queries of a page, grow it to
four times that size and count again: a page whose count grows runs a query per row."""

import hashlib
import itertools
from datetime import timedelta

from django.utils import timezone

from meervoud.accounts.models import Organisation, OrganisationKind, Role, User
from meervoud.knowledge.models import QuoteReview, Statement, Theme
from meervoud.places.selectors import find_municipality
from meervoud.pool.models import Assignment, Evaluation, ExpertProfile, Proposal
from meervoud.stories.models import LifeDomain, Narrator, Purpose
from meervoud.stories.services import StoryDraft, create_story

_numbers = itertools.count(1)


def _story(narrator, place="Groningen", domains=("verslaving",)):
    """A story through the intake service (de-identified, with its consents)."""
    number = next(_numbers)
    return create_story(
        narrator=narrator, purposes={Purpose.ANALYSIS, Purpose.QUOTE, Purpose.RESEARCH},
        draft=StoryDraft(text=f"Verhaal {number}: de hulp kwam pas laat, maar het maakte verschil.",
                         municipality=find_municipality(place),
                         life_domains=list(LifeDomain.objects.filter(slug__in=domains))))


def _statement(story, theme, kind="other"):
    """A statement a peer expert also approved as a quote (its story allows quoting)."""
    statement = Statement.objects.create(
        key=f"s{story.pk}", story=story, text=story.text, start=0, end=len(story.text),
        content_hash=hashlib.sha256(story.text.encode()).hexdigest(), kind=kind, theme=theme)
    QuoteReview.objects.create(statement=statement, content_hash=statement.content_hash,
                               decision=QuoteReview.Decision.APPROVED)
    return statement


def _user(username: str, role: str, **fields) -> User:
    return User.objects.create_user(username, password="geheim-wachtwoord-1", role=role, **fields)


class Region:
    NARRATORS_PER_THEME = 5  # k: a theme on fewer is not published

    def __init__(self):
        groningen = find_municipality("Groningen")
        self.organisation = Organisation.objects.create(
            name="Gemeente Groningen (prestatie)", kind=OrganisationKind.MUNICIPALITY,
            municipality=groningen)
        self.coordinator = _user("coord-prestatie", Role.COORDINATOR)
        self.officer = _user("beleid-prestatie", Role.POLICY_OFFICER, organisation=self.organisation)
        self.researcher = _user("onderzoek-prestatie", Role.RESEARCHER)
        self.admin = _user("beheer-prestatie", Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
        # a peer expert who told her own stories and is in the pool
        self.narrator_user = _user("verteller-prestatie", Role.NARRATOR)
        self.narrator = Narrator.objects.create(code="EIGEN-1", user=self.narrator_user)
        self.own_profile = ExpertProfile.objects.create(
            user=self.narrator_user, display_name="Eigen (test)", home=groningen,
            roles=["bondgenoot"], activities=["training"], levels=["micro"], languages=["nl"],
            hours_per_week=8, max_km=30, intervision=True)
        self.size = 0
        self.themes: list[Theme] = []
        self.assignments: list[Assignment] = []
        self.experts: list[ExpertProfile] = []

    def grow(self, n: int, *parts: str) -> "Region":
        """``n`` more of each of ``parts``."""
        for _ in range(n):
            self.size += 1
            for part in parts:
                getattr(self, f"_{part}")(self.size)
        return self

    # -- one more of each kind -----------------------------------------------------------------

    def _themes(self, i: int) -> None:
        domains = ("verslaving", "dak-thuisloosheid") if i % 2 else ("armoede-schulden",)
        theme = Theme.objects.create(key=f"thema-{i}", label=f"thema {i}", name=f"Thema {i}",
                                     insight=f"Wat thema {i} laat zien.", validated_at=timezone.now(),
                                     keywords=["hulp", "wachten"],
                                     evidence={"life_domains": {d: 5 for d in domains}})
        keys = []
        for j in range(self.NARRATORS_PER_THEME):
            narrator = Narrator.objects.create(code=f"T{i}-N{j}")
            statement = _statement(_story(narrator, domains=domains), theme,
                                   kind="helped" if j % 2 else "hindered")
            keys.append(statement.key)
        Theme.objects.filter(pk=theme.pk).update(narrators=self.NARRATORS_PER_THEME,
                                                 representative_keys=keys[:3])
        self.themes.append(theme)

    def _own_stories(self, i: int) -> None:
        _story(self.narrator)

    def _experts(self, i: int) -> list[ExpertProfile]:
        pair = []
        for side in ("a", "b"):
            profile = ExpertProfile.objects.create(
                user=_user(f"ed-{i}{side}", Role.NARRATOR),
                display_name=f"Ervaringsdeskundige {i}{side} (test)",
                home=find_municipality("Groningen"), organisation=self.organisation,
                roles=["bondgenoot"], activities=["training"], levels=["micro"], languages=["nl"],
                hours_per_week=8, max_km=30, intervision=True, domains_visible_to="requesters")
            profile.domains.set(LifeDomain.objects.filter(slug__in=["verslaving", "armoede-schulden"]))
            pair.append(profile)
            self.experts.append(profile)
        return pair

    def _pool(self, i: int) -> None:
        pair = self._experts(i)
        today = timezone.localdate()
        kind = i % 4  # 1 complete team, 2 running, 3 team fell apart, 0 team proposed
        start = today - timedelta(days=3) if kind == 2 else today + timedelta(days=14)
        status = {0: Assignment.Status.OPEN, 1: Assignment.Status.FILLED,
                  2: Assignment.Status.RUNNING, 3: Assignment.Status.OPEN}[kind]
        assignment = Assignment.objects.create(
            title=f"Opdracht {i}", description="Wat is de vraag?", organisation=self.organisation,
            posted_by=self.officer, activity="training", level="micro", hours_per_week=4,
            start=start, end=start + timedelta(days=60), location=find_municipality("Groningen"),
            paid=True, team_size=2, status=status)
        assignment.domains.set(LifeDomain.objects.filter(slug__in=["verslaving"]))
        now = timezone.now()
        if kind == 0:
            for profile in pair:
                Proposal.objects.create(assignment=assignment, expert=profile, score=0.8)
        elif kind in (1, 2):
            for profile in pair:
                Proposal.objects.create(assignment=assignment, expert=profile, score=0.9,
                                        status=Proposal.Status.ACCEPTED, sent_at=now,
                                        responded_at=now)
            if kind == 2:
                Evaluation.objects.create(assignment=assignment, author=self.officer,
                                          side=Evaluation.Side.CLIENT, rating=4, text="Goed.")
        else:
            Proposal.objects.create(assignment=assignment, expert=pair[0],
                                    status=Proposal.Status.DECLINED, sent_at=now,
                                    responded_at=now, decline_reason="Ziek.")
            Proposal.objects.create(assignment=assignment, expert=pair[1],
                                    status=Proposal.Status.WITHDRAWN, sent_at=now)
        # the region's own peer expert was asked for this one too
        Proposal.objects.create(
            assignment=assignment, expert=self.own_profile, sent_at=now,
            status=Proposal.Status.SENT if kind == 0 else Proposal.Status.DECLINED,
            responded_at=None if kind == 0 else now)
        self.assignments.append(assignment)

    def _needs(self, i: int) -> None:
        from meervoud.needs.models import InformationNeed

        need = InformationNeed.objects.create(
            municipality=find_municipality("Groningen"), asked_by=self.officer,
            questions=f"Vraag {i}: wat helpt inwoners met schulden?", purpose="Beleid.",
            formats=["rapport"], contact_name="Els", contact_email="els@example.nl")
        need.life_domains.set(LifeDomain.objects.filter(slug__in=["armoede-schulden", "verslaving"]))

    def _practices(self, i: int) -> None:
        from meervoud.places.models import Province
        from meervoud.practices.models import GoodPractice, PracticeStatus

        for status, proposer in ((PracticeStatus.PUBLISHED, None),
                                 (PracticeStatus.PROPOSED, self.officer)):
            practice = GoodPractice.objects.create(
                slug=f"praktijk-{status}-{i}", title=f"Praktijk {status} {i}",
                summary=f"Over praktijk {i}.", status=status, proposed_by=proposer, level="micro")
            practice.municipalities.set([find_municipality("Groningen")])
            practice.provinces.set(Province.objects.filter(name="Groningen"))
            practice.life_domains.set(
                LifeDomain.objects.filter(slug__in=["verslaving", "armoede-schulden"]))
            practice.themes.set(self.themes[-1:])
