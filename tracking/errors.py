"""The one error tracking raises for a store it cannot use (one line, saying why)."""


class StoreError(RuntimeError):
    """The store cannot be used; the message is one line saying why."""
