from dkbm.cli import run

run()
