import sys

from app.cli.command import main

sys.exit(main())
