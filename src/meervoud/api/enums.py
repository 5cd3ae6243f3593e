"""Value lists that several API fields share, named once for the OpenAPI schema
(SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] points here)."""

from meervoud.needs.models import NeedStatus
from meervoud.pool.models import Assignment, Proposal
from meervoud.pool.vocabularies import ExpertRole
from meervoud.practices.models import PracticeStatus
from meervoud.stories.models import Level

PLACE_KIND = {"all": "nederland", "province": "provincie", "region": "regio",
              "municipality": "gemeente"}
CELL_LEVEL = {"municipality": "gemeente", "region": "regio", "province": "provincie",
              "all": "overig"}

LEVELS = Level.values
PLACE_KINDS = list(PLACE_KIND.values())
CELL_LEVELS = list(CELL_LEVEL.values())
EXPERT_ROLES = ExpertRole.values
PRACTICE_STATUSES = PracticeStatus.values
NEED_STATUSES = NeedStatus.values
ASSIGNMENT_STATUSES = Assignment.Status.values
PROPOSAL_STATUSES = Proposal.Status.values

