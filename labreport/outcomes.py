"""What a report run came to, read from its logged summary (no metric history needed)."""

from __future__ import annotations

from dataclasses import dataclass

from backprop.config import TrainConfig
from tracking import names

DIVERGED = "training diverged"  # how a divergence's failure tag begins (DivergenceError's message)


@dataclass(frozen=True)
class Outcome:
    config: TrainConfig
    label: str  # what sets it apart in its group, "lr=0.1"
    run_id: str
    status: str  # FINISHED, or FAILED for a run that diverged
    final_loss: float | None
    final_accuracy: float | None
    epochs: int | None
    target_epoch: int | None
    failure: str | None  # the bp.failure tag of a failed run

    @property
    def diverged(self) -> bool:
        return self.status == names.FAILED and (self.failure or "").startswith(DIVERGED)

    @property
    def reached(self) -> bool:
        return self.target_epoch is not None

    def target_text(self) -> str:
        """`epoch 88`, `not reached in 10,000 epochs`, or `diverged at epoch 7`."""
        if self.diverged:
            return f"diverged at epoch {self.epochs + 1}" if self.epochs is not None else "diverged"
        if self.reached:
            return f"epoch {self.target_epoch:,}"
        return f"not reached in {self.epochs:,} epochs" if self.epochs else "not reached"


def outcome(run, config: TrainConfig, label: str) -> Outcome:
    metrics, tags = run.data.metrics, run.data.tags
    epochs, target = metrics.get(names.EPOCHS_RUN), metrics.get(names.TARGET_EPOCH)
    return Outcome(
        config=config,
        label=label,
        run_id=run.info.run_id,
        status=run.info.status,
        final_loss=metrics.get(names.FINAL_LOSS),
        final_accuracy=metrics.get(names.FINAL_ACCURACY, metrics.get("accuracy")),
        epochs=None if epochs is None else int(epochs),
        target_epoch=None if target is None else int(target),
        failure=tags.get(names.FAILURE),
    )


def usable(run) -> bool:
    """A run the report can stand on: FINISHED, or FAILED by diverging (that too is a result,
    and training it again would diverge again)."""
    if run.info.status == names.FINISHED:
        return True
    return run.info.status == names.FAILED and run.data.tags.get(names.FAILURE, "").startswith(DIVERGED)
