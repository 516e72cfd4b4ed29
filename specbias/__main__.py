import sys

from specbias.derivations.cli import main

sys.exit(main())
