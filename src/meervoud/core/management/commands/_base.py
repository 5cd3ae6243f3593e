"""The base of Meervoud's own management commands: their help and their errors in Dutch, as
`meervoud deidentify` and `meervoud evaluate` have them (argparse_nl).

Django's BaseCommand builds its parser with English texts and argparse's English parser class,
and prints a failure as "CommandError: …". Its generic options stay (Django reads them when it
runs a command, and scripts may pass them) but only --traceback is shown: Meervoud's commands
do not use --verbosity, the settings come from MEERVOUD_* variables, and colour is detected.
(Its name starts with "_", so Django does not take this module for a command.)
"""

import argparse
import os
from importlib.metadata import version

from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    DjangoHelpFormatter,
    SystemCheckError,
)

from meervoud.argparse_nl import DutchHelpFormatter, DutchParsing, in_dutch


# Django's options for every command that Meervoud's operators never need (the settings come
# from MEERVOUD_* variables, colour is detected): they keep working, out of the help
GENERIC = {"--version", "--verbosity", "--settings", "--pythonpath", "--no-color", "--force-color",
           "--skip-checks"}


class DutchCommandParser(DutchParsing, CommandParser):
    def error(self, message: str):
        if not self.called_from_command_line:  # call_command: raise, as Django does, not stop
            raise CommandError(f"Fout: {in_dutch(message)}")
        super().error(message)


class _Formatter(DjangoHelpFormatter, DutchHelpFormatter):
    """Dutch, with the command's own options above the generic ones (as Django orders them)."""


class MeervoudCommand(BaseCommand):
    # Django's own hook, made to stop instead of warn: a command on an empty or older database
    # would otherwise end in a traceback about a missing table. `backup` keeps it too: the new
    # version cannot read an older version's tables (core.db.not_ready says what to do instead).
    requires_migrations_checks = True

    def check_migrations(self):
        from meervoud.core.db import not_ready

        problem = not_ready()
        if problem:
            raise CommandError(problem)

    def get_version(self) -> str:  # Django's would be Django's version number
        return version("meervoud")

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Django's own parser, made Dutch afterwards: its generic options stay whatever a Django
        # version adds, hidden unless they are worth showing an operator
        kwargs.setdefault("formatter_class", _Formatter)
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = DutchCommandParser
        parser._positionals.title = "argumenten"
        parser._optionals.title = "opties"
        for action in parser._actions:
            if "-h" in action.option_strings:
                action.help = "toon deze hulp en stop"
            elif "--traceback" in action.option_strings:
                action.help = ("toon bij een fout ook waar in de programmacode het misging "
                               "(handig bij een foutmelding aan de ontwikkelaars)")
            elif set(action.option_strings) & GENERIC:
                action.help = argparse.SUPPRESS
        return parser

    def run_from_argv(self, argv):
        self._prog = f"{os.path.basename(argv[0])} {argv[1]}"
        return super().run_from_argv(argv)

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except CommandError as error:
            # on the command line Django would print "CommandError: …"; call_command (and
            # --traceback) get the exception itself
            if (not getattr(self, "_called_from_command_line", False) or options.get("traceback")
                    or isinstance(error, SystemCheckError)):
                raise
            self.stderr.write(f"{self._prog}: fout: {error}")
            raise SystemExit(error.returncode) from None
