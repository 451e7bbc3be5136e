"""The public transparency portal: static pages, feeds and open data built from dkbm's data."""
