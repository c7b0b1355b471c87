"""One module per `bp` command; each validates its options, calls the library, reports."""
