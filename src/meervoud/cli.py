"""The `meervoud` command.

Commands that need no database (de-identifying a text, evaluating the engine on a file) run
without starting Django, so they stay fast and work anywhere; everything else is a Django
management command. The operator is Dutch: the overview of the commands and an unknown command
are said in Dutch here, not by Django's English `help`.
"""

import importlib
import os
import re
import sys
import textwrap
from difflib import get_close_matches
from importlib.metadata import version

DJANGO_FREE = {
    "deidentify": "meervoud.deidentify.cli",
    "evaluate": "meervoud.engine.evaluate",
}
# their parsers' descriptions, shortened: the overview should not import the engine to show them
DJANGO_FREE_SUMMARIES = {
    "deidentify": "Vervang namen, plaatsen, nummers en andere herkenbare gegevens in een tekst.",
    "evaluate": "Draai de analyse op een gelabeld bestand en vergelijk de thema's met de labels.",
}
HELP_ARGUMENTS = ([], ["help"], ["--help"], ["-h"])


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=\.)\s", text.strip(), maxsplit=1)[0]


def _overview(with_database: dict[str, str]) -> str:
    """The commands, one line each (a summary that does not fit is wrapped under itself)."""
    width = max(map(len, [*DJANGO_FREE_SUMMARIES, *with_database])) + 2
    text = "gebruik: meervoud <opdracht> [opties]\n"
    for title, summaries in (("Opdrachten zonder database:", DJANGO_FREE_SUMMARIES),
                             ("Opdrachten met de database:", with_database)):
        if summaries:
            text += f"\n{title}\n" + "".join(
                textwrap.fill(summaries[name], 79, initial_indent=f"  {name:<{width}}",
                              subsequent_indent=" " * (width + 2)) + "\n"
                for name in sorted(summaries))
    return text


def _utility(argv: list[str]):  # defined here: Django is imported only for its commands
    from django.core.management import ManagementUtility, get_commands, load_command_class

    class Meervoud(ManagementUtility):
        def main_help_text(self, commands_only=False):
            if commands_only:  # `meervoud help --commands`: only the names, also Django's
                return super().main_help_text(commands_only=True)
            own = {name: _first_sentence(load_command_class(app, name).help)
                   for name, app in get_commands().items() if app.startswith("meervoud.")}
            return (_overview(own)
                    + "\nMeer over één opdracht: meervoud help <opdracht>, of meervoud <opdracht> --help.\n"
                    "De opdrachten van Django werken ook, zoals migrate en createsuperuser; hun hulp\n"
                    "is in het Engels. Alle namen: meervoud help --commands.")

        def fetch_command(self, subcommand):
            commands = get_commands()
            if subcommand in commands:
                return super().fetch_command(subcommand)
            guess = get_close_matches(subcommand, [*commands, *DJANGO_FREE], n=1)
            sys.stderr.write(f"meervoud: de opdracht '{subcommand}' bestaat niet."
                             + (f" Bedoel je {guess[0]}?" if guess else "")
                             + "\nAlle opdrachten: meervoud help\n")
            sys.exit(1)

    return Meervoud(["meervoud", *argv])


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv in (["--version"], ["version"]):  # Django's own would print Django's number
        print(f"meervoud {version('meervoud')}")
        return 0
    if argv[:1] == ["help"] and argv[1:2] and argv[1] in DJANGO_FREE:  # "meervoud help evaluate"
        argv = [argv[1], "--help"]
    if argv and argv[0] in DJANGO_FREE:
        module = importlib.import_module(DJANGO_FREE[argv[0]])
        return module.main(argv[1:]) or 0
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meervoud.conf.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:  # a configuration error is one sentence for the operator, not Django's traceback
        settings.INSTALLED_APPS
    except ImproperlyConfigured as error:
        if argv in HELP_ARGUMENTS:  # what works all the same
            print(_overview({}))
        print(f"meervoud: {error}", file=sys.stderr)
        return 2

    _utility(argv).execute()
    return 0


if __name__ == "__main__":
    sys.exit(main())
