"""Prints what traceback.format_stack() and faulthandler show from inside a method."""

import faulthandler
import sys
import traceback


class Job:
    def step(self, mode):
        if mode == "format_stack":
            sys.stdout.write("".join(traceback.format_stack()))
        elif mode == "faulthandler":
            faulthandler.dump_traceback(all_threads=True)
        else:
            faulthandler._sigsegv()  # a real fatal error: the interpreter dies here


def run(mode):
    Job().step(mode)


run(sys.argv[1])
