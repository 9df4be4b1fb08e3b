"""Fails with a chained exception: a ValueError, then a RuntimeError raised from it."""


class Parser:
    def parse(self, text):
        return int(text)


def load(text):
    try:
        return Parser().parse(text)
    except ValueError as exc:
        raise RuntimeError(f"cannot load {text!r}") from exc


def main():
    load("x")


main()
