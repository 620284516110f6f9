import sys

from radio_sched.cli import main

sys.exit(main())
