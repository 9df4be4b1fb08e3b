"""Totals a cart given on the command line and fails on a negative quantity."""

import sys


class Cart:
    def __init__(self) -> None:
        self.items: list[tuple[str, int]] = []

    def add(self, name: str, quantity: int) -> None:
        if quantity < 0:
            raise ValueError(f"quantity of {name} is negative")
        self.items.append((name, quantity))


def main(args: list[str]) -> None:
    cart = Cart()
    for arg in args:
        name, _, quantity = arg.partition("=")
        cart.add(name, int(quantity))
    print(f"{len(cart.items)} item(s)")


if __name__ == "__main__":
    main(sys.argv[1:])
