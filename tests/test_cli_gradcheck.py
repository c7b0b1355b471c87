"""`bp gradcheck` passes on a correct backward and fails, exit 1, on a broken one."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from backprop.activations import ACTIVATIONS, Activation
from bp.main import app


@pytest.fixture(autouse=True)
def in_temporary_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def invoke(*args: str):
    return CliRunner().invoke(app, ["gradcheck", *args])


def test_the_default_network_passes():
    result = invoke()  # 2-100-100-1 on XOR: about 10,600 entries, each two forward passes
    assert result.exit_code == 0, result.output
    rows = [line.split() for line in result.stdout.splitlines() if re.match(r"^[Wb]\d ", line)]
    assert [row[0] for row in rows] == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert [row[1] for row in rows] == ["2x100", "1x100", "100x100", "1x100", "100x1", "1x1"]
    assert all(row[-1] == "ok" for row in rows)
    assert "all 6 parameters agree" in result.stdout


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_other_activations_pass_with_jittered_biases(activation):
    result = invoke("--hidden", "6,5", "--activation", activation, "--loss", "bce", "--l2", "0.1")
    assert result.exit_code == 0, result.output


def test_a_broken_backward_fails(monkeypatch):
    sigmoid = ACTIVATIONS["sigmoid"]
    broken = Activation("sigmoid", sigmoid.forward, lambda z, a: a)  # forgot the (1 - a)
    monkeypatch.setitem(ACTIVATIONS, "sigmoid", broken)
    result = invoke("--hidden", "6,5")
    assert result.exit_code == 1
    assert "FAIL" in result.stdout
    assert re.fullmatch(r"Error: backpropagation disagrees with finite differences: .*\n", result.stderr)


def test_bad_option_is_a_usage_error():
    result = invoke("--activation", "softmax")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --activation")
