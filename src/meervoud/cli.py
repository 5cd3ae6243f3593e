"""The `meervoud` command.

Commands that need no database (de-identifying a text, evaluating the engine on a file) run
without starting Django, so they stay fast and work anywhere; everything else is a Django
management command.
"""

import importlib
import os
import sys
from importlib.metadata import version

DJANGO_FREE = {
    "deidentify": "meervoud.deidentify.cli",
    "evaluate": "meervoud.engine.evaluate",
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv == ["--version"]:  # Django's own --version would print Django's number
        print(f"meervoud {version('meervoud')}")
        return 0
    if argv[:1] == ["help"] and argv[1:2] and argv[1] in DJANGO_FREE:  # "meervoud help evaluate"
        argv = [argv[1], "--help"]
    if argv and argv[0] in DJANGO_FREE:
        module = importlib.import_module(DJANGO_FREE[argv[0]])
        return module.main(argv[1:]) or 0
    if not argv or argv[0] in {"help", "--help", "-h"} and len(argv) == 1:
        print("Opdrachten zonder database:\n" + "".join(f"    {name}\n" for name in sorted(DJANGO_FREE)))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meervoud.conf.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:  # a configuration error is one sentence for the operator, not Django's traceback
        settings.INSTALLED_APPS
    except ImproperlyConfigured as error:
        print(f"meervoud: {error}", file=sys.stderr)
        return 2

    execute_from_command_line(["meervoud", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
