"""An administrator switched a peer expert's account off (session 23): she cannot log in, so she
cannot answer a proposal. She is no longer proposed for work, nor counted where the app says how
many peer experts are available, though her profile says "beschikbaar"."""

import pytest

from meervoud.pool import services
from meervoud.pool.models import ExpertProfile, Proposal

pytestmark = pytest.mark.django_db


def _switch_off(profile: ExpertProfile) -> None:
    profile.user.is_active = False
    profile.user.save(update_fields=["is_active"])


def test_a_switched_off_account_is_never_proposed(demo_pool):
    services.propose_teams(time_limit=10)
    proposed = {p.expert_id for p in Proposal.objects.all()}
    assert proposed
    gone = ExpertProfile.objects.filter(pk__in=proposed).order_by("pk").first()
    _switch_off(gone)
    assert gone.available  # she did not say so herself
    services.propose_teams(time_limit=10)
    assert not Proposal.objects.filter(expert=gone).exclude(status="withdrawn").exists()
    assert Proposal.objects.exclude(status="withdrawn").exists()  # the others still are


def test_switched_off_accounts_are_not_counted_as_available(demo_pool):
    profile = ExpertProfile.objects.filter(available=True).order_by("pk").first()
    slug = profile.domains.order_by("slug").first().slug
    before = services.experts_for_domains([slug]).count()
    total = ExpertProfile.objects.available().count()
    _switch_off(profile)
    assert ExpertProfile.objects.available().count() == total - 1
    shown_domains = profile.domains_visible_to == "requesters"
    assert services.experts_for_domains([slug]).count() == before - shown_domains
