from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from meervoud.core.management.commands._base import MeervoudCommand
from meervoud.knowledge.identifying import kinds_of, where
from meervoud.practices.forms import PracticeForm
from meervoud.publication.identifying import place_names
from meervoud.publication.withheld import check_practices, check_themes


class Command(MeervoudCommand):
    help = ("Toon welke gevalideerde thema's en gepubliceerde goede praktijken niet openbaar "
            "zijn, omdat er iets in staat waaraan iemand te herkennen is, en waarom. Verandert "
            "niets: je kunt het altijd draaien. De woorden zelf staan op de pagina die genoemd "
            "wordt, niet in deze uitvoer.")

    def handle(self, *args, **options):
        # the texts are checked afresh, not read from a web process's cache
        places = place_names()
        themes, practices = check_themes(places), check_practices(places)
        if not themes and not practices:
            self.stdout.write(_("Alles wat gevalideerd of gepubliceerd is, staat openbaar: er staat "
                                "niets in waaraan iemand te herkennen is."))
            return
        # Kinds and places only: this output may go into a log or an e-mail, the words stay on
        # the pages where curators change them.
        if themes:
            self.stdout.write(ngettext(
                "%(count)s thema staat niet in de Kennisbank:",
                "%(count)s thema's staan niet in de Kennisbank:", len(themes)) % {"count": len(themes)})
            for withheld in themes.values():
                self.stdout.write("  " + self._theme(withheld))
        if practices:
            self.stdout.write(ngettext(
                "%(count)s goede praktijk staat niet in de catalogus:",
                "%(count)s goede praktijken staan niet in de catalogus:",
                len(practices)) % {"count": len(practices)})
            labels = PracticeForm.Meta.labels
            # by number: a practice's address is made from its title, which may be what names her
            for number, withheld in practices.items():
                self.stdout.write("  " + _(
                    "praktijk nummer %(number)s (%(path)s): bij %(fields)s staat een naam, "
                    "telefoonnummer, e-mailadres of adres.") % {
                    "number": number, "path": reverse("admin:practices_goodpractice_change", args=[number]),
                    "fields": ", ".join(f"'{labels[name]}'" for name in withheld.fields)})
        self.stdout.write(_(
            "Pas de tekst aan op die pagina. Een thema komt terug als iemand anders de nieuwe "
            "tekst valideert; een praktijk zodra een coördinator de tekst heeft aangepast."))

    @staticmethod
    def _theme(withheld) -> str:
        values = {"key": withheld.key, "path": reverse("knowledge:theme", args=[withheld.key]),
                  "kinds": kinds_of(list(withheld.found)), "where": where(withheld.fields),
                  "parent": withheld.parent}
        if withheld.parent:
            return _("subthema %(key)s van thema %(parent)s (%(path)s): in de naam staat iets "
                     "waaraan iemand te herkennen is (%(kinds)s).") % values
        return _("thema %(key)s (%(path)s): in %(where)s staat iets waaraan iemand te herkennen "
                 "is (%(kinds)s).") % values
