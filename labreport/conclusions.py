"""The short measured conclusion each experiment ends with, one registry entry per kind.

Each takes the experiment's groups, [(group title, [Outcome, ...]), ...], and returns
Markdown sentences: only what the runs measured, with the numbers.
"""

from __future__ import annotations

import statistics
from typing import Callable, Sequence

from labreport.outcomes import Outcome
from labreport.text import percent

Groups = Sequence[tuple[str, Sequence[Outcome]]]


def _ended(o: Outcome) -> str:
    """How a run that did not reach its target ended."""
    if o.diverged:
        return f"`{o.label}` diverged (epoch {o.epochs + 1 if o.epochs is not None else '?'})"
    return f"`{o.label}` did not reach it in {o.epochs:,} epochs (ended at {percent(o.final_accuracy)})"


def fastest(groups: Groups) -> list[str]:
    """Who reached 100% first, in order, and who never did."""
    lines = []
    for title, outcomes in groups:
        reached = sorted((o for o in outcomes if o.reached), key=lambda o: o.target_epoch)
        rest = [_ended(o) for o in outcomes if not o.reached]
        if reached:
            best = reached[0].target_epoch
            first = [o for o in reached if o.target_epoch == best]  # ties share first place
            others = [o for o in reached if o.target_epoch != best]
            names = " and ".join(f"`{o.label}`" for o in first)
            text = f"**{title}**: {names} reached 100% first, at epoch {best:,}"
            if others:
                text += "; then " + ", ".join(f"`{o.label}` at {o.target_epoch:,}" for o in others)
        else:
            text = f"**{title}**: none reached 100%"
        lines.append(text + ("; " + "; ".join(rest) if rest else "") + ".")
    return lines


def learned(groups: Groups) -> list[str]:
    """Whether each setting learned the dataset at all."""
    lines = []
    for title, outcomes in groups:
        parts = []
        for o in outcomes:
            if o.reached:
                parts.append(f"`{o.label}` learned it (100% at epoch {o.target_epoch:,})")
            else:
                parts.append(f"`{o.label}` did not ({percent(o.final_accuracy)} after {o.epochs:,} epochs)")
        lines.append(f"**{title}**: " + "; ".join(parts) + ".")
    return lines


def spread(groups: Groups) -> list[str]:
    """How far apart the same setup lands from different starting points."""
    lines = []
    for title, outcomes in groups:
        reached = sorted((o for o in outcomes if o.reached), key=lambda o: o.target_epoch)
        if not reached:
            lines.append(f"**{title}**: no starting point reached 100%.")
            continue
        low, high = reached[0], reached[-1]
        epochs = [o.target_epoch for o in reached]
        text = (f"**{title}**: {len(reached)} of {len(outcomes)} reached 100%, after {low.target_epoch:,} (`{low.label}`) "
                f"to {high.target_epoch:,} epochs (`{high.label}`), median {statistics.median(epochs):,g}: "
                f"the slowest start took {high.target_epoch / low.target_epoch:.1f} times as many epochs as the fastest")  # fmt: skip
        missed = [_ended(o) for o in outcomes if not o.reached]
        lines.append(text + ("; " + "; ".join(missed) if missed else "") + ".")
    return lines


def results(groups: Groups) -> list[str]:
    """Section 3: where each dataset got, beside the seed report's own figures."""
    parts = []
    for title, outcomes in groups:
        for o in outcomes:
            if o.reached:
                parts.append(f"{title} reached 100% at epoch {o.target_epoch:,} (loss {o.final_loss:.4f})")
            else:
                parts.append(f"{title} {_ended(o).split('` ', 1)[1]}")
    return ["; ".join(parts) + ".", "The seed report quotes epochs 1,545 (linear, loss 0.0204) and 8,841 (XOR, loss 0.0419) "
            "with the same setup from initial weights it did not record: section 4D shows how much they matter."]  # fmt: skip


CONCLUSIONS: dict[str, Callable[[Groups], list[str]]] = {
    "fastest": fastest,
    "learned": learned,
    "spread": spread,
    "results": results,
}
