"""The `bp` command-line interface (see bp.main)."""
