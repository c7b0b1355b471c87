"""mlflow is loaded only where a run is tracked: never by `backprop`, not on `import tracking`."""

import subprocess
import sys


def loaded_after(statement: str, tmp_path) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return set(run.stdout.split())


def test_backprop_imports_no_mlflow(tmp_path):
    loaded = loaded_after("import backprop, backprop.figures, backprop.training", tmp_path)
    assert "backprop" in loaded
    assert not loaded & {"mlflow", "tracking", "sqlalchemy"}


def test_importing_tracking_defers_mlflow_to_the_first_tracked_call(tmp_path):
    loaded = loaded_after("import tracking, tracking.runs, tracking.store, tracking.names, bp.tracked", tmp_path)
    assert "tracking" in loaded
    assert "mlflow" not in loaded and "matplotlib" not in loaded


def test_backprop_source_has_no_mlflow_import():
    import ast
    from pathlib import Path

    def imported(path):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                yield from (alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                yield node.module.split(".")[0]

    sources = list((Path(__file__).resolve().parents[2] / "backprop").rglob("*.py"))
    assert len(sources) > 5
    assert [p.name for p in sources if {"mlflow", "tracking"} & set(imported(p))] == []
