"""A tiny package run with `python -m shop.checkout`."""
