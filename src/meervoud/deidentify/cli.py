"""`meervoud deidentify [BESTAND] [--name NAAM ...] [--lang nl|en] [--json]`

Reads a UTF-8 text file (or standard input) and prints it de-identified.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from meervoud.argparse_nl import DutchArgumentParser

from .core import LANGS

EXIT_USAGE = 2


def _parser() -> argparse.ArgumentParser:
    parser = DutchArgumentParser(
        prog="meervoud deidentify",
        description=(
            "Vervangt namen, plaatsen, instellingen, leeftijden, datums, nummers en "
            "contactgegevens in een tekst door labels als [PERSOON-1] en [DATUM]."
        ),
    )
    parser.add_argument("file", nargs="?", metavar="BESTAND",
                        help="UTF-8-tekstbestand; zonder bestand (of met -) wordt standaardinvoer gelezen")
    parser.add_argument("--name", "--naam", dest="names", action="append", default=[], metavar="NAAM",
                        help="naam die de verteller bij de intake noemde (mag vaker)")
    parser.add_argument("--lang", "--taal", default="nl", metavar="{nl,en}",
                        help="taal van de tekst (standaard: nl)")
    parser.add_argument("--json", action="store_true",
                        help="geef één JSON-object met tekst, annotaties en tellingen")
    return parser


class _InputError(Exception):
    pass


def _read(file: str | None) -> str:
    if file is None or file == "-":
        data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
        source = "de standaardinvoer"
    else:
        path = Path(file)
        source = f"'{file}'"
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise _InputError(f"bestand {source} bestaat niet.") from None
        except IsADirectoryError:
            raise _InputError(f"{source} is een map, geen bestand.") from None
        except PermissionError:
            raise _InputError(f"geen leesrechten voor bestand {source}.") from None
        except OSError as exc:
            raise _InputError(f"kan {source} niet lezen ({exc.strerror}).") from None
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _InputError(
            f"{source} is geen UTF-8-tekst (onleesbare byte op positie {exc.start}). "
            "Sla het bestand op als UTF-8 en probeer het opnieuw."
        ) from None


def _write(text: str) -> None:
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:
        # A terminal or pipe without UTF-8: write the bytes ourselves.
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.lang not in LANGS:
        parser.error(f"onbekende taal '{args.lang}'; kies nl of en.")
    try:
        text = _read(args.file)
    except _InputError as exc:
        print(f"meervoud deidentify: fout: {exc}", file=sys.stderr)
        return EXIT_USAGE

    from .core import deidentify

    result = deidentify(text, args.names, lang=args.lang)
    if args.json:
        _write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        _write(result.text if result.text.endswith("\n") else result.text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
