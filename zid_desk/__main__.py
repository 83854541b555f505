from zid_desk.cli import main

raise SystemExit(main())
