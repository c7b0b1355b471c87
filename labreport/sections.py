"""Each experiment of the plan as a section of the page: tables, figures, a measured conclusion."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Callable

from backprop.console import epoch_line
from backprop.differences import differing_fields, format_value, label
from labreport.conclusions import CONCLUSIONS
from labreport.outcomes import Outcome, outcome
from labreport.page import Page
from labreport.plan import Experiment
from labreport.text import group_title, slug


def groups(experiment: Experiment, done, page: Page) -> list[tuple[str, list[Outcome]]]:
    """(title, outcomes) per base, runs labelled by what sets them apart; what the store
    lacks is noted on the page."""
    found = []
    for base in experiment.bases:
        configs = experiment.group(base)
        fields = differing_fields(configs)
        title = group_title(base, experiment.bases, experiment.field)
        names = {config: label(config, fields) if fields else config.label for config in configs}
        outcomes = [outcome(done[c], c, names[c]) for c in configs if c in done]
        lacking = [names[c] for c in configs if c not in done]
        if lacking:
            page.missing.append(f"{experiment.key} {experiment.title}, {title}: {', '.join(lacking)}")
        found.append((title, outcomes))
    return found


def _heading(experiment: Experiment, page: Page) -> None:
    page.add(f"### {experiment.title}")
    if experiment.note:
        page.add(experiment.note)


def _missing_note(title: str, outcomes, experiment: Experiment) -> str | None:
    wanted = len(experiment.group(experiment.bases[0]))
    if not outcomes:
        return f"*{title}: not in the store yet. `bp report` trains it.*"
    if len(outcomes) < wanted:
        return f"*{title}: {wanted - len(outcomes)} of {wanted} runs not in the store yet (shown: those that are).*"
    return None


def _conclusion(experiment: Experiment, found, page: Page) -> None:
    present = [(title, outcomes) for title, outcomes in found if outcomes]
    if present:
        page.add("**Measured.**", *(f"- {line}" for line in CONCLUSIONS[experiment.conclude](present)))


def compare(experiment: Experiment, done, store, page: Page) -> None:
    """A table, the loss curves overlaid, and predictions with decision boundaries, per base."""
    _heading(experiment, page)
    found = groups(experiment, done, page)
    field_heading = experiment.field or "run"
    for title, outcomes in found:
        page.add(f"#### {title}")
        note = _missing_note(title, outcomes, experiment)
        if note:
            page.add(note)
        if not outcomes:
            continue
        name = f"{experiment.key}-{slug(title)}"
        what = f"{experiment.key} {experiment.title.split('. ', 1)[-1]}, {title}"
        page.table(outcomes, field_heading, [format_value(getattr(o.config, field_heading)) if experiment.field else o.label
                                             for o in outcomes])  # fmt: skip
        page.figure("loss", f"{name}-loss", outcomes, f"{what}: loss against epoch",
                    "Training loss against epoch; a dot marks the epoch 100% accuracy was reached.")  # fmt: skip
        page.figure("settings", f"{name}-predictions", outcomes, f"{what}: predictions and decision boundaries",
                    "Top: each network's predicted class per point (red 0, blue 1), the lab's \"Predict result\". "
                    "Bottom: its probability of class 1 over the plane, the 0.5 boundary in black, the true labels on top.")  # fmt: skip
    _conclusion(experiment, found, page)


def results(experiment: Experiment, done, store, page: Page) -> None:
    """Section 3: per dataset, the comparison figure, the test lines, the learning curve."""
    _heading(experiment, page)
    found = groups(experiment, done, page)
    # A run that diverged kept no network and no test lines: its table row and conclusion say so.
    present = [(title, outcomes[0]) for title, outcomes in found if outcomes and not outcomes[0].diverged]
    for title, outcomes in found:
        note = _missing_note(title, outcomes, experiment)
        if note:
            page.add(note)
    page.add("#### A. Comparison figures")
    for title, o in present:
        page.figure("comparison", f"{experiment.key}-{slug(title)}-comparison", [o], f"{title}: ground truth and prediction",
                    f"{title}: the lab's comparison figure, ground truth beside the prediction (red 0, blue 1).")  # fmt: skip
        page.figure("boundary", f"{experiment.key}-{slug(title)}-boundary", [o], f"{title}: decision boundary",
                    f"{title}: the network's probability of class 1 over the plane, the 0.5 boundary in black.")  # fmt: skip
    page.add("#### B. Predictions and accuracy")
    for title, o in present:
        lines = _test_lines(store, o.run_id)
        page.add(f"{title}: `{lines[-1]}`", "<details><summary>every prediction</summary>", "", "```text", *lines, "```",
                 "", "</details>")  # fmt: skip
    page.add("#### C. Learning curves")
    for title, o in present:
        page.figure("learning_curve", f"{experiment.key}-{slug(title)}-learning-curve", [o], f"{title}: learning curve",
                    f"{title}: training loss and accuracy against epoch; the dotted line is the epoch 100% was reached.")  # fmt: skip
        page.add("```text", *_epoch_lines(store, o.run_id), "```")
    _conclusion(experiment, found, page)


def _test_lines(store, run_id: str) -> list[str]:
    """The lab's `IterK | Ground truth | prediction` lines, as the run stored them."""
    from tracking import names
    from tracking.runs import download

    with tempfile.TemporaryDirectory(prefix="bp-report-") as folder:
        return Path(download(store, run_id, names.TEST_REPORT, folder)).read_text().splitlines()


def _epoch_lines(store, run_id: str) -> list[str]:
    """The lab's last few epoch lines, as `bp train` prints them, ending at the last epoch."""
    from tracking.series import metric_series

    epochs, loss = metric_series(store, run_id, "loss")
    _, accuracy = metric_series(store, run_id, "accuracy")
    last = int(epochs[-1])
    every = 100 if last >= 500 else 10 if last >= 50 else 1
    shown = [e for e in range(every, last, every)][-4:] + [last]
    return [epoch_line(e, loss[e - 1], accuracy[e - 1]) for e in shown]


SECTIONS: dict[str, Callable] = {"compare": compare, "results": results}
