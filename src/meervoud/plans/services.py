"""Changes to plans: create and seed from the handbook, edit with optimistic locking, members,
progress, checklists, programmes."""

import json
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from meervoud.audit.models import Action as AuditAction
from meervoud.audit.services import record
from meervoud.core.resend import earlier_post
from meervoud.plans import notifications, reference, selectors
from meervoud.plans.models import (
    Action,
    Block,
    Checklist,
    ChecklistItem,
    ChecklistKind,
    GoalTable,
    InvitationStatus,
    Plan,
    PlanInvitation,
    PlanMember,
    Programme,
    ProjectRole,
    Session,
    SpentToken,
)

PLAN_FIELDS = ["title", "municipality", "location", "self_help_organisations", "district_teams",
               "project_lead", "period_start", "period_end"]
ACTION_FIELDS = ["goal", "what", "who", "when", "due", "participants", "status", "progress",
                 "order"]


class ConflictError(Exception):
    """Someone else saved the object after the user opened it; `current` is what is stored now,
    `fields` the fields both changed (empty when unknown: then the whole object counts)."""

    def __init__(self, current, fields=()):
        super().__init__("conflict")
        self.current = current
        self.fields = list(fields)


class PlanError(ValueError):
    """A change that is not allowed (for example removing the last project lead)."""


def _versioned_update(model, pk: int, expected_version: int, user, seen: dict | None = None,
                      *, whole_form: bool = True, **values):
    """Update one row only if its version is still `expected_version`; else ConflictError.

    `seen`: the values the user's form opened with. Then only what the user changed is written,
    and a row saved by someone else in between is a conflict only for a field both changed to
    different values: a colleague's answer to another question, or the same click twice, is not.
    `whole_form=False`: the form also changed other rows (a dagdeel's blocks), so equal values
    here do not make a stale save harmless.
    """
    if seen is not None:
        with transaction.atomic():
            current = model.objects.select_for_update().filter(pk=pk).first()
            if current is None:
                raise ConflictError(None)
            mine = {name: value for name, value in values.items()
                    if name not in seen or seen[name] != value}
            if current.version != expected_version:
                clashes = [name for name, value in mine.items() if name in seen
                           and getattr(current, name) not in (seen[name], value)]
                if clashes:
                    raise ConflictError(current, clashes)
            if all(getattr(current, name) == value for name, value in mine.items()):
                return current  # nothing to write: no new version, no "saved by you" for the next page
            return _versioned_update(model, pk, current.version, user, **mine)
    submitted = dict(values)
    values.update(version=F("version") + 1, updated_at=timezone.now())
    if user is not None:
        values["updated_by"] = user
    updated = model.objects.filter(pk=pk, version=expected_version).update(**values)
    if not updated:
        current = model.objects.filter(pk=pk).first()
        if (whole_form and current is not None and submitted
                and all(getattr(current, name) == value for name, value in submitted.items())):
            return current  # the same form sent twice (double click, reload): not a conflict
        raise ConflictError(current)
    row = model.objects.get(pk=pk)
    _touch_plan(row, user)
    return row


def _touch_plan(changed, user) -> None:
    """Progress, checklists and programmes are work on the plan: the plan list and page show who
    worked on it last. Its version stays, so the header form does not report a conflict."""
    parent = getattr(changed, "checklist", None) or getattr(changed, "programme", None) or changed
    plan_id = getattr(parent, "plan_id", None)
    if plan_id and user is not None:
        Plan.objects.filter(pk=plan_id).update(updated_at=timezone.now(), updated_by=user)


# -- creating a plan -------------------------------------------------------------------------

def _create_checklist(plan: Plan, key: str, handbook: dict) -> Checklist:
    checklist = Checklist.objects.create(
        plan=plan, key=key, kind=handbook["kind"], order=handbook["order"],
        number=handbook["number"], title=handbook["title"], section=handbook["section"],
        intro=handbook["intro"], source=handbook["source"])
    ChecklistItem.objects.bulk_create([
        ChecklistItem(checklist=checklist, key=item_key, order=position, group=item["group"],
                      text=item["text"], is_step=item["step_number"] is not None,
                      step_number=item["step_number"])
        for position, (item_key, item) in enumerate(handbook["items"].items(), start=1)])
    return checklist


@transaction.atomic
def seed_plan(plan: Plan) -> int:
    """Give a plan its own copy of every handbook checklist it does not have yet: in Dutch, as
    the handbook is written, with the keys that show it in the reader's language.

    Idempotent: checklists are recognised by key, so running it again (or after the handbook
    data gained a checklist) adds only what is missing. Returns the number added.
    """
    existing = set(plan.checklists.values_list("key", flat=True))
    added = 0
    for key, handbook in reference.checklist_source().items():
        if key not in existing:
            _create_checklist(plan, key, handbook)
            added += 1
    return added


@transaction.atomic
def create_plan(*, user, data: dict, is_fictional: bool = False) -> Plan:
    """A new plan with its creator as project lead (a plan always has one: the lead manages
    the team and can hand the role over), the handbook's checklists and the two training rows
    of Bijlage 1 (training and workshop) ready to fill in."""
    values = {field: data[field] for field in PLAN_FIELDS if field in data}
    values.setdefault("title", reference.source("plan_format")["default_title"])
    for field in reference.question_fields():
        if field in data:
            values[field] = data[field]
    plan = Plan.objects.create(created_by=user, updated_by=user, is_fictional=is_fictional,
                               **values)
    PlanMember.objects.create(plan=plan, user=user, role=ProjectRole.LEAD)
    for position, (key, row) in enumerate(reference.table_rows(GoalTable.TRAINING).items(), start=1):
        Action.objects.create(plan=plan, table=GoalTable.TRAINING, order=position, key=key,
                              what=row["what"], updated_by=user)
    seed_plan(plan)
    return plan


@transaction.atomic
def start_plan(*, user, data: dict) -> tuple[Plan, bool]:
    """The form "Nieuw plan van aanpak": a new plan and True, or the plan this person made with
    the same values shortly before and False (a double click, a reload: one plan, not two with
    each its own checklists). Two plans of one place can be meant, so only a resend counts."""
    same = {field: data[field] for field in PLAN_FIELDS + reference.question_fields()
            if field in data}
    earlier = earlier_post(Plan.objects.filter(memberships__user=user), user=user,
                           made_at="created_at", created_by=user, **same)
    if earlier is not None:
        return earlier, False
    return create_plan(user=user, data=data), True


def update_plan(plan: Plan, *, data: dict, version: int, user, seen: dict | None = None) -> Plan:
    fields = PLAN_FIELDS + reference.question_fields()
    return _versioned_update(Plan, plan.pk, version, user, seen,
                             **{field: data[field] for field in fields if field in data})


@transaction.atomic
def delete_plan(plan: Plan) -> bool:
    """The plan with everything in it (cascade): its team, goal tables, roadmap and checklists
    with their points, programmes with their dagdelen. False when it was gone already (a second
    click, or another lead was first): the caller says so instead of failing."""
    if Plan.objects.select_for_update().filter(pk=plan.pk).first() is None:
        return False
    plan.delete()
    return True


# -- goal tables -----------------------------------------------------------------------------

@dataclass
class RowChange:
    """One row of a goal table as the user submitted it; a new row carries the one-time token
    of the form row it was typed in."""

    pk: int | None
    version: int | None
    values: dict
    delete: bool = False
    token: uuid.UUID | None = None
    # what the row's form opened with (`forms.SeenValuesMixin`); None from a page without it
    seen: dict | None = None

    def untouched(self) -> bool:
        """The user left this row as the form showed it."""
        return self.seen is not None and all(
            self.seen.get(name) == value for name, value in self.values.items() if name in self.seen)


def _content_token(plan: Plan, table: str, position: int, values: dict) -> uuid.UUID:
    """A token for a new row sent without one (a page opened before rows had tokens, a script):
    the same text at the same place in the same table counts as the same row."""
    text = json.dumps([plan.pk, table, position, values], sort_keys=True, default=str)
    return uuid.uuid5(uuid.NAMESPACE_URL, f"meervoud:plans:action:{text}")


def _once(plan_id: int, scope: str, token: uuid.UUID, make):
    """`make()` and spend `token`, together: returns what was made and None. A token already
    spent for this plan and scope is the same form sent again: then nothing is made, and the
    pk of what that form made (perhaps deleted since) is returned as the second value."""
    try:
        with transaction.atomic():  # the unique token refuses a second one, also in a race
            made = make()
            SpentToken.objects.create(plan_id=plan_id, scope=scope, token=token,
                                      object_id=made.pk)
            return made, None
    except IntegrityError:
        earlier = SpentToken.objects.filter(plan_id=plan_id, scope=scope, token=token).first()
        if earlier is None:
            raise
    return None, earlier.object_id


@dataclass
class TableSaved:
    """New rows of a goal table's form that was sent before (a double click, a reload, the back
    button): `repeated` are still in the table, `removed` were deleted since. Neither is added
    again."""

    repeated: int = 0
    removed: int = 0


def save_actions(plan: Plan, table: str, rows: list[RowChange], *, user) -> TableSaved:
    """Apply all changes to one goal table at once, or none of them.

    A new row whose token was spent before for this plan and table is the same form sent
    again: it is not added a second time, and not brought back when it was deleted since.
    Raises ConflictError (with the first conflicting row as `current`) if any existing row was
    changed or deleted by someone else in the meantime.
    """
    if table not in GoalTable.values:
        raise PlanError(table)
    saved = TableSaved()
    with transaction.atomic():
        next_order = (plan.actions.filter(table=table).aggregate(m=Max("order"))["m"] or 0)
        for position, row in enumerate(rows):
            values = {k: v for k, v in row.values.items() if k in ACTION_FIELDS}
            if row.pk is None:
                if row.delete or not any(values.get(f) for f in ("goal", "what", "who", "when")):
                    continue
                token = row.token or _content_token(plan, table, position, values)
                next_order += 1
                values["order"] = values.get("order") or next_order
                made, earlier = _once(plan.pk, table, token, lambda: Action.objects.create(
                    plan=plan, table=table, updated_by=user, **values))
                if made is None:
                    if Action.objects.filter(pk=earlier, plan=plan, table=table).exists():
                        saved.repeated += 1
                    else:
                        saved.removed += 1
                continue
            if not Action.objects.filter(pk=row.pk, plan=plan, table=table).exists():
                if row.delete or row.untouched():
                    # gone already, as this user wanted (the form sent twice), or a colleague
                    # deleted a row this user left alone: nothing of hers is lost
                    continue
                raise ConflictError(None)
            if row.delete:
                if not Action.objects.filter(pk=row.pk, version=row.version).delete()[0]:
                    raise ConflictError(Action.objects.filter(pk=row.pk).first())
                continue
            current = Action.objects.get(pk=row.pk)
            values = current.as_stored(values)
            if all(getattr(current, k) == v for k, v in values.items()):
                continue  # this user changed nothing here; keep whatever is stored
            # with what the form showed, only her changes are written, and a colleague's save
            # in between is a conflict only where both changed the same cell
            _versioned_update(Action, row.pk, row.version, user, current.as_stored(row.seen),
                              **values)
        Plan.objects.filter(pk=plan.pk).update(updated_at=timezone.now(), updated_by=user)
    return saved


def update_progress(action: Action, *, status: str, progress: str, version: int, user,
                    seen: dict | None = None) -> Action:
    return _versioned_update(Action, action.pk, version, user, seen, status=status, progress=progress)


# -- checklists ------------------------------------------------------------------------------

def update_item(item: ChecklistItem, *, done: bool, note: str, version: int, user,
                seen: dict | None = None) -> ChecklistItem:
    values = {"done": done, "note": note}
    ticked = done != (seen["done"] if seen else item.done)  # only who ticks or unticks is recorded
    if ticked and done:
        values.update(done_by=user, done_at=timezone.now())
    elif ticked:
        values.update(done_by=None, done_at=None)
    return _versioned_update(ChecklistItem, item.pk, version, user, seen, **values)


def add_item(checklist: Checklist, *, text: str, user) -> ChecklistItem:
    order = (checklist.items.aggregate(m=Max("order"))["m"] or 0) + 1
    # in the team's own checklist every point is their own: no heading to set them apart
    group = "" if checklist.kind == ChecklistKind.OWN else reference.OWN_POINTS
    return ChecklistItem.objects.create(checklist=checklist, order=order, text=text.strip(),
                                        group=group, is_custom=True, updated_by=user)


def _item_content_token(checklist: Checklist, text: str) -> uuid.UUID:
    """A token for a point sent without one (a page opened before points had tokens, a
    script): the same text on the same list counts as the same point, as `_content_token`."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"meervoud:plans:item:{checklist.pk}:{text.strip()}")


def _item_scope(checklist_pk: int) -> str:
    return f"checklist-{checklist_pk}"


def add_item_once(checklist: Checklist, *, text: str, user,
                  token: uuid.UUID | None) -> tuple[ChecklistItem | None, bool]:
    """A point from the "Eigen punt toevoegen" form, and whether it is new. A token spent
    before on this list is the same form sent again (double click, reload): the point it added
    then is returned, or None when that point was deleted since (it does not come back). The
    same text from a newly opened form has a new token, so it is added again; a token of
    another list's or plan's form is no resend here."""
    token = token or _item_content_token(checklist, text)
    made, earlier = _once(checklist.plan_id, _item_scope(checklist.pk), token,
                          lambda: add_item(checklist, text=text, user=user))
    if made is not None:
        return made, True
    return ChecklistItem.objects.filter(pk=earlier, checklist=checklist).first(), False


@transaction.atomic
def create_own_checklist(plan: Plan, *, title: str, user) -> tuple[Checklist, bool]:
    """A checklist the team makes for what the handbook does not cover, after the handbook's
    own. Returns it and whether it is new: an own checklist of the same name is not made twice
    (the form sent twice, or two people at once), the existing one is returned instead."""
    Plan.objects.select_for_update().get(pk=plan.pk)  # one at a time per plan: the name check holds
    title = title.strip()
    existing = plan.checklists.filter(kind=ChecklistKind.OWN, title__iexact=title).first()
    if existing is not None:
        return existing, False
    order = (plan.checklists.aggregate(m=Max("order"))["m"] or 0) + 1
    checklist = Checklist.objects.create(plan=plan, key=f"eigen-{uuid.uuid4().hex[:12]}",
                                         kind=ChecklistKind.OWN, order=order, title=title,
                                         updated_by=user)
    _touch_plan(checklist, user)
    return checklist, True


def _own_only(checklist: Checklist) -> None:
    if checklist.kind != ChecklistKind.OWN:
        raise PlanError(_("Een checklist uit de handreiking kun je geen andere naam geven en "
                          "niet verwijderen."))


@transaction.atomic
def rename_own_checklist(checklist: Checklist, *, title: str, version: int, user,
                         seen: dict | None = None) -> Checklist:
    """A new name for an own checklist. The rule of `create_own_checklist` holds: one own
    checklist of a name per plan (case ignored), so a name another own list has is refused."""
    _own_only(checklist)
    Plan.objects.select_for_update().get(pk=checklist.plan_id)  # one at a time per plan: the name check holds
    title = title.strip()
    if (Checklist.objects.filter(plan_id=checklist.plan_id, kind=ChecklistKind.OWN,
                                 title__iexact=title).exclude(pk=checklist.pk).exists()):
        raise PlanError(_("Er is al een eigen checklist met deze naam."))
    return _versioned_update(Checklist, checklist.pk, version, user, seen, title=title)


@transaction.atomic
def delete_own_checklist(checklist: Checklist) -> None:
    """An own checklist with its points (cascade); the handbook's lists stay. Its spent tokens
    go too: a point can no longer be added to a list that is gone."""
    _own_only(checklist)
    SpentToken.objects.filter(plan_id=checklist.plan_id, scope=_item_scope(checklist.pk)).delete()
    checklist.delete()


def delete_custom_item(item: ChecklistItem) -> None:
    if not item.is_custom:
        raise PlanError(_("Punten uit de handreiking blijven staan; vink ze af of noteer waarom niet."))
    item.delete()


def update_phase(checklist: Checklist, *, starts_on, ends_on, note: str, version: int,
                 user, seen: dict | None = None) -> Checklist:
    if starts_on and ends_on and ends_on < starts_on:
        raise PlanError(_("De einddatum ligt vóór de begindatum."))
    return _versioned_update(Checklist, checklist.pk, version, user, seen, starts_on=starts_on,
                             ends_on=ends_on, note=note)


# -- members ---------------------------------------------------------------------------------

def add_member(plan: Plan, *, user, role: str) -> PlanMember:
    """Put someone on the team at once: the creator, the demo, and whoever accepts an
    invitation. People the team asks go through `invite`: nobody is put on a plan unasked."""
    from meervoud.accounts.permissions import user_can

    if not user_can(user, "plans.join"):
        raise PlanError(_("Deze gebruiker kan geen lid worden van een plan."))
    member, created = PlanMember.objects.get_or_create(plan=plan, user=user,
                                                       defaults={"role": role})
    if not created:
        raise PlanError(_("Deze persoon is al lid van het projectteam."))
    return member


def _invitee(typed: str):
    """The account an invitation reaches, or None: the one active account that can join whose
    username is `typed` or, for a text with "@", whose e-mail address is `typed` (case ignored,
    the whole name or address: no search, no suggestions). An address several accounts share
    reaches none of them. Every text costs the same one lookup, and a name or address nobody
    has, an inactive account or someone who cannot join all give the same None: the answer to
    the lead must not tell them apart."""
    from meervoud.accounts.models import User
    from meervoud.accounts.permissions import user_can

    query = Q(username__iexact=typed)
    if "@" in typed:
        query |= Q(email__iexact=typed)
    found = [user for user in User.objects.filter(query, is_active=True)
             if user_can(user, "plans.join")]
    by_name = [user for user in found if user.username.casefold() == typed.casefold()]
    by_address = [user for user in found if user.email.strip().casefold() == typed.casefold()]
    if len(by_name) > 1:  # "Jan" and "jan" are two accounts: only the exact name is one of them
        by_name = [user for user in by_name if user.username == typed]
    if by_name:  # a username is one account's; it goes before an address that may be shared
        return by_name[0]
    return by_address[0] if len(by_address) == 1 else None


def claim_invitations(user, *, by_address: bool = False) -> int:
    """Open invitations typed before she had an account, or before her account could join,
    reach her now: by her username (only an administrator sets it), and by her e-mail address
    only when `by_address` (when an administrator made the account with it: she can change it
    herself later without proving it is hers, and must not collect invitations meant for
    someone else that way). An address several active accounts share reaches none, as in
    `invite`. She hears once; returns how many invitations reached her."""
    from meervoud.accounts.models import User
    from meervoud.accounts.permissions import user_can

    if not user.is_active or not user_can(user, "plans.join"):
        return 0
    # usernames are unique with their capitals: when another account has hers in other
    # capitals ('Jan', 'jan'), only the exact text is hers
    shared = User.objects.filter(username__iexact=user.username).exclude(pk=user.pk).exists()
    query = Q(username=user.username) if shared else Q(username__iexact=user.username)
    address = user.email.strip()
    if by_address and address and User.objects.filter(
            email__iexact=address, is_active=True).count() == 1:
        query |= Q(username__iexact=address)
    with transaction.atomic():
        waiting = list(PlanInvitation.objects.select_for_update()
                       .filter(query, user=None, status=InvitationStatus.OPEN))
        # a plan she is on already, or was asked onto under another text, keeps the invitation
        # on her account (erasure takes it) without asking her again
        known = set(PlanMember.objects.filter(user=user).values_list("plan_id", flat=True)) | set(
            PlanInvitation.objects.filter(user=user, status=InvitationStatus.OPEN)
            .values_list("plan_id", flat=True))
        for invitation in waiting:
            invitation.user = user
            invitation.save(update_fields=["user"])
    if any(invitation.plan_id not in known for invitation in waiting):
        notifications.invited(user)
    return len(waiting)


def _already_invited(typed: str) -> PlanError:
    return PlanError(_("Je hebt ‘%(name)s’ al uitgenodigd. Kijk hieronder bij "
                       "Uitnodigingen.") % {"name": typed})


@transaction.atomic
def invite(plan: Plan, *, username: str, role: str, by) -> PlanInvitation:
    """Ask someone onto the team by username or e-mail address (`username` is what the lead
    typed). The same for every text: the invitation is kept with the text as typed, and only
    an account that can join sees it (and gets an e-mail with a link, nothing about the plan).
    See `PlanInvitation`.

    What the lead is told is no more than the team page shows already: a username of a member
    ("is al lid") and a text typed before ("al uitgenodigd"). An e-mail address of a member, or
    of someone asked before under her username, gets the answer any text gets: saying more
    would tell whose address it is. She is not asked twice: no second e-mail, and her plans
    page shows one invitation per plan."""
    typed = username.strip()
    if not typed:
        raise PlanError(_("Vul de gebruikersnaam in van wie je wilt uitnodigen."))
    # members are on the team page by name already, so saying so tells the lead nothing new
    if plan.memberships.filter(user__username__iexact=typed).exists():
        raise PlanError(_("‘%(name)s’ is al lid van het projectteam.") % {"name": typed})
    if plan.invitations.filter(username__iexact=typed).exists():
        raise _already_invited(typed)
    user = _invitee(typed)
    # kept on her account also when she is on the team or asked already: erasing the account
    # then takes the typed address with it
    asked_before = user is not None and (
        plan.memberships.filter(user=user).exists()
        or plan.invitations.filter(user=user, status=InvitationStatus.OPEN).exists())
    try:
        with transaction.atomic():
            invitation = PlanInvitation.objects.create(plan=plan, username=typed, user=user,
                                                       role=role, invited_by=by)
    except IntegrityError:  # the same text sent twice at once (double click)
        raise _already_invited(typed) from None
    if user is not None and not asked_before:
        notifications.invited(user)
    record(by, AuditAction.CHANGE, plan, detail="projectteam: uitnodiging verstuurd")
    return invitation


def _open_invitation(pk, user) -> PlanInvitation:
    invitation = (PlanInvitation.objects.select_for_update()
                  .filter(pk=pk, user=user, status=InvitationStatus.OPEN).first())
    if invitation is None:
        raise PlanError(_("Deze uitnodiging geldt niet meer. Misschien is hij ingetrokken."))
    return invitation


@transaction.atomic
def accept_invitation(pk, *, user) -> PlanMember:
    """She says yes: from now on she is a member, with the role she was invited for, and the
    team sees her name and organisation. Every invitation of hers to this plan goes (she may
    have been asked by username and by address). The project leads hear that someone
    answered."""
    invitation = _open_invitation(pk, user)
    plan = invitation.plan
    member = PlanMember.objects.filter(plan=plan, user=user).first()
    if member is None:  # a lead may have put her on the team directly meanwhile
        member = add_member(plan, user=user, role=invitation.role)
    PlanInvitation.objects.filter(plan=plan, user=user).delete()
    record(user, AuditAction.CHANGE, plan, detail="projectteam: uitnodiging aangenomen")
    notifications.answered(plan, by=user)
    return member


@transaction.atomic
def decline_invitation(pk, *, user) -> PlanInvitation:
    """She says no (to the plan: to each open invitation of hers to it). The invitation stays,
    marked so, until the lead takes it away: then the lead knows, and nobody asks her again by
    accident. The project leads hear that someone answered."""
    invitation = _open_invitation(pk, user)
    now = timezone.now()
    PlanInvitation.objects.filter(plan_id=invitation.plan_id, user=user,
                                  status=InvitationStatus.OPEN).update(
        status=InvitationStatus.DECLINED, answered_at=now)
    invitation.refresh_from_db()
    record(user, AuditAction.CHANGE, invitation.plan, detail="projectteam: uitnodiging afgeslagen")
    notifications.answered(invitation.plan, by=user)
    return invitation


@transaction.atomic
def withdraw_invitation(invitation: PlanInvitation, *, by) -> None:
    """The lead takes an invitation back (or clears one that got a no). Deleting it is all:
    she no longer sees it, and the name can be asked again."""
    deleted, _rows = PlanInvitation.objects.filter(pk=invitation.pk).delete()
    if deleted:
        record(by, AuditAction.CHANGE, invitation.plan, detail="projectteam: uitnodiging ingetrokken")


def _leads(plan_id: int):
    return PlanMember.objects.filter(plan_id=plan_id, role=ProjectRole.LEAD)


def _last_lead() -> PlanError:
    return PlanError(_("Een plan heeft minstens één projectleider. Geef eerst iemand anders "
                       "die rol."))


def _team_change(member: PlanMember, by, *, own_leaving: bool = False) -> PlanMember | None:
    """Start a change to the team: the plan locked, so team changes of one plan take turns,
    and `member` read again (None when gone). Two leads who demote or remove each other at the
    same moment would otherwise each count two leads and leave none; now the second counts
    again after the first. `by` (who asks, from a view) must still be allowed to manage the team
    by then: a lead whose role a colleague took a moment ago is told so. Leaving the team
    herself (`own_leaving`) needs no such right."""
    plan = Plan.objects.select_for_update().filter(pk=member.plan_id).first()
    current = PlanMember.objects.filter(pk=member.pk).select_related("user").first()
    if plan is None or current is None:
        return None
    leaving = own_leaving and by is not None and current.user_id == by.pk
    if by is not None and not leaving and not selectors.can_manage_members(by, plan):
        if selectors.membership(by, plan) is None:
            raise PlanError(_("Iemand heeft je intussen uit het projectteam gehaald. Daarom kun "
                              "je het projectteam niet meer aanpassen."))
        raise PlanError(_("Iemand heeft intussen jouw rol veranderd: je bent geen projectleider "
                          "meer. Daarom kun je het projectteam niet meer aanpassen."))
    return current


@transaction.atomic
def change_role(member: PlanMember, role: str, *, by=None) -> PlanMember:
    """A member's role in the project. The plan keeps at least one project lead, also when two
    leads change roles at the same moment (`_team_change`)."""
    current = _team_change(member, by)
    if current is None:
        raise PlanError(_("%(name)s zit intussen niet meer in het projectteam.")
                        % {"name": member.user.username})
    if (current.role == ProjectRole.LEAD and role != ProjectRole.LEAD
            and _leads(current.plan_id).count() == 1):
        raise _last_lead()
    current.role = role
    current.save(update_fields=["role"])
    return current


@transaction.atomic
def remove_member(member: PlanMember, *, by=None) -> None:
    """Someone off the team (or leaving it herself). The plan keeps at least one project lead,
    also when two leads remove each other at the same moment (`_team_change`). Gone already is
    what was wanted."""
    current = _team_change(member, by, own_leaving=True)
    if current is None:
        return
    if current.role == ProjectRole.LEAD and _leads(current.plan_id).count() == 1:
        raise _last_lead()
    current.delete()


# -- programmes ------------------------------------------------------------------------------

PROGRAMME_SCOPE = "programma"  # the SpentToken scope of "Training/Workshop toevoegen"

@transaction.atomic
def create_programme(plan: Plan, *, kind: str, user) -> Programme:
    """Copy the handbook's training or workshop into the plan, to adapt and schedule. The copy
    is Dutch, with the handbook's keys, so it is shown in each reader's language until the team
    changes a text."""
    template = reference.programme(kind, dutch=True)
    programme = Programme.objects.create(
        plan=plan, kind=kind, title=template["title"], audience=template["audience"],
        intro=template["intro"], source=template["source"], venue=plan.location,
        updated_by=user)
    for number, part in enumerate(template["sessions"], start=1):
        session = Session.objects.create(programme=programme, order=number, key=part["key"],
                                         title=part["title"], updated_by=user)
        Block.objects.bulk_create([
            Block(session=session, order=position, key=block["key"], title=block["title"],
                  minutes=block["minutes"], description=block["description"],
                  exercise=block["exercise"], materials="\n".join(block["materials"]))
            for position, block in enumerate(part["blocks"], start=1)
        ])
    return programme


def create_programme_once(plan: Plan, *, kind: str, user,
                          token: uuid.UUID | None) -> tuple[Programme | None, bool]:
    """The button "Training/Workshop toevoegen": the programme and whether it is new. Its form
    carries a one-time token (as a goal table's new row): sent again (a double click, a reload)
    it adds nothing and gives the programme it added then, or None when that was deleted since
    (it does not come back). A second training on purpose, for another group, comes from a
    newly opened page. Without a token (a page from before) it is simply added."""
    if token is None:
        return create_programme(plan, kind=kind, user=user), True
    made, earlier = _once(plan.pk, PROGRAMME_SCOPE, token,
                          lambda: create_programme(plan, kind=kind, user=user))
    if made is not None:
        return made, True
    return Programme.objects.filter(pk=earlier, plan=plan).first(), False


def update_programme(programme: Programme, *, data: dict, version: int, user,
                     seen: dict | None = None) -> Programme:
    fields = ["title", "audience", "venue", "trainers", "intro", "notes"]
    values = programme.as_stored({field: data[field] for field in fields if field in data})
    return _versioned_update(Programme, programme.pk, version, user, programme.as_stored(seen),
                             **values)


BLOCK_FIELDS = ("key", "title", "minutes", "description", "exercise", "materials")


def _block_rows(session: Session, blocks: list[dict]) -> list[Block]:
    """`blocks` as the rows to store, in order; each looks its handbook texts up through its
    session's programme."""
    rows = []
    for position, block in enumerate(blocks, start=1):
        row = Block(session=session, order=position, key=block.get("key", ""),
                    title=block["title"], minutes=block["minutes"],
                    description=block.get("description", ""), exercise=block.get("exercise", ""),
                    materials=block.get("materials", ""))
        texts = row.as_stored({name: getattr(row, name)
                               for name in ("title", "description", "exercise", "materials")})
        for name, value in texts.items():
            setattr(row, name, value)
        rows.append(row)
    return rows


def _saved_as(current: Session, values: dict, rows: list[Block]) -> bool:
    """Whether the dagdeel is stored exactly as this form would save it."""
    def fields(block):
        return tuple(getattr(block, name) for name in BLOCK_FIELDS)

    return (all(getattr(current, name) == value for name, value in values.items())
            and [fields(b) for b in current.blocks.all()] == [fields(r) for r in rows])


@transaction.atomic
def save_session(session: Session, *, data: dict, blocks: list[dict], version: int,
                 user) -> Session:
    """Save a part's date, time and venue and replace its blocks by `blocks` (in order). A
    handbook text left as it was shown is stored as the handbook's again (`as_stored`).

    A save after someone else's is a conflict (the blocks are replaced as a whole), except when
    the dagdeel is stored exactly as this form says: the same form sent twice (a double click)."""
    values = session.as_stored({f: data[f] for f in ["title", "date", "start_time", "venue"]
                                if f in data})
    rows = _block_rows(session, blocks)
    try:
        _versioned_update(Session, session.pk, version, user, whole_form=False, **values)
    except ConflictError as conflict:
        if conflict.current is None or not _saved_as(conflict.current, values, rows):
            raise
        return conflict.current
    # with its programme: each block looks its handbook texts up through it
    session = Session.objects.select_related("programme").get(pk=session.pk)
    session.blocks.all().delete()
    for row in rows:
        row.session = session
    Block.objects.bulk_create(rows)
    return session


def delete_programme(programme: Programme) -> None:
    """The programme with its dagdelen and their blocks (cascade)."""
    programme.delete()


def delete_session(session: Session) -> None:
    session.delete()


@transaction.atomic
def add_session(programme: Programme, *, user) -> Session:
    order = (programme.sessions.aggregate(m=Max("order"))["m"] or 0) + 1
    # the team's own part: named in the language of whoever adds it, as anything they type
    return Session.objects.create(programme=programme, order=order,
                                  title=_("Dagdeel %(number)s") % {"number": order},
                                  updated_by=user)
