"""`python -m bot` is the `wijkwijzer` command."""

from bot.cli import main

raise SystemExit(main())
