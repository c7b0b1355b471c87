"""Is a retrained run the stored one? Weights bit for bit, histories epoch by epoch."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Verdict:
    weights_max_diff: float  # largest |stored - retrained| over every weight and bias
    metrics_max_diff: dict[str, float]  # per metric series, over the epochs both have
    first_divergent_epoch: int | None  # first epoch at which a series differs by more than atol
    stored_epochs: int
    retrained_epochs: int
    atol: float = 0.0
    mismatched_arrays: list[str] = field(default_factory=list)  # arrays whose shapes or names differ

    @property
    def identical(self) -> bool:
        """Bit for bit (atol 0) or within atol, everywhere."""
        return (
            not self.mismatched_arrays
            and self.stored_epochs == self.retrained_epochs
            and self.weights_max_diff <= self.atol
            and all(diff <= self.atol for diff in self.metrics_max_diff.values())
        )

    def summary(self) -> str:
        if self.identical:
            return "reproduced: identical" if self.atol == 0 else f"reproduced: identical within atol {self.atol:g}"
        parts = [f"weights differ by up to {self.weights_max_diff:.3g}"]
        parts += [f"{name} by up to {diff:.3g}" for name, diff in self.metrics_max_diff.items()]
        if self.stored_epochs != self.retrained_epochs:
            parts.append(f"{self.stored_epochs} epochs stored, {self.retrained_epochs} retrained")
        if self.first_divergent_epoch is not None:
            parts.append(f"the histories part at epoch {self.first_divergent_epoch}")
        if self.mismatched_arrays:
            parts.append("arrays that do not match in shape: " + ", ".join(self.mismatched_arrays))
        return "reproduced: DIFFERENT (" + "; ".join(parts) + ")"


def compare_runs(
    stored_weights: dict[str, np.ndarray],
    retrained_weights: dict[str, np.ndarray],
    stored_metrics: dict[str, list[float]],
    retrained_metrics: dict[str, list[float]],
    atol: float = 0.0,
) -> Verdict:
    """Compare a stored run with its retraining. Weights: {"W1": (fan_in, fan_out), ...};
    metrics: {"loss": [epoch 1, epoch 2, ...], ...} for the series both runs share."""
    mismatched = sorted(set(stored_weights) ^ set(retrained_weights))
    weights_diff = 0.0
    for name in sorted(set(stored_weights) & set(retrained_weights)):
        a, b = np.asarray(stored_weights[name]), np.asarray(retrained_weights[name])
        if a.shape != b.shape:
            mismatched.append(name)
            continue
        weights_diff = max(weights_diff, float(np.max(np.abs(a - b), initial=0.0)))

    metrics_diff: dict[str, float] = {}
    first_epoch: int | None = None
    for name in stored_metrics.keys() & retrained_metrics.keys():
        a, b = np.asarray(stored_metrics[name], float), np.asarray(retrained_metrics[name], float)
        common = min(len(a), len(b))
        gaps = np.abs(a[:common] - b[:common])
        metrics_diff[name] = float(gaps.max(initial=0.0))
        parted = np.flatnonzero(gaps > atol)
        if len(a) != len(b):
            parted = np.append(parted, common)  # one run goes on where the other stopped
        if len(parted):
            epoch = int(parted[0]) + 1  # index i holds epoch i + 1
            first_epoch = epoch if first_epoch is None else min(first_epoch, epoch)

    lengths = [len(v) for v in stored_metrics.values()] or [0]
    relengths = [len(v) for v in retrained_metrics.values()] or [0]
    return Verdict(
        weights_max_diff=weights_diff,
        metrics_max_diff=dict(sorted(metrics_diff.items())),
        first_divergent_epoch=first_epoch,
        stored_epochs=max(lengths),
        retrained_epochs=max(relengths),
        atol=atol,
        mismatched_arrays=mismatched,
    )
