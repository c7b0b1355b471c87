"""`bp --help`, `bp sweep --help` and `bp report --help` load neither joblib nor Dask (nor
mlflow, nor matplotlib): the parallel machinery is imported when a sweep runs."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("mlflow", "matplotlib", "joblib", "distributed", "dask")
PROBE = """
import json, sys
sys.argv = ["bp", *{args!r}]
try:
    from bp.main import main
    main()
except SystemExit:
    pass
print(json.dumps(sorted({{name.split(".")[0] for name in sys.modules}} & set({heavy!r}))))
"""


@pytest.mark.parametrize("args", [["--help"], ["sweep", "--help"], ["report", "--help"]])
def test_help_loads_no_parallel_machinery(tmp_path, args):
    code = PROBE.format(args=args, heavy=HEAVY)
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    *help_text, loaded = run.stdout.strip().splitlines()
    assert "Usage" in "\n".join(help_text)  # the help was printed: the probe did run the CLI
    assert json.loads(loaded) == []
