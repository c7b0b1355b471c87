"""The lab report regenerated from tracked runs: the plan of experiments (`plan`), the runs
found or trained for it (`collect`), and the Markdown page with its figures (`build`)."""
