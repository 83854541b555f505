"""Entry point of the frozen bundle (PyInstaller runs this file as __main__)."""

from zid_desk.cli import main

raise SystemExit(main())
