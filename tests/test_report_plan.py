"""The report's plan and its measured conclusions, without a store."""

from __future__ import annotations

from backprop.config import TrainConfig
from labreport.collect import missing
from labreport.conclusions import fastest, learned, spread
from labreport.outcomes import Outcome
from labreport.plan import DEFAULT_PLAN, LAB
from labreport.text import group_title


def made(label: str, target: int | None, accuracy: float = 1.0, epochs: int = 10_000, status: str = "FINISHED",
         failure: str | None = None) -> Outcome:  # fmt: skip
    return Outcome(TrainConfig(), label, "0" * 32, status, 0.1, accuracy, target or epochs, target, failure)


def test_the_default_plan_covers_the_seed_report_and_shares_runs():
    keys = [experiment.key for experiment in DEFAULT_PLAN]
    assert keys == ["3", "4A", "4B", "4C", "4D", "5A", "5B"]
    wanted = [config for experiment in DEFAULT_PLAN for config in experiment.configs()]
    assert len(set(wanted)) == 40 < len(wanted)  # the lab's own setup appears in most experiments
    # Each config is trained once, for the first experiment that wants it.
    owned = missing(DEFAULT_PLAN, done={})
    assert sum(len(configs) for _, configs in owned) == 40
    assert owned[0][1] == [LAB.replace(dataset="linear"), LAB.replace(dataset="xor")]
    assert missing(DEFAULT_PLAN, done={c: object() for c in wanted}) == []


def test_group_titles_name_what_the_bases_differ_in_beyond_the_dataset():
    bases = (LAB.replace(dataset="linear", lr=0.001), LAB.replace(dataset="xor"))
    assert group_title(bases[0], bases) == "Linear, lr 0.001"
    assert group_title(bases[1], bases, varied="lr") == "XOR"


def test_fastest_orders_by_epoch_shares_ties_and_names_the_rest():
    (line,) = fastest([("XOR", [made("lr=0.1", 50), made("lr=0.01", 1655), made("lr=0.001", None, 0.9048),
                                made("adam", 50), made("huge", None, 0.5, 6, "FAILED", "training diverged at epoch 7")])])  # fmt: skip
    assert line == ("**XOR**: `lr=0.1` and `adam` reached 100% first, at epoch 50; then `lr=0.01` at 1,655; "
                    "`lr=0.001` did not reach it in 10,000 epochs (ended at 90.48%); `huge` diverged (epoch 7).")  # fmt: skip


def test_learned_and_spread_say_what_was_measured():
    (line,) = learned([("XOR", [made("activation=none", None, 0.5238), made("activation=sigmoid", 1655)])])
    assert line == ("**XOR**: `activation=none` did not (52.38% after 10,000 epochs); "
                    "`activation=sigmoid` learned it (100% at epoch 1,655).")  # fmt: skip
    (line,) = spread([("Linear", [made("seed=0", 88), made("seed=1", 28), made("seed=4", 674)])])
    assert line.startswith("**Linear**: 3 of 3 reached 100%, after 28 (`seed=1`) to 674 epochs (`seed=4`), median 88")
    assert "24.1 times as many epochs" in line
