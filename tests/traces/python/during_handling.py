"""Fails while handling a first failure: "During handling of the above exception"."""


def cleanup(path):
    raise OSError(f"cannot remove {path}")


def save(path):
    try:
        {}["missing"]
    except KeyError:
        cleanup(path)


save("/tmp/out.json")
