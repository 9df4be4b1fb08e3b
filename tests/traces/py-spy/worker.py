"""A program that waits in a method of a class, for `py-spy dump` to catch it there."""

import threading
import time


class Worker:
    def wait(self, seconds: float) -> None:
        time.sleep(seconds)


def background() -> None:
    Worker().wait(30)


def main() -> None:
    threading.Thread(target=background, name="background", daemon=True).start()
    Worker().wait(30)


main()
