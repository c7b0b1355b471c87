"""`bp gradcheck`: compare backpropagation with central differences, parameter by parameter."""

from __future__ import annotations

from typing import Annotated

import typer

from bp.errors import Failure
from bp.options import config_options


@config_options()
def gradcheck(
    settings,
    tolerance: Annotated[float, typer.Option(min=0, help="Largest relative error accepted.")] = 1e-6,
    eps: Annotated[float, typer.Option(min=1e-12, help="Step of the central differences.")] = 1e-5,
    zero_biases: Annotated[
        bool, typer.Option(help="Keep the initial zero biases (ReLU units may then sit on their kink at 0).")
    ] = False,
):
    """Check the backpropagated gradient of every parameter against central differences.

    Uses the network and data of the given configuration at its initial weights, the
    biases drawn from N(0, 0.1^2) unless --zero-biases; prints each parameter's
    relative error ||g_backprop - g_numeric|| / (||g_backprop|| + ||g_numeric||) and
    exits 1 when one is above the tolerance.
    """
    from backprop.data import random_streams
    from backprop.gradcheck import check_gradients, jitter_biases
    from backprop.training import build_model
    from bp.options import build_config
    from bp.run import load_points

    config = build_config(settings)
    X, y = load_points(config)
    model = build_model(config)
    if not zero_biases:
        jitter_biases(model, random_streams(config.seed)["shuffle"])
    typer.echo(f"{config.label}, loss {config.loss}, l2 {config.l2:g}: {len(X)} points, eps {eps:g}")
    typer.echo(f"{'parameter':<10}{'shape':<10}{'relative error':>16}{'max |difference|':>18}{'max |gradient|':>16}")
    checks = check_gradients(model, X, y, config.loss, config.l2, eps)
    for check in checks:
        verdict = "ok" if check.relative_error <= tolerance else "FAIL"
        shape = "x".join(map(str, check.shape))
        typer.echo(
            f"{check.name:<10}{shape:<10}{check.relative_error:>16.2e}"
            f"{check.max_abs_difference:>18.2e}{check.max_abs_gradient:>16.3g}  {verdict}"
        )
    worst = max(check.relative_error for check in checks)
    if worst > tolerance:
        raise Failure(f"backpropagation disagrees with finite differences: relative error {worst:.2e} > {tolerance:g}")
    typer.echo(f"all {len(checks)} parameters agree with finite differences (largest relative error {worst:.2e})")
