"""Fails at the bottom of a recursion: the same function is on the stack three times."""


def walk(node, depth):
    if depth == 0:
        raise LookupError(f"no leaf under {node}")
    return walk(node + "/child", depth - 1)


walk("root", 2)
