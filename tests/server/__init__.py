# A package so the test modules can import the server helpers beside them with relative imports.
