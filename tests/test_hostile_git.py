"""Revisions and commit ids that end in a newline: `git cat-file --batch-command` reads one
command a line, so a newline in a revision would end the command early and the next
answer would belong to another question. Python's `$` matches before a final newline;
the checks must not."""

from __future__ import annotations

from pathlib import Path

import pytest
from stacktour.sources.files import GitSource, SourceError

from .gitrepo import make_repo


def test_a_final_newline_is_no_revision(tmp_path: Path) -> None:
    work, ids = make_repo(tmp_path, [{"a.py": "x = 1\n"}])
    source = GitSource(work)
    try:
        with pytest.raises(SourceError, match="is not a commit, branch or tag name"):
            source.resolve("v1\n")
        with pytest.raises(SourceError, match="is not a commit id"):
            source.read(ids[0] + "\n", "a.py")
        # The process still answers in step.
        assert source.resolve("v1") == ids[0]
        assert source.read(ids[0], "a.py") == b"x = 1\n"
    finally:
        source.close()
