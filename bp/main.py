"""The `bp` command: a thin adapter over `backprop` (training) and `tracking` (MLflow).

Only typer is imported at start-up; each command imports what it needs when it
runs, so `bp --help` stays fast.
"""

from __future__ import annotations

import typer

from bp.commands.compare import compare
from bp.commands.gradcheck import gradcheck
from bp.commands.reproduce import reproduce
from bp.commands.report import report
from bp.commands.runs import runs
from bp.commands.sweep import sweep
from bp.commands.train import train
from bp.commands.ui import ui
from bp.errors import OneLineErrors

app = typer.Typer(
    cls=OneLineErrors,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    help="Learn backpropagation: train a NumPy MLP, track every run in MLflow, bring any run back.",
)
app.command()(train)
app.command()(gradcheck)
app.command()(runs)
app.command()(ui)
app.command()(reproduce)
app.command()(compare)
app.command()(sweep)
app.command()(report)


def main() -> None:
    app(prog_name="bp")
