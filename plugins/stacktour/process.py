"""Run an outside program (`dot`, and git for the sources) so that it cannot outlive its
time limit: on timeout its whole process group is killed, not only the direct child.

A wrapper script (a `dot` shim, a git helper) may start children of its own; killing the
wrapper alone leaves them running and holding its pipes open, and reading those pipes
then waits for ever. Started in a session of its own, the program and everything it
starts share one process group, which is killed as a whole.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess


def run_bounded(
    cmd: list[str], data: bytes, *, timeout: float
) -> subprocess.CompletedProcess[bytes]:
    """Run `cmd` with `data` on stdin and capture stdout and stderr.

    Raises OSError when it cannot start, and subprocess.TimeoutExpired when it is still
    running after `timeout` seconds, by which time it and its children have been killed.
    """
    group = os.name == "posix"
    proc = subprocess.Popen(
        cmd,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=group,
    )
    try:
        out, err = proc.communicate(data, timeout=timeout)
    except BaseException:
        kill_group(proc, group)
        raise
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def kill_group(proc: subprocess.Popen[bytes], group: bool) -> None:
    """Kill the process and everything it started, then reap it."""
    if group:
        with contextlib.suppress(OSError):
            os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        proc.kill()
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        if stream is not None:
            with contextlib.suppress(OSError):
                stream.close()
    proc.wait()
