"""The matching's reasons in the reader's language.

The matching library has no Django, so it cannot translate: it returns its reasons as parts, a
code with values (``meervoud.matching.Part``), which the pool stores as JSON and words here when
a page is shown. Why an expert is proposed (``Proposal.reasons``), why an assignment has no team
(``Assignment.unfillable_reasons``) and what would help (``unfillable_suggestions``) all come
through :func:`word`. Rows stored before reasons were parts hold Dutch text, shown as it is.
"""

from datetime import date

from django.template.defaultfilters import date as format_date
from django.utils.formats import number_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from meervoud.matching.explain import EXPERIENCE
from meervoud.pool.vocabularies import Activity, ExpertRole, Language
from meervoud.stories.models import Level, LifeDomain


def describe(parts, *, only_experience: bool = False) -> str:
    """Stored parts (or an old Dutch text) as one line; ``only_experience``: what the expert
    brings, nothing of their diary, home or other work (for the organisation that asked)."""
    if isinstance(parts, str):
        return parts
    return "; ".join(word(part) for part in parts
                     if not only_experience or part.get("code") in EXPERIENCE)


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:  # a value from outside the vocabulary: shown as it is
        return value


def _in_sentence(name: str) -> str:
    return name[:1].lower() + name[1:]


def _domains(slugs, last=None) -> str:
    names = {domain.slug: str(domain) for domain in LifeDomain.objects.filter(slug__in=slugs)}
    return get_text_list([_in_sentence(names.get(slug, slug)) for slug in slugs],
                         last or _("en"))


def _languages(codes, last=None) -> str:
    return get_text_list([_label(Language, code) for code in codes], last or _("en"))


def _number(value) -> str:
    value = round(float(value), 1)
    return number_format(int(value) if value == int(value) else value)


def _day(iso: str) -> str:
    return format_date(date.fromisoformat(iso), "j F Y")


def word(part) -> str:
    """One stored part in the reader's language; an old Dutch text stays as it was."""
    if isinstance(part, str):
        return part
    code, v = part.get("code"), part
    if code == "funnel":
        return _funnel(v)
    simple = {
        "online": _("online"), "same_place": _("woont in dezelfde gemeente"),
        "intervision": _("heeft intervisie"), "likes": _("wil graag dit soort werk doen"),
        "declined_before": _("zei eerder nee tegen dit soort werk: vraag het eerst na"),
        "go_online": _("zet de opdracht online"),
        "volunteer": _("maak er een vrijwilligersopdracht van"),
        "paid": _("bied een vergoeding (maak er een betaalde opdracht van)"),
        "dutch": _("laat de opdracht in het Nederlands doen"),
        "solver": _("draai de matching opnieuw met meer rekentijd"),
    }
    if code in simple:
        return simple[code]
    if code == "domains":
        return _("ervaring met %(domains)s") % {"domains": _domains(v["domains"])}
    if code == "no_domains":
        return _("geen eigen ervaring met %(domains)s") % {"domains": _domains(v["domains"], _("of"))}
    if code == "role":
        return _("rol: %(role)s") % {"role": _label(ExpertRole, v["role"])}
    if code == "activity":
        return _("heeft dit werk vaker gedaan (%(work)s)") % {"work": _label(Activity, v["activity"])}
    if code == "level":
        return _label(Level, v["level"])
    if code == "languages":
        return _("spreekt %(languages)s") % {"languages": _languages(v["languages"])}
    if code == "km":
        return _("%(km)s km") % {"km": v["km"]}
    if code == "free":
        return _("%(free)s van %(of)s uur nog vrij") % {"free": _number(v["free"]), "of": _number(v["of"])}
    if code == "also_proposed":
        return ngettext("ook voorgesteld voor %(count)s andere opdracht",
                        "ook voorgesteld voor %(count)s andere opdrachten", v["count"]) % {"count": v["count"]}
    if code == "no_team_in_time":
        return _("er zijn genoeg geschikte ervaringsdeskundigen (%(count)s), maar binnen de rekentijd "
                 "kwam er geen team rond") % {"count": v["count"]}
    if code == "without_rule":
        return _("zonder de regel ‘%(rule)s’ zouden er %(count)s zijn") % {
            "rule": _rule(v["rule"]), "count": v["count"]}
    if code == "hours":
        return _("verlaag het aantal uren naar %(hours)s per week") % {"hours": _number(v["hours"])}
    if code == "period":
        return _("verschuif de periode naar %(start)s t/m %(end)s") % {
            "start": _day(v["start"]), "end": _day(v["end"])}
    if code == "domain":
        return _("verbreed de vraag: ervaring met %(domain)s telt ook mee") % {
            "domain": _domains([v["domain"]])}
    if code == "team_size":
        return _("verklein het team naar %(size)s ervaringsdeskundigen") % {"size": v["size"]}
    if code == "area":
        return ngettext(
            "zoek in een groter gebied: binnen %(km)s km van %(place)s is er %(count)s die verder aan "
            "alles voldoet; vraag of die zo ver wil reizen",
            "zoek in een groter gebied: binnen %(km)s km van %(place)s zijn er %(count)s die verder aan "
            "alles voldoen; vraag of zij zo ver willen reizen", v["count"]) % {
            "km": v["km"], "place": v["place"], "count": v["count"]}
    if code == "both":
        return _("%(first)s én %(second)s") % {"first": word(v["first"]), "second": word(v["second"])}
    return str(code)  # a code this version does not know yet: never a server error


def _rule(rule: str) -> str:
    return {"domain": _("levensdomein"), "language": _("taal"), "pay": _("betaald of vrijwillig"),
            "distance": _("reisafstand"), "excluded": _("uitsluiting"), "period": _("beschikbaarheid"),
            "hours": _("uren"), "busy": _("al ingezet")}.get(rule, rule)


def _funnel(v) -> str:
    """Where the hard rules leave too few experts."""
    count, need, rule = v["count"], v["need"], v["rule"]
    values = {"count": count, "need": need}
    with_domains = _domains(v["with_domains"], _("of")) if v.get("with_domains") else ""
    if count == 0:  # "niemand spreekt Turks", not "0 ervaringsdeskundigen spreken Turks"
        values["who"] = (_("niemand met ervaring met %(domains)s") % {"domains": with_domains}
                         if with_domains else _("niemand"))
    elif with_domains:
        values["who"] = ngettext("%(count)s ervaringsdeskundige met ervaring met %(domains)s",
                                 "%(count)s ervaringsdeskundigen met ervaring met %(domains)s", count) % {
            "count": count, "domains": with_domains}
    else:
        values["who"] = ngettext("%(count)s ervaringsdeskundige", "%(count)s ervaringsdeskundigen",
                                 count) % {"count": count}
    count = count or 1  # the verb agrees with "niemand" as with one person
    if rule == "domain" and values["count"] == 0:
        return _("niemand in de pool heeft ervaring met %(what)s (nodig: %(need)s)") % {
            **values, "what": _domains(v["domains"], _("of"))}
    if rule == "domain":
        return ngettext("%(count)s ervaringsdeskundige in de pool heeft ervaring met %(what)s (nodig: %(need)s)",
                        "%(count)s ervaringsdeskundigen in de pool hebben ervaring met %(what)s (nodig: %(need)s)",
                        count) % {**values, "what": _domains(v["domains"], _("of"))}
    if rule == "language":
        return ngettext("%(who)s spreekt %(languages)s (nodig: %(need)s)",
                        "%(who)s spreken %(languages)s (nodig: %(need)s)", count) % {
            **values, "languages": _languages(v["languages"], _("of"))}
    if rule == "pay":
        sentence = (ngettext("%(who)s wil dit als betaald werk doen (nodig: %(need)s)",
                             "%(who)s willen dit als betaald werk doen (nodig: %(need)s)", count)
                    if v["paid"] else
                    ngettext("%(who)s wil dit als vrijwilligerswerk doen (nodig: %(need)s)",
                             "%(who)s willen dit als vrijwilligerswerk doen (nodig: %(need)s)", count))
        return sentence % values
    if rule == "distance":
        return ngettext("%(who)s woont binnen de eigen reisafstand van %(place)s (nodig: %(need)s)",
                        "%(who)s wonen binnen de eigen reisafstand van %(place)s (nodig: %(need)s)",
                        count) % {**values, "place": v["place"]}
    if rule == "excluded":
        # who asked not to work here is their own business: no count, no reason
        return _("te weinig ervaringsdeskundigen zijn beschikbaar voor deze opdracht (nodig: %(need)s)") % values
    if rule == "period":
        return ngettext("%(who)s is vrij van %(start)s t/m %(end)s (nodig: %(need)s)",
                        "%(who)s zijn vrij van %(start)s t/m %(end)s (nodig: %(need)s)", count) % {
            **values, "start": _day(v["start"]), "end": _day(v["end"])}
    if rule in ("hours", "busy"):
        sentence = ngettext("te weinig uren vrij: %(who)s heeft %(hours)s uur per week over (nodig: %(need)s)",
                            "te weinig uren vrij: %(who)s hebben %(hours)s uur per week over (nodig: %(need)s)",
                            count) % {**values, "hours": _number(v["hours"])}
        if rule == "busy":
            sentence = _("de geschikte ervaringsdeskundigen zijn in deze periode al voorgesteld voor "
                         "andere opdrachten; %(rest)s") % {"rest": sentence}
        return sentence
    return str(rule)
