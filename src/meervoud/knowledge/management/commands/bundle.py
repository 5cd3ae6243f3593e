from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from meervoud.core.management.commands._base import MeervoudCommand
from meervoud.knowledge import services
from meervoud.knowledge.models import AnalysisRun


class Command(MeervoudCommand):
    help = ("Bundel de verhalen tot thema's (analyse). Na een onderbreking gaat een nieuwe run "
            "verder met de opgeslagen embeddings.")

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Geen voortgangsbalk.")

    def handle(self, *args, quiet, **options):
        # A run marked as running without a sign of life was interrupted (its process died): say
        # so, go on. One that is alive (the worker's) goes on too.
        stale = [run.pk for run in AnalysisRun.objects.filter(status=AnalysisRun.Status.RUNNING) if run.interrupted]
        interrupted = AnalysisRun.objects.filter(pk__in=stale).update(
            status=AnalysisRun.Status.FAILED, finished_at=timezone.now(),
            error="interrupted; a later run resumed from the embedding cache")
        if interrupted:
            self.stdout.write(_("Een onderbroken analyse gevonden; de embeddings die al klaar "
                                "waren worden hergebruikt."))
        run = AnalysisRun.objects.create(reason="meervoud bundle")
        bars: dict[str, tqdm] = {}

        def progress(step, done, total):
            if quiet:
                return
            bar = bars.get(step)
            if bar is None:
                bar = bars[step] = tqdm(total=total, desc=step, unit="", leave=True)
            bar.total = total
            bar.n = done
            bar.refresh()

        try:
            services.run_analysis(run, progress=progress)
        except KeyboardInterrupt:
            raise CommandError(_("Onderbroken. Start 'meervoud bundle' opnieuw: wat al klaar was, "
                                 "wordt hergebruikt."), returncode=130) from None
        except Exception as error:
            # the message may quote a statement; where it failed is in the run and the log
            raise CommandError(_("De analyse is mislukt (%(kind)s). Waar het misging staat bij "
                                 "run %(run)s in het beheer en in het log.")
                               % {"kind": type(error).__name__, "run": run.pk}) from None
        finally:
            for bar in bars.values():
                bar.close()
        run.refresh_from_db()
        self.stdout.write(
            _("%(stories)s verhalen van %(narrators)s vertellers: %(statements)s uitspraken, "
              "%(themes)s thema's, %(outliers).1f%% buiten een thema.")
            % {"stories": run.stories, "narrators": run.narrators, "statements": run.statements,
               "themes": run.themes, "outliers": 100 * (run.outlier_share or 0)})
