"""Every failure the CLI reports is one line on stderr and an exit code, never a traceback.

Exit codes: 2 for a bad input (click's usage errors, and ours), 1 for a runtime
failure (training diverged, a store that cannot be reached), 130 for Ctrl-C.
"""

from __future__ import annotations

import sys

import typer
import typer.core

try:  # recent typer releases carry their own copy of click
    from typer._click import exceptions as click
except ImportError:  # pragma: no cover - older typer on the real click
    from click import exceptions as click

USAGE = 2
RUNTIME = 1
INTERRUPTED = 130


class BadOption(click.UsageError):
    """A value of `option` that cannot be used; the message says what is allowed."""

    def __init__(self, option: str, message: str):
        super().__init__(f"{option}: {message}")


class Failure(click.ClickException):
    """A runtime failure: exit code 1."""

    exit_code = RUNTIME


class OneLineErrors(typer.core.TyperGroup):
    """Typer's group, but errors print as `Error: ...` on one line (no usage box)."""

    def invoke(self, ctx):
        # Typer turns Ctrl-C into a silent exit 130; say so in one line, with what the
        # interrupt carries (a tracked run says it was closed as KILLED, every epoch kept).
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as error:
            detail = str(error)
            typer.echo(f"Interrupted: {detail}." if detail else "Interrupted.", err=True)
            raise typer.Exit(INTERRUPTED) from None

    def main(self, *args, standalone_mode: bool = True, **kwargs):
        try:
            result = super().main(*args, standalone_mode=False, **kwargs)
        except click.ClickException as error:
            if not standalone_mode:
                raise
            if isinstance(error, getattr(click, "NoArgsIsHelpError", ())):
                error.show()  # `bp` alone: the help text, as click shows it
            else:
                typer.echo(f"Error: {error.format_message()}", err=True)
            sys.exit(error.exit_code)
        except typer.Abort:
            if not standalone_mode:
                raise
            typer.echo("Interrupted.", err=True)
            sys.exit(INTERRUPTED)
        if not standalone_mode:
            return result
        # Without standalone mode click returns typer.Exit's code instead of exiting.
        sys.exit(result if isinstance(result, int) else 0)
