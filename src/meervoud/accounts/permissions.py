"""Who may do what, as one table.

Each capability lists the roles that have it. Views ask `user_can(user, capability)` or use
`CapabilityRequiredMixin`; later parts of Meervoud add their capabilities here, so the
whole permission model stays readable in one place (and testable as a matrix).
"""

from django.contrib.auth.mixins import AccessMixin

from meervoud.accounts.models import Role

R = Role

CAPABILITIES: dict[str, frozenset[str]] = {
    # Telling a story is open to everyone, also without an account.
    "stories.tell": frozenset({R.NARRATOR, R.COORDINATOR, R.ADMINISTRATOR}),
    "stories.enter_for_narrator": frozenset({R.COORDINATOR, R.ADMINISTRATOR}),
    "stories.view_deidentified": frozenset({R.COORDINATOR, R.RESEARCHER, R.ADMINISTRATOR}),
    # Researchers read a whole story only with the narrator's research consent; those who
    # manage the collection read every story that still has some consent.
    "stories.view_all_consented": frozenset({R.COORDINATOR, R.ADMINISTRATOR}),
    "stories.import": frozenset({R.COORDINATOR, R.ADMINISTRATOR}),
    # A narrator without a personal link (import, API) phones their organisation: consent can be
    # taken back on their behalf, never given.
    "stories.withdraw_for_narrator": frozenset({R.COORDINATOR, R.ADMINISTRATOR}),
    "stories.view_own": frozenset({R.NARRATOR}),
    # Collective knowledge before publication: peer experts and the learning network.
    "knowledge.view": frozenset({R.NARRATOR, R.COORDINATOR, R.RESEARCHER, R.ADMINISTRATOR}),
    "knowledge.curate": frozenset({R.NARRATOR, R.COORDINATOR, R.ADMINISTRATOR}),
    "knowledge.analyse": frozenset({R.COORDINATOR, R.ADMINISTRATOR}),
    "knowledge.code": frozenset({R.NARRATOR, R.COORDINATOR, R.RESEARCHER, R.ADMINISTRATOR}),
    # The pool: peer experts keep their own profile and answer proposals; coordinators match.
    "pool.profile": frozenset({R.NARRATOR}),
    "pool.manage": frozenset({R.COORDINATOR, R.ADMINISTRATOR}),
    "pool.post_assignment": frozenset({R.POLICY_OFFICER, R.COORDINATOR, R.ADMINISTRATOR}),
    # Good practices: the catalogue is public; anyone in the field proposes, a coordinator publishes.
    "practices.propose": frozenset({R.NARRATOR, R.COORDINATOR, R.POLICY_OFFICER, R.RESEARCHER,
                                    R.ADMINISTRATOR}),
    "practices.review": frozenset({R.COORDINATOR, R.ADMINISTRATOR}),
    # Information needs: a municipality asks (a coordinator may ask on its behalf); the learning
    # network handles the questions and sees where knowledge is missing.
    "needs.ask": frozenset({R.POLICY_OFFICER, R.COORDINATOR, R.ADMINISTRATOR}),
    "needs.overview": frozenset({R.POLICY_OFFICER, R.COORDINATOR, R.RESEARCHER, R.ADMINISTRATOR}),
    "needs.manage": frozenset({R.COORDINATOR, R.RESEARCHER, R.ADMINISTRATOR}),
    # Local project plans (plan van aanpak): policy officers, coordinators and peer experts start
    # one; a plan is seen and edited only by its members (anyone with plans.join can be added);
    # administrators see every plan.
    "plans.create": frozenset({R.NARRATOR, R.COORDINATOR, R.POLICY_OFFICER, R.ADMINISTRATOR}),
    "plans.join": frozenset({R.NARRATOR, R.COORDINATOR, R.POLICY_OFFICER, R.RESEARCHER,
                             R.ADMINISTRATOR}),
    "plans.view_all": frozenset({R.ADMINISTRATOR}),
    # The teaching module is open to all; sharing material needs an account, and a coordinator
    # or administrator approves it before others see it.
    "teaching.share": frozenset({R.NARRATOR, R.COORDINATOR, R.POLICY_OFFICER, R.RESEARCHER,
                                 R.ADMINISTRATOR}),
    "teaching.moderate": frozenset({R.COORDINATOR, R.ADMINISTRATOR}),
    # The audit log (who saw or exported what) is for administrators only.
    "audit.view": frozenset({R.ADMINISTRATOR}),
    # Exchange with QDA software (REFI-QDA): researchers export research-consented stories and
    # send their coding back as a proposal; peer experts and coordinators decide on it.
    "exchange.export": frozenset({R.RESEARCHER, R.COORDINATOR, R.ADMINISTRATOR}),
    "exchange.import": frozenset({R.RESEARCHER, R.COORDINATOR, R.ADMINISTRATOR}),
    "exchange.review": frozenset({R.NARRATOR, R.COORDINATOR, R.ADMINISTRATOR}),
}


def user_can(user, capability: str) -> bool:
    if capability not in CAPABILITIES:
        raise KeyError(f"Unknown capability {capability!r}")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.role in CAPABILITIES[capability]


class CapabilityRequiredMixin(AccessMixin):
    """Anonymous users go to the login page; logged-in users without the capability get 403."""

    capability: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not user_can(request.user, self.capability):
            self.raise_exception = True
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)
