"""What each entry point loads: `backprop` stays pure NumPy, and the CLI loads mlflow and
matplotlib only when a command needs them (`import mlflow` alone takes seconds).

Each check runs in a fresh interpreter and reads `sys.modules` as it exits.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

# Runs bp's main with the given arguments and, at exit, writes the loaded top-level
# packages of interest to the file named by the first argument.
WRAPPER = textwrap.dedent(
    """
    import atexit, json, sys

    WATCHED = ("mlflow", "typer", "matplotlib", "tracking", "backprop", "bp")
    report = sys.argv.pop(1)

    def dump():
        loaded = sorted({name.split(".")[0] for name in sys.modules} & set(WATCHED))
        with open(report, "w") as handle:
            json.dump(loaded, handle)

    atexit.register(dump)
    sys.argv[0] = "bp"
    from bp.main import main
    main()
    """
)


def loaded_by_bp(tmp_path, *args: str) -> set[str]:
    script, report = tmp_path / "wrapper.py", tmp_path / "modules.json"
    script.write_text(WRAPPER)
    run = subprocess.run(
        [sys.executable, str(script), str(report), *args], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    return set(json.loads(report.read_text()))


def test_import_backprop_is_pure_numpy(tmp_path):
    code = (
        "import sys, backprop; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'mlflow', 'typer', 'matplotlib', 'tracking', 'bp'}))"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def test_help_loads_neither_mlflow_nor_matplotlib(tmp_path):
    loaded = loaded_by_bp(tmp_path, "--help")
    assert "bp" in loaded and "typer" in loaded  # the wrapper did run the CLI
    assert not loaded & {"mlflow", "matplotlib"}


def test_python_dash_m_bp_help_works(tmp_path):
    run = subprocess.run([sys.executable, "-m", "bp", "--help"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and "train" in run.stdout


def test_untracked_train_loads_neither_mlflow_nor_matplotlib(tmp_path):
    loaded = loaded_by_bp(tmp_path, "train", "--dataset", "xor", "--hidden", "4", "--epochs", "3", "--quiet")
    assert "backprop" in loaded  # training did happen
    assert not loaded & {"mlflow", "matplotlib"}


def test_figures_load_matplotlib_only_when_asked(tmp_path):
    loaded = loaded_by_bp(tmp_path, "train", "--dataset", "xor", "--hidden", "4", "--epochs", "3", "--quiet",
                          "--out", str(tmp_path / "figures"))
    assert "matplotlib" in loaded  # the check above can see matplotlib when it is there
    assert "mlflow" not in loaded
