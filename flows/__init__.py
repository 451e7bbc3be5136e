"""What runs: Prefect flows and tasks that call the same use cases as the CLI.

Importing this package imports Prefect; read-only CLI commands never do.
"""
