"""The command line: thin typer wrappers that parse arguments and pick a view.

This module is the console script's entry point, so it imports nothing heavy:
:func:`main` installs the Ctrl-C handling before typer, pydantic or any command
is imported, so an interrupt at any moment ends with one line and exit status 130.
"""

from __future__ import annotations

import signal
import sys

INTERRUPTED = 130  # 128 + SIGINT, what shells report for Ctrl-C


class Interrupted(BaseException):
    """Ctrl-C. A BaseException so that no ``except Exception`` (typer's, click's, ours) swallows it,
    while ``finally`` blocks (temporary files of atomic writes) still run."""


_done = False
_interrupted = False  # Ctrl-C was pressed, whether or not the Interrupted raised for it got through


def _on_sigint(signum, frame) -> None:
    global _interrupted
    if _done:  # the command has finished: nothing left to protect
        import os

        os._exit(INTERRUPTED)
    _interrupted = True
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not interrupt the clean-up
    if hasattr(signal, "setitimer"):  # not on Windows: there the end of main() is the only check
        signal.signal(signal.SIGALRM, _again)
        signal.setitimer(signal.ITIMER_REAL, _AGAIN, _AGAIN)
    if not _in_pydantic(frame):
        raise Interrupted


_AGAIN = 0.1  # seconds


def _again(signum, frame) -> None:
    """Raise Interrupted again, every 0.1 s, until main() has it.

    Python ignores an exception raised where a signal handler happens to run inside a weakref
    callback or a finaliser (the import system has such callbacks), and some C code clears it;
    the command would then go on as if Ctrl-C had not been pressed.
    """
    if not _done and (frame is None or frame.f_code not in _STOPPING) and not _in_pydantic(frame):
        raise Interrupted


_FRAGILE = ("pydantic", "pydantic_core")


def _in_pydantic(frame) -> bool:
    """Whether pydantic is at work below ``frame``: then Interrupted waits for the next 0.1 s.

    pydantic-core calls back into Python while it builds a validator (when a model class is made,
    typer's parameters parsed, or a deferred model first used) and cannot take an exception there:
    it reports it as a SchemaError, or panics and prints a Rust stack trace. Raising once pydantic
    has returned costs at most the time of one validation (under a second on a framework round).
    """
    while frame is not None:
        if frame.f_globals.get("__name__", "").partition(".")[0] in _FRAGILE:
            return True
        frame = frame.f_back
    return False


def _unraisable(unraisable) -> None:
    """After Ctrl-C, say nothing of exceptions Python cannot raise (its ``Exception ignored in: ...`` and a
    traceback): the Interrupted, or what C code made of it, landed in a finaliser or a callback, and the
    command ends as interrupted anyway. Before Ctrl-C, Python's own report."""
    if not _interrupted:
        sys.__unraisablehook__(unraisable)


def _quiet() -> None:
    if _interrupted and hasattr(signal, "setitimer"):
        signal.setitimer(signal.ITIMER_REAL, 0)


def _stop() -> SystemExit:
    _quiet()
    sys.stderr.write("udc: interrupted (Ctrl-C)\n")
    sys.stderr.flush()
    return SystemExit(INTERRUPTED)


def main() -> None:
    """The ``udc`` console script."""
    global _done
    sys.unraisablehook = _unraisable
    signal.signal(signal.SIGINT, _on_sigint)
    try:
        # A command is a short-lived process that builds one large acyclic tree
        # (the YAML nodes, the models, the result). The cyclic garbage collector
        # would walk that tree again and again for nothing: on the 64,000-score
        # benchmark it costs about a third of the run (docs/performance.md).
        # Reference counting still frees everything as usual.
        import gc

        gc.disable()
        # pydantic plugins (packages that register the "pydantic" entry point, such as tracing
        # tools) are handed every value a model validates: here, a round's scores and reasons.
        # A round that came by email is not theirs to see, and looking for them reads every
        # installed package's metadata (about 2.5 ms of a 150 ms `udc check`). A program that
        # imports udc as a library keeps its own choice; the udc command makes this one.
        import os

        os.environ["PYDANTIC_DISABLE_PLUGINS"] = "1"
        from udc.cli.app import app

        app()
    except Interrupted:
        raise _stop() from None
    except BaseException:
        # After Ctrl-C, whatever ends the command ends it as interrupted:
        # - Python ignores an exception raised where the signal handler happened to run inside a
        #   weakref callback or a finaliser (the import system has such callbacks), and some C code
        #   clears it: the command then goes on to its end (SystemExit, exit 0);
        # - C code that calls back into Python can wrap it in an error of its own: pydantic-core
        #   building a model's validator reports it as a SchemaError, which would print a traceback.
        if _interrupted:
            raise _stop() from None
        raise
    else:
        if _interrupted:
            raise _stop()
    finally:
        _done = True
        _quiet()


_STOPPING = {main.__code__, _stop.__code__, _quiet.__code__}  # where Interrupted is being handled already


def __getattr__(name: str):
    if name == "app":
        from udc.cli.app import app

        return app
    raise AttributeError(name)


__all__ = ["app", "main"]
