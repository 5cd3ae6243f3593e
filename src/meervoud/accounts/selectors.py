"""What Meervoud holds about one account holder (AVG art. 15 and 20), gathered in one place.

The download on /account/mijn-gegevens/ is built from this, and so is the erasure page's list of
what goes with an account. Only what is about the person or written by them: the ids of other
people's records they worked on, never their contents. The keys are Dutch, as in the API,
because the file is read by the person it is about.
"""

from datetime import timedelta

from django.db.models import QuerySet, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from meervoud.accounts.services import has_two_factor
from meervoud.audit.models import Action, AuditEvent
from meervoud.exchange.models import CodingProposal
from meervoud.knowledge.models import CurationEvent, ManualCoding
from meervoud.needs.models import InformationNeed
from meervoud.plans.models import PlanInvitation, PlanMember
from meervoud.pool.models import Assignment, Evaluation, ExpertProfile
from meervoud.pool.selectors import as_of_today
from meervoud.practices.models import GoodPractice
from meervoud.stories.models import Narrator, Story
from meervoud.teaching.models import Contribution


def _when(moment) -> str | None:
    return moment.isoformat() if moment else None


def _reset_links_sent(user) -> QuerySet[AuditEvent]:
    """The forgotten-password links that went to this account in the last hour."""
    since = timezone.now() - timedelta(hours=1)
    return AuditEvent.objects.filter(user_id=user.pk, action=Action.PASSWORD_RESET_SENT, at__gte=since)


def reset_links_sent_recently(user) -> int:
    return _reset_links_sent(user).count()


def reset_links_due(user) -> int:
    """How many forgotten-password links went to this account in the last hour, plus those that
    wait in the task queue for it. One query, on indexes (the audit log's account, the queue's
    waiting tasks): the page runs it for a known address only, and may not take measurably
    longer than for an unknown one."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from meervoud.accounts.tasks import send_reset_link

    sent = _reset_links_sent(user)
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY,
                                          task_path=send_reset_link.module_path,
                                          args_kwargs__args__0=user.pk)
    one = {"one": Value(1)}
    return (sent.order_by().annotate(**one).values_list("one")
            .union(waiting.order_by().annotate(**one).values_list("one"), all=True).count())


def stories_erased_with(users) -> QuerySet[Story]:
    """The stories an account's narrator told: erasing the account deletes them too."""
    return Story.objects.filter(narrator__user__in=users).order_by("pk")


def _account(user) -> dict:
    return {
        "gebruikersnaam": user.get_username(),
        "voornaam": user.first_name,
        "achternaam": user.last_name,
        "email": user.email,
        "rol": str(user.get_role_display()),
        "organisatie": user.organisation.name if user.organisation_id else None,
        "lid_sinds": _when(user.date_joined),
        "laatst_ingelogd": _when(user.last_login),
        "actief": user.is_active,
        "taal": user.language or None,
        "email_berichten": user.email_notifications,
        "tweestapsverificatie": has_two_factor(user),
        "api_sleutels": [
            {"begin": token.prefix, "gemaakt_op": _when(token.created_at),
             "geldig_tot": _when(token.expires_at), "laatst_gebruikt": _when(token.last_used_at)}
            for token in user.api_tokens.all()],
    }


def _plans(user) -> list[dict]:
    return [
        {"plan": member.plan.title, "gemeente": member.plan.municipality.name,
         "locatie": member.plan.location, "rol": str(member.get_role_display()),
         "lid_sinds": _when(member.added_at), "zelf_gemaakt": member.plan.created_by_id == user.pk}
        for member in PlanMember.objects.filter(user=user).select_related("plan__municipality")]


def _plan_invitations(user) -> list[dict]:
    """Invitations to her account she has not said yes to (a yes makes her a member, above).
    Who invited her is left out: that is the inviter's name, and the plan names the team."""
    return [
        {"plan": invitation.plan.title, "gemeente": invitation.plan.municipality.name,
         "rol": str(invitation.get_role_display()), "status": str(invitation.get_status_display()),
         "uitgenodigd_op": _when(invitation.invited_at), "geantwoord_op": _when(invitation.answered_at)}
        for invitation in PlanInvitation.objects.filter(user=user).select_related("plan__municipality")]


def _practices(user) -> list[dict]:
    return [
        {"titel": practice.title, "status": str(practice.get_status_display()),
         "voorgesteld_op": _when(practice.proposed_at),
         "reden_afwijzing": practice.rejection_reason}
        for practice in GoodPractice.objects.filter(proposed_by=user)]


def _needs(user) -> list[dict]:
    return [
        {"gemeente": need.municipality.name, "vragen": need.questions, "waarvoor": need.purpose,
         "inwoners": need.target_groups, "vorm": need.get_formats_display(),
         "urgentie": str(need.get_urgency_display()),
         "uiterlijk": need.deadline.isoformat() if need.deadline else None,
         "contactpersoon": {"naam": need.contact_name, "email": need.contact_email,
                            "telefoon": need.contact_phone},
         "status": str(need.get_status_display()), "gevraagd_op": _when(need.created_at)}
        for need in InformationNeed.objects.filter(asked_by=user).select_related("municipality")]


def _pool(user) -> dict | None:
    profile = (ExpertProfile.objects.filter(user=user).select_related("organisation", "home")
               .prefetch_related("domains", "blocked").first())
    if profile is None:
        return None
    return {
        "naam_in_de_pool": profile.display_name,
        "organisatie": profile.organisation.name if profile.organisation_id else None,
        "ervaring_met": [str(domain) for domain in profile.domains.all()],
        "wie_ziet_je_ervaring": str(profile.get_domains_visible_to_display()),
        "rollen": profile.roles, "activiteiten": profile.activities, "niveaus": profile.levels,
        "opleiding": profile.education, "talen": profile.languages,
        "woonplaats": profile.home.name, "reisafstand_km": profile.max_km,
        "over_mij": profile.about, "intervisie": profile.intervision,
        "supervisie": profile.supervision, "laatst_gewijzigd": _when(profile.updated_at),
        "beschikbaarheid": {
            "beschikbaar": profile.available, "uren_per_week": str(profile.hours_per_week),
            "betaald": profile.paid, "vrijwillig": profile.volunteer,
            "niet_beschikbaar": [{"van": period.start.isoformat(), "tot_en_met": period.end.isoformat()}
                                 for period in profile.blocked.all()],
        },
        "voorstellen": [
            {"opdracht": proposal.assignment.title, "status": str(proposal.get_status_display()),
             "voorgesteld_op": _when(proposal.created_at), "gevraagd_op": _when(proposal.sent_at),
             "geantwoord_op": _when(proposal.responded_at), "reden": proposal.decline_reason}
            for proposal in profile.proposals.select_related("assignment")],
    }


def _evaluations(user) -> list[dict]:
    return [
        {"opdracht": evaluation.assignment.title, "als": str(evaluation.get_side_display()),
         "cijfer": evaluation.rating, "toelichting": evaluation.text, "op": _when(evaluation.at)}
        for evaluation in Evaluation.objects.filter(author=user).select_related("assignment")]


def _assignments(user) -> list[dict]:
    return [
        {"titel": assignment.title, "status": str(assignment.get_status_display()),
         "geplaatst_op": _when(assignment.created_at)}
        for assignment in as_of_today(Assignment.objects.filter(posted_by=user))]


def _contributions(user) -> list[dict]:
    return [
        {"titel": item.title, "soort": str(item.get_kind_display()),
         "status": str(item.get_status_display()), "gedeeld_op": _when(item.created_at),
         "tekst": item.text, "link": item.url, "bestand": item.original_name,
         "toelichting_beoordelaar": item.moderation_note}
        for item in Contribution.objects.filter(author=user)]


def _stories(user) -> dict | None:
    """Only a summary: the stories themselves, with their consent history, are downloaded on
    the narrator's own page (stories app), which also works without an account."""
    narrator = Narrator.objects.filter(user=user).first()
    if narrator is None:
        return None
    return {
        "pseudoniem": narrator.code,
        "verhalen": [{"id": story.pk, "titel": story.title, "datum": story.told_on.isoformat()}
                     for story in narrator.stories.all()],
        "uitleg": _("Alles wat bij je verhalen is opgeslagen, download je op de pagina Mijn verhalen."),
    }


def _work(user) -> dict:
    """What they did to shared knowledge: counted, because the records hold other people's words."""
    return {
        "eigen_coderingen": ManualCoding.objects.filter(coder=user).count(),
        "wijzigingen_in_themas": CurationEvent.objects.filter(user=user).count(),
        "coderingsvoorstellen": CodingProposal.objects.filter(uploaded_by=user).count(),
    }


def _audit(user) -> list[dict]:
    # the detail and path can name what someone else searched for: action, time and object only
    return [
        {"handeling": str(event.get_action_display()), "code": event.action,
         "moment": _when(event.at), "soort": event.object_type, "id": event.object_id}
        for event in AuditEvent.objects.filter(user_id=user.pk).order_by("at", "id")]


def personal_data(user) -> dict:
    return {
        "gemaakt_op": _when(timezone.now()),
        "account": _account(user),
        "plannen": _plans(user),
        "uitnodigingen_voor_plannen": _plan_invitations(user),
        "goede_praktijken": _practices(user),
        "kennisvragen": _needs(user),
        "pool": _pool(user),
        "evaluaties": _evaluations(user),
        "opdrachten_geplaatst": _assignments(user),
        "lesmodule": _contributions(user),
        "verhalen": _stories(user),
        "werk_in_meervoud": _work(user),
        "logboek": _audit(user),
    }
