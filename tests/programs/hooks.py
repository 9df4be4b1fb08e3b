"""Decode JSON with an object hook: the standard library calls back into this program."""

import json
import sys


class Decoder:
    def __init__(self) -> None:
        self.seen = 0

    def hook(self, obj: dict) -> dict:
        self.seen += 1
        return obj


def main(text: str) -> None:
    decoder = Decoder()
    json.loads(text, object_hook=decoder.hook)
    print(f"decoded {decoder.seen} object(s)")


main(sys.argv[1])
