"""The start pauses the cyclic garbage collector and always resumes it.

(The checks that pinned which modules a start imports, PyYAML, hashlib, TinyDB, are gone:
they pinned an implementation trick, not a behaviour.)
"""

from __future__ import annotations

import gc
import threading

import pytest

from reader.cli.launch import pause_collector
from reader.core.errors import UserError


def test_collector_paused_for_the_start_and_resumed():
    assert gc.isenabled()
    resume = pause_collector(60.0)
    assert not gc.isenabled()
    resume()
    assert gc.isenabled()
    pause_collector(0.01)
    assert not gc.isenabled()
    for thread in threading.enumerate():  # the timer resumes it if nothing else does
        if thread.name == "newsdesk-gc-resume":
            thread.join()
    assert gc.isenabled()


def test_collector_left_alone_when_already_paused():
    gc.disable()
    try:
        pause_collector(0.01)()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_start_that_stops_on_a_mistake_resumes_the_collector(tmp_path):
    from reader.cli.launch import run_app
    from reader.cli.main import app_parser

    args = app_parser().parse_args([str(tmp_path / "missing")])
    with pytest.raises(UserError):
        run_app(args)
    assert gc.isenabled()
