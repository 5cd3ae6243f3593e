"""argparse in Dutch, for every `meervoud` command: the ones that run without Django
(`meervoud deidentify`, `meervoud evaluate`) and, through meervoud.core.management.commands._base,
Meervoud's own management commands. Python ships no Dutch catalogue for argparse, and reading one
from the system locale would make the language depend on the machine; so the few fixed sentences
argparse writes are put into Dutch here. The command line has no language switch: its operators
are Dutch, so these texts are plain Dutch, not gettext."""

import argparse
import re
import sys

# argparse's own sentences (Python 3.11), most specific first
_SENTENCES = [
    (r"the following arguments are required: (.*)", r"deze argumenten ontbreken: \1"),
    (r"unrecognized arguments: (.*)", r"onbekende argumenten: \1"),
    (r"one of the arguments (.*) is required", r"een van deze argumenten is nodig: \1"),
    (r"ambiguous option: (\S+) could match (.*)", r"\1 kan meer dan één optie zijn: \2"),
    (r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)", r"argument \1: \2 kan niet; kies uit \3"),
    (r"argument (\S+): expected one argument", r"argument \1: hier hoort één waarde bij"),
    (r"argument (\S+): expected at most one argument", r"argument \1: hier hoort hooguit één waarde bij"),
    (r"argument (\S+): expected at least one argument", r"argument \1: hier hoort minstens één waarde bij"),
    (r"argument (\S+): expected (\d+) arguments?", r"argument \1: hier horen \2 waarden bij"),
    (r"argument (\S+): ignored explicit argument (.*)", r"argument \1: hier hoort geen waarde bij (\2)"),
    (r"argument (\S+): invalid int value: (.*)", r"argument \1: \2 is geen geheel getal"),
    (r"argument (\S+): invalid float value: (.*)", r"argument \1: \2 is geen getal"),
    (r"argument (\S+): invalid \S+ value: (.*)", r"argument \1: \2 kan niet"),
    (r"argument (\S+): not allowed with argument (.*)", r"argument \1: kan niet samen met \2"),
]


def in_dutch(message: str) -> str:
    for pattern, dutch in _SENTENCES:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, dutch, message)
    return message


class DutchHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix or "gebruik: ")


class DutchParsing:
    """What makes an ArgumentParser Dutch, to mix in before the parser class: Dutch section
    titles, a Dutch --help, and errors in Dutch."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", DutchHelpFormatter)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "argumenten"
        self._optionals.title = "opties"
        self.add_argument("-h", "--help", action="help", help="toon deze hulp en stop")

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: fout: {in_dutch(message)}\n")


class DutchArgumentParser(DutchParsing, argparse.ArgumentParser):
    pass
