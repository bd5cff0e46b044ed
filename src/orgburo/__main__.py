"""`python -m orgburo` is the same as the `orgburo` command."""

from orgburo.cli import main

raise SystemExit(main())
