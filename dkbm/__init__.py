"""The dkbm application: use cases (one transaction each), read models and the `dkbm` CLI."""
