import sys

from meervoud.cli import main

sys.exit(main())
