"""A Markdown page under construction: text, numbered figures with captions, and the
figure jobs that will draw them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from labreport.figures import FigureJob
from labreport.outcomes import Outcome
from labreport.text import number, percent

FIGURES_DIR = "figures"  # beside the README, so the page renders anywhere it is copied with it


@dataclass
class Page:
    out: Path  # the report's folder
    lines: list[str] = field(default_factory=list)
    jobs: list[FigureJob] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # "4A Learning rate, XOR: lr=0.001", ...

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)
        self.lines.append("")

    def figure(self, kind: str, name: str, outcomes: Sequence[Outcome], title: str, caption: str) -> None:
        """A figure of `outcomes`' runs, captioned with what it shows and every run id."""
        relative = f"{FIGURES_DIR}/{name}.png"
        self.jobs.append(FigureJob(kind, str(self.out / relative), tuple(o.run_id for o in outcomes),
                                   tuple(o.label for o in outcomes), title))  # fmt: skip
        number_ = len(self.jobs)
        runs = ", ".join(f"{o.label} `{o.run_id}`" if len(outcomes) > 1 else f"`{o.run_id}`" for o in outcomes)
        self.add(f"![{title}]({relative})", f"*Figure {number_}. {caption} Run{'s' if len(outcomes) > 1 else ''}: {runs}.*")

    def table(self, outcomes: Sequence[Outcome], heading: str, settings: Sequence[str]) -> None:
        """Final loss, final accuracy and the epoch 100% was reached, one row per run, each
        named by its `settings` cell."""
        rows = [f"| {heading} | final loss | final accuracy | 100% reached | run |", "| --- | ---: | ---: | --- | --- |"]
        for o, setting in zip(outcomes, settings):
            rows.append(f"| {setting} | {number(o.final_loss)} | {percent(o.final_accuracy)} | {o.target_text()} | `{o.run_id}` |")
        self.add(*rows)

    def text(self) -> str:
        return "\n".join(self.lines).rstrip() + "\n"
