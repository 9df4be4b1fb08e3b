"""Render a small Jinja2 template and print it; exits with the status given as argument 2."""

import sys

from jinja2 import Environment


def render(name: str) -> str:
    env = Environment()
    template = env.from_string("Hello {{ name }}!{% for i in range(2) %} {{ i }}{% endfor %}")
    return template.render(name=name)


if __name__ == "__main__":
    print(render(sys.argv[1] if len(sys.argv) > 1 else "world"))
    sys.exit(int(sys.argv[2]) if len(sys.argv) > 2 else 0)
