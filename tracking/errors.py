"""The one error tracking raises for a store it cannot use (one line, saying why)."""


class StoreError(RuntimeError):
    """The store cannot be used; the message is one line saying why."""


def store_errors() -> tuple[type[BaseException], ...]:
    """The errors that mean the store failed: StoreError and MLflow's own exceptions.

    For `except store_errors():` outside `tracking`, which must not import mlflow itself
    (the expression is evaluated only when an exception is on its way through).
    """
    from mlflow.exceptions import MlflowException

    return (StoreError, MlflowException)


def first_line(error: BaseException) -> str:
    """An error as one line: its message's first line, or its type's name."""
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]
