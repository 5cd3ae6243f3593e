"""Reads: the handbook templates as plain data, who may see or edit a plan, progress figures."""

import datetime

from django.db.models import Count, Min, Q, QuerySet
from django.utils.translation import gettext as _

from meervoud.accounts.permissions import user_can
from meervoud.audit.models import Action as AuditAction
from meervoud.audit.models import AuditEvent
from meervoud.plans import reference
from meervoud.plans.models import (
    ActionStatus,
    ChecklistItem,
    ChecklistKind,
    InvitationStatus,
    Plan,
    PlanInvitation,
    PlanMember,
    ProjectRole,
    Session,
)


def _template_blocks(kind: str) -> list[dict]:
    blocks = []
    for number, session in enumerate(reference.programme(kind, dutch=True)["sessions"], start=1):
        for block in session["blocks"]:
            blocks.append({
                "key": block["key"],
                "part": session["title"],
                "part_number": number,
                "title": block["title"],
                "minutes": block["minutes"],
                "description": block["description"],
                "exercise": block["exercise"],
                "materials": list(block["materials"]),
            })
    return blocks


def workshop_template() -> list[dict]:
    """The workshop for teams (Bijlage 3 of the handbook, one dagdeel) as an agenda of blocks.

    Returns a new list (safe to change) with one dict per block, in programme order::

        {
            "key": str,          # stable id, e.g. "welkom", "herstel", "samenwerking", "vragen"
            "part": str,         # the part of the programme it belongs to ("Workshop")
            "part_number": int,  # 1 for the workshop (it has one part)
            "title": str,        # e.g. "Thema A: Herstel en veerkracht"
            "minutes": int,      # planned length in minutes (approximate, as in the handbook)
            "description": str,  # what is discussed; Dutch, may contain "\\n" between options
            "exercise": str,     # the exercise or working method, "" when there is none
            "materials": list[str],  # what to bring (flip chart, profile …), may be empty
        }

    The texts are the handbook's Dutch, which the workshop kit matches Dutch stories against;
    they are also their msgids, so `reference.text` gives them in the reader's language.

    Keys that matter to someone filling the agenda with local content: "herstel",
    "ervaringsdeskundigheid", "empowerment", "kwartiermaken" (the four themes A–D) and
    "samenwerking" (Concreet: samenwerking in de wijk). The minutes add up to 185
    (`workshop_minutes`); the handbook calls it "ongeveer 3,5 uur, tijden bij benadering" and
    lists no break, so the app says both (the intro, `length_text`) instead of 3.5 hours alone.
    """
    return _template_blocks("workshop")


def workshop_minutes() -> int:
    """How long the handbook's workshop takes by its blocks (the handbook says "about 3.5
    hours" over them)."""
    return sum(block["minutes"] for block in workshop_template())


def length_text(minutes: int) -> str:
    """A length as people say it: "3 uur en 5 minuten"."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("%(m)s minuten") % {"m": rest}
    if not rest:
        return _("%(h)s uur") % {"h": hours}
    return _("%(h)s uur en %(m)s minuten") % {"h": hours, "m": rest}


def training_template() -> list[dict]:
    """The three-part training (Bijlage 2), same shape as `workshop_template`; `part` is
    "Dagdeel 1" … "Dagdeel 3" and `part_number` 1–3."""
    return _template_blocks("training")


def plans_for(user) -> QuerySet[Plan]:
    """The plans a user may open: their own memberships; administrators see all."""
    plans = Plan.objects.select_related("municipality").annotate(
        member_count=Count("memberships", distinct=True))
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return plans.none()
    if user_can(user, "plans.view_all"):
        return plans
    return plans.filter(memberships__user=user)


def membership(user, plan: Plan) -> PlanMember | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return PlanMember.objects.filter(plan=plan, user=user).first()


def open_invitations_for(user) -> QuerySet[PlanInvitation]:
    """The invitations waiting for a user's answer, with what she needs to decide: one per plan
    (she may have been asked by username and by e-mail address), none for a plan she is on."""
    if not getattr(user, "is_authenticated", False):
        return PlanInvitation.objects.none()
    waiting = (PlanInvitation.objects.filter(user=user, status=InvitationStatus.OPEN)
               .exclude(plan__memberships__user=user))
    first = waiting.order_by().values("plan").annotate(first=Min("pk")).values("first")
    return waiting.filter(pk__in=first).select_related("plan__municipality", "invited_by")


def invitations(plan: Plan) -> QuerySet[PlanInvitation]:
    """A plan's invitations as the team sees them: the typed name, never the account behind it
    (`PlanInvitation`)."""
    return plan.invitations.only("pk", "plan_id", "username", "role", "status", "invited_at",
                                 "answered_at")


def can_view(user, plan: Plan) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user_can(user, "plans.view_all") or membership(user, plan) is not None


def can_edit(user, plan: Plan) -> bool:
    """Members edit their plan together; an administrator may help out."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return membership(user, plan) is not None or user_can(user, "plans.view_all")


def can_manage_members(user, plan: Plan) -> bool:
    """Project leads (and administrators) decide who is on the project team."""
    if user_can(user, "plans.view_all"):
        return True
    member = membership(user, plan)
    return member is not None and member.role == ProjectRole.LEAD


def can_delete(user, plan: Plan) -> bool:
    """Who decides on the team decides on the plan: its project leads (and administrators)."""
    return can_manage_members(user, plan)


def was_deleted(pk: int) -> bool:
    """Whether a plan of this number existed and was deleted. Only then does a second click on
    "Ja, verwijderen" hear so; any other missing number stays a 404, so that asking does not
    tell which plans exist."""
    return AuditEvent.objects.filter(action=AuditAction.DELETE, object_type=Plan._meta.label_lower,
                                     object_id=str(pk)).exists()


def action_progress(plan: Plan) -> dict:
    """Counts of actions per status, per table and in total."""
    rows = plan.actions.values("table", "status").annotate(n=Count("pk"))
    result: dict = {"total": {status: 0 for status in ActionStatus.values}}
    for row in rows:
        table = result.setdefault(row["table"], {status: 0 for status in ActionStatus.values})
        table[row["status"]] += row["n"]
        result["total"][row["status"]] += row["n"]
    return result


def checklist_progress(plan: Plan) -> list[dict]:
    """Per checklist (phases first): title, items done and items in total."""
    lists = plan.checklists.annotate(
        total=Count("items"), done_count=Count("items", filter=Q(items__done=True)))
    return [{"checklist": checklist, "done": checklist.done_count, "total": checklist.total,
             "percent": round(100 * checklist.done_count / checklist.total) if checklist.total else 0}
            for checklist in lists]


def phases(plan: Plan):
    return plan.checklists.filter(kind=ChecklistKind.PHASE).prefetch_related(
        "items__done_by", "items__updated_by")


def other_checklists(plan: Plan):
    return plan.checklists.exclude(kind=ChecklistKind.PHASE).prefetch_related(
        "items__done_by", "items__updated_by")


def open_items(plan: Plan) -> QuerySet[ChecklistItem]:
    return ChecklistItem.objects.filter(checklist__plan=plan, done=False)


def timed_blocks(session) -> list[dict]:
    """The blocks of a part with clock times from its start time (None without a start time)."""
    clock = None
    if session.start_time:
        clock = datetime.datetime.combine(datetime.date(2000, 1, 1), session.start_time)
    result, total = [], 0
    for block in session.blocks.all():
        start = clock.time() if clock else None
        if clock:
            clock += datetime.timedelta(minutes=block.minutes)
        result.append({"block": block, "start": start, "end": clock.time() if clock else None,
                       "offset": total})
        total += block.minutes
    return result


def session_minutes(session) -> int:
    return sum(block.minutes for block in session.blocks.all())


def session_overlaps(plan: Plan) -> dict[int, list[dict]]:
    """Per dagdeel (by pk), the other dagdelen of the plan held (partly) at the same time, as
    {"session", "start", "end"} in time order.

    All programmes of the plan count: one project team gives them, often with the same trainers
    and room. A dagdeel without a date or start time overlaps nothing, nor does one that starts
    when the other ends. Its end comes from its blocks, so a late one runs into the next day.
    """
    spans = []
    for session in Session.objects.filter(
            programme__plan=plan, date__isnull=False, start_time__isnull=False
    ).select_related("programme").prefetch_related("blocks"):
        start = datetime.datetime.combine(session.date, session.start_time)
        spans.append((start, start + datetime.timedelta(minutes=session_minutes(session)), session))
    spans.sort(key=lambda span: (span[0], span[2].pk))
    overlaps: dict[int, list[dict]] = {}
    for start, end, session in spans:
        for other_start, other_end, other in spans:
            if other.pk != session.pk and start < other_end and other_start < end:
                overlaps.setdefault(session.pk, []).append(
                    {"session": other, "start": other_start, "end": other_end})
    return overlaps


def programme_context(programme) -> dict:
    """A programme with its parts, each with clock-timed blocks, its length in minutes and the
    dagdelen of the plan it overlaps."""
    overlaps = session_overlaps(programme.plan)
    sessions = []
    for session in programme.sessions.prefetch_related("blocks"):
        blocks = timed_blocks(session)
        sessions.append({"session": session, "blocks": blocks,
                         "minutes": sum(b["block"].minutes for b in blocks),
                         "overlaps": overlaps.get(session.pk, [])})
    return {"programme": programme, "sessions": sessions}
