"""The CLI's entry point: one mapping from failures to exit statuses, help, Ctrl-C, start-up imports."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_exit_statuses_are_chosen_in_one_place():
    """Commands raise typed errors (udc.core.diagnostics); only udc/cli/app.py turns them into exit statuses."""
    sites = []
    for path in sorted((ROOT / "udc").rglob("*.py")):
        if path == ROOT / "udc" / "cli" / "app.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"typer\.Exit\(|sys\.exit\(|raise SystemExit\((?!INTERRUPTED)", line):
                sites.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert sites == []


def test_typed_errors_carry_their_exit_status():
    from udc.core.diagnostics import (
        ERROR,
        CannotWrite,
        Diagnostic,
        EditRefused,
        RuleViolation,
        UnreadableInput,
        UsageError,
    )

    assert [e.exit_code for e in (UnreadableInput, UsageError, CannotWrite, RuleViolation, EditRefused)] == \
        [2, 2, 2, 1, 1]
    d = Diagnostic("r.yaml", 3, 4, ERROR, "bad; expected good")
    error = RuleViolation([d], "udc: 1 error")
    assert error.lines() == ["r.yaml:3:4: error: bad; expected good", "udc: 1 error"]
    assert error.diagnostics == [d]


def test_a_refused_command_prints_its_lines_and_exits_with_its_status(udc, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("x\n", encoding="utf-8")
    done = udc("collect", ROOT / "examples" / "cyp-mental-health.yaml", sheet, "--replace")
    assert done.returncode == 2
    assert "--replace and --why TEXT go together" in done.stderr
    assert "Traceback" not in done.stderr


def commands() -> list[str]:
    """Every command module: a module of udc/cli with a register(app)."""
    return sorted(p.stem for p in (ROOT / "udc" / "cli").glob("*.py")
                  if "\ndef register(" in p.read_text(encoding="utf-8"))


def test_every_command_is_listed_and_loads():
    from udc.cli.app import COMMANDS as listed
    from udc.cli.app import load_command

    assert sorted(listed) == commands()
    for name in listed:
        command = load_command(name)
        assert command.help and listed[name], name


def test_help_names_values_in_words_at_80_columns(udc):
    for name in commands():
        for flag in ("-h", "--help"):
            shown = udc(name, flag, env={"COLUMNS": "80"})
            assert shown.returncode == 0, (name, flag, shown.stderr)
            text = shown.stdout
            assert f"Usage: udc {name} [OPTIONS]" in text
            for typed in ("<list[", "{ROUND}", "range>", "<path>", "<str>", "<int", "Path]"):
                assert typed not in text, (name, typed)
            assert max(map(len, text.splitlines())) <= 80, name
            if name not in ("check", "diff", "merge", "init", "schema"):
                assert "ROUND" in text, name
    assert "ROUND FILE..." in udc("collect", "-h").stdout
    assert "FILE..." in udc("check", "-h").stdout
    samples = " ".join(udc("influence", "-h", env={"COLUMNS": "80"}).stdout.split())
    assert "--samples N" in samples and "from 0 to 1,000,000" in samples and "0 or more" in samples


def test_root_help_and_version_answer_to_short_flags(udc):
    assert udc("-h").returncode == 0 and "Commands:" in udc("-h").stdout
    assert udc("--version").stdout.startswith("udc ")


def test_version_and_help_import_no_command_module():
    import subprocess
    import sys

    for flag in ("--version", "--help"):
        probe = (f"import sys; sys.argv = ['udc', {flag!r}]\n"
                 "from udc.cli import main\n"
                 "try:\n    main()\nexcept SystemExit:\n    pass\n"
                 "loaded = sorted(m for m in sys.modules if m.startswith('udc.') and m.count('.') >= 2)\n"
                 "print(' '.join(loaded))")
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
        loaded = done.stdout.splitlines()[-1].split()
        loaded_commands = [m for m in loaded if m.removeprefix("udc.cli.") in commands()]
        assert loaded_commands == [], flag
        assert not any(m.startswith(("udc.core.model", "udc.core.loader", "udc.views", "udc.analysis"))
                       for m in loaded), (flag, loaded)


def test_ctrl_c_at_any_moment_exits_130_with_one_line(tmp_path, udc_path):
    """SIGINT at several delays: during imports, while loading, while computing. (The first few
    milliseconds belong to the interpreter's own start-up, before any udc code can run.)"""
    import signal
    import subprocess
    import sys
    import time

    big = tmp_path / "big.yaml"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--bids", "40", "--criteria", "20",
                    "--evaluators", "10", "-o", str(big)], check=True, capture_output=True)
    for delay in (0.15, 0.25, 0.4, 0.6, 0.9, 1.3):
        for attempt in range(3):
            process = subprocess.Popen([udc_path, "influence", str(big), "--samples", "1000000"],
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            time.sleep(delay * (attempt + 1))
            process.send_signal(signal.SIGINT)
            out, err = process.communicate(timeout=60)
            if not still_starting_python(process.returncode, err):
                break
        assert process.returncode == 130, (delay, err[-2000:])
        # one line of text (rich 13.0's progress display, switched off on a pipe, may still end a line first)
        assert [line for line in err.splitlines() if line.strip()] == ["udc: interrupted (Ctrl-C)"], delay
        assert out == ""


def still_starting_python(returncode: int, err: str) -> bool:
    """On a busy machine the interpreter's own start (site, the console script's first line) can outlast
    the delay: that moment is before any udc code exists to handle the signal. Try that delay again, later."""
    return returncode == -2 or ("KeyboardInterrupt" in err
                                and not re.search(r"site-packages|udc/(cli/app|core|views|analysis|workflow)", err))


def test_the_entry_point_stays_a_function_once_the_app_is_loaded():
    """``udc.cli.main`` is the console script. A submodule of the same name used to replace it on
    the package once a command had run, so ``from udc.cli import main; main()`` (bench/run.py,
    ``python -m udc`` after an import) failed with "'module' object is not callable"."""
    import udc.cli
    import udc.cli.app  # noqa: F401

    assert callable(udc.cli.main)



SPY = """
import os
SEEN = os.environ["SPY_LOG"]
class Plugin:
    def new_schema_validator(self, *args, **kwargs):
        with open(SEEN, "a") as log:
            log.write("consulted\\n")
        return None, None, None
plugin = Plugin()
"""


def test_no_pydantic_plugin_sees_a_round(tmp_path):
    """The udc command turns pydantic plugins off: they would be handed every score and reason.
    The spy is installed the documented way, as a package with a "pydantic" entry point."""
    import os
    import subprocess
    import sys

    (tmp_path / "spy.py").write_text(SPY)
    info = tmp_path / "spy-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: spy\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[pydantic]\nspy = spy:plugin\n")
    log = tmp_path / "seen.log"
    env = dict(os.environ, PYTHONPATH=str(tmp_path), SPY_LOG=str(log))
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)
    probe = "import pydantic\nclass M(pydantic.BaseModel):\n    x: int\nM(x=1)\n"
    subprocess.run([sys.executable, "-c", probe], env=env, check=True, timeout=60)
    assert log.read_text() == "consulted\n"  # the spy works: pydantic consults it outside udc
    log.unlink()
    done = subprocess.run([sys.executable, "-m", "udc", "check", str(ROOT / "examples" / "cyp-mental-health.yaml")],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert not log.exists()


def run_fake_command(app_code: str):
    """``udc`` run through its entry point with ``app_code`` (which defines ``app()``) as the command."""
    import subprocess
    import sys

    script = ("import os, signal, sys, time, types, weakref\n" + app_code
              + "fake = types.ModuleType('udc.cli.app')\nfake.app = app\nsys.modules['udc.cli.app'] = fake\n"
                "sys.argv = ['udc']\nfrom udc.cli import main\nmain()\n")
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)


SWALLOWED = """
class Thing:
    pass
def app():
    thing = Thing()
    ref = weakref.ref(thing, lambda _: os.kill(os.getpid(), signal.SIGINT) or None)
    del thing  # the callback sends Ctrl-C; the handler runs inside it, where Python ignores exceptions
    print("went on", ref() is None)
"""


def test_ctrl_c_whose_exception_python_ignored_still_exits_130():
    """The handler's exception can land where Python ignores it (a weakref callback of the import
    system, a finaliser): seen in CI at the lowest versions, where the command then ended with 0."""
    done = run_fake_command(SWALLOWED)
    assert "went on True" in done.stdout  # the exception was indeed ignored and the command went on
    assert done.returncode == 130, done.stderr
    # and only the one line: not Python's "Exception ignored in: ..." report with its traceback (seen in CI)
    assert done.stderr.splitlines() == ["udc: interrupted (Ctrl-C)"]


WRAPPED = """
def app():
    try:  # as pydantic-core does while it builds a validator: whatever Python raises, it reports as its own error
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(1)
    except BaseException as error:
        raise RuntimeError("Error building validator: 1.5 points for BrightPath") from error
    print("went on")
"""


def test_ctrl_c_wrapped_in_another_error_still_exits_130_with_one_line():
    """Seen in CI at the lowest versions: Ctrl-C while pydantic-core built a model's validator came out as
    a SchemaError with a traceback and exit status 1."""
    done = run_fake_command(WRAPPED)
    assert (done.returncode, done.stdout) == (130, ""), done.stderr
    assert done.stderr.splitlines() == ["udc: interrupted (Ctrl-C)"]


INSIDE_PYDANTIC = """
building = {"__name__": "pydantic._internal._model_construction", "os": os, "signal": signal, "time": time}
exec(
    "def build(ticks):\\n"
    "    os.kill(os.getpid(), signal.SIGINT)\\n"
    "    end = time.monotonic() + 0.35\\n"
    "    while time.monotonic() < end:\\n"  # three ticks of the 0.1 s timer
    "        ticks.append(1)\\n", building)
def app():
    try:
        building["build"]([])  # as if pydantic's own code were running when Ctrl-C came
    except BaseException as error:
        print("raised inside pydantic:", type(error).__name__)
        raise
    print("pydantic finished undisturbed", flush=True)
    time.sleep(5)  # Ctrl-C now arrives
    print("went on")
"""


def test_ctrl_c_waits_until_pydantic_is_done():
    """pydantic-core cannot take an exception in the Python it calls while building a validator: at the
    lowest versions it panicked (a Rust stack trace on standard error). Ctrl-C waits for pydantic to return."""
    done = run_fake_command(INSIDE_PYDANTIC)
    assert (done.returncode, done.stdout) == (130, "pydantic finished undisturbed\n"), done.stderr
    assert done.stderr.splitlines() == ["udc: interrupted (Ctrl-C)"]
