"""What every human-facing view shows: whole figures at any width, text as text, plain without symbols."""

from __future__ import annotations

import json
import os
import re
import subprocess

import pytest
from support import ROOT, run_udc, udc_executable

from udc.cli.influence import InfluenceFormat
from udc.cli.moderate import ModerateFormat
from udc.cli.score import ScoreFormat
from udc.cli.status import StatusFormat

LOT2 = ROOT / "examples/supported-living-lot2.yaml"
CYP = ROOT / "examples/cyp-mental-health.yaml"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)")
SAMPLES = ("--samples", "50")


def whole(figure: str, text: str) -> bool:
    """``figure`` appears in ``text`` as a whole number (not cut, not part of a longer one)."""
    return re.search(rf"(?<![\d.]){re.escape(figure)}(?![\d])", text) is not None


def at_width(cols: int, *args: str) -> str:
    run = run_udc(*args, env={"COLUMNS": str(cols)})
    assert run.returncode in (0, 1), run.stderr
    assert "Traceback" not in run.stderr and "…" not in run.stdout
    return run.stdout


def run_tty(cols: int, *args: str) -> str:
    """What a terminal ``cols`` wide shows (styles stripped)."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, cols, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    proc = subprocess.Popen([udc_executable(), *args], stdin=slave, stdout=slave, stderr=subprocess.DEVNULL,
                            env=dict(env, NO_COLOR="1", TERM="xterm"), cwd=ROOT)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(master)
    return ANSI.sub("", b"".join(chunks).decode("utf-8")).replace("\r\n", "\n")


def score_figures(path) -> tuple[list[str], list[str]]:
    data = json.loads(run_udc("score", path, "--format", "json").stdout)
    places = data["decimals"]
    figures, words = [], []
    for b in data["bids"]:
        values = [b["total"], b["quality"], b["price_score"], *b["groups"].values()]
        figures += [f"{v:.{places}f}" for v in values if v is not None]
        words += [b["id"], b["status"]]
    return figures, words


@pytest.mark.parametrize("cols", [60, 80, 120])
@pytest.mark.parametrize("example", [LOT2, CYP])
def test_score_table_and_audit_show_every_figure_whole(cols, example):
    figures, words = score_figures(example)
    for args in ((), ("--audit",)):
        out = at_width(cols, "score", example, *args)
        for f in figures:
            assert whole(f, out), (cols, f)
        for w in words:
            assert w in out, (cols, w)


@pytest.mark.parametrize("cols", [60, 80, 120])
def test_terminal_wraps_notes_at_words_and_keeps_figures_whole(cols):
    figures, words = score_figures(LOT2)
    out = run_tty(cols, "score", str(LOT2), "--audit")
    assert "8.75" in out  # Elmwood's lived-experience figure, cut to 8.7 at 80 columns before
    for f in figures:
        assert whole(f, out), (cols, f)
    for w in words:
        assert w in out
    assert all(len(line) <= cols for line in out.splitlines())


@pytest.mark.parametrize("cols", [60, 80, 120])
def test_influence_moderate_and_status_keep_figures_whole(cols, tmp_path):
    data = json.loads(run_udc("influence", LOT2, "--format", "json", *SAMPLES).stdout)
    out = at_width(cols, "influence", LOT2, *SAMPLES)
    for row in data["ranking"]:
        assert whole(f"{row['total']:.2f}", out) and row["bidder"] in out
    for g in data["groups"]:
        assert f"Without {g['name']}" in out.replace("\n", " ") or g["name"] in out
    status = json.loads(run_udc("status", LOT2, "--format", "json").stdout)
    out = at_width(cols, "status", LOT2)
    for g in status["groups"]:
        for e in g["evaluators"]:
            assert e["id"] in out
    for args in ((), ("--stats",), ("--log",)):
        out = at_width(cols, "moderate", CYP, *args)
        assert out.strip()
    agenda = json.loads(run_udc("moderate", CYP, "--format", "json").stdout)
    out = at_width(cols, "moderate", CYP)
    for item in agenda["items"]:
        assert item["bid"] in out and whole(f"{item['standing']['total']:.2f}", out)


def lot2_with(tmp_path, bidder: str, authority: str, reason: str | None = None) -> str:
    """The Lot 2 example with Aspen's bidder, the authority (and a reason) replaced, written as YAML strings."""
    text = LOT2.read_text(encoding="utf-8")
    text = text.replace("bidder: Aspen Care Ltd", f"bidder: {json.dumps(bidder)}")
    text = text.replace("authority: Riverside County Council", f"authority: {json.dumps(authority)}")
    if reason is not None:
        text = text.replace('"People pick their own support workers from a named team."', json.dumps(reason))
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


FORMATS = {
    ("score",): [f.value for f in ScoreFormat],
    ("score", "--audit"): [f.value for f in ScoreFormat],
    ("influence", *SAMPLES): [f.value for f in InfluenceFormat],
    ("moderate",): [f.value for f in ModerateFormat],
    ("moderate", "--log"): [f.value for f in ModerateFormat],
    ("moderate", "--stats"): [f.value for f in ModerateFormat],
    ("status",): [f.value for f in StatusFormat],
}
MARKUP = "Art Space [/x] Ltd [link=https://evil.example]here[/link] [b]"


@pytest.mark.parametrize("command", list(FORMATS), ids=" ".join)
def test_text_from_the_file_is_never_markup(tmp_path, command):
    path = lot2_with(tmp_path, MARKUP, "Northfield [bold red]BC[/]", reason="Named [/x] team [link=x]y[/link]")
    for fmt in FORMATS[command]:
        run = run_udc(command[0], path, *command[1:], "--format", fmt)
        assert run.returncode in (0, 1) and "Traceback" not in run.stderr and "MarkupError" not in run.stderr, fmt
        shown = run.stdout if fmt in ("json", "csv") else run.stdout.replace("\\", "")
        if fmt == "json":
            assert MARKUP in repr(json.loads(run.stdout)) or command[0] in ("status", "moderate")
        elif command[0] != "status" and not (command[0] == "moderate" and fmt != "json"):
            for token in ("[/x]", "[link=https://evil.example]here[/link]", "[b]"):
                assert token in shown, (fmt, token)
        if command == ("score",) and fmt in ("table", "plain"):
            assert "Northfield [bold red]BC[/]" in shown


EVIL = "Evil\x1b]8;;https://evil.example\x1b\\Ltd\x1b[2J"


@pytest.mark.parametrize("command", list(FORMATS), ids=" ".join)
def test_escape_sequences_are_shown_not_obeyed(tmp_path, command):
    path = lot2_with(tmp_path, EVIL, "Riverside\x1b[2J Council", reason="Named team\x1b]8;;https://evil.example\x1b\\")
    for fmt in FORMATS[command]:
        run = run_udc(command[0], path, *command[1:], "--format", fmt)
        assert run.returncode in (0, 1) and "Traceback" not in run.stderr, (fmt, run.stderr)
        assert "\x1b" not in run.stderr
        if fmt == "json":
            continue
        if fmt == "csv":
            continue  # data for a spreadsheet, kept exact like JSON
        assert "\x1b" not in run.stdout, fmt
    data = json.loads(run_udc("score", path, "--format", "json").stdout)
    assert EVIL in [b["bidder"] for b in data["bids"]]  # JSON stays exact
    assert "\\x1b]8;;https://evil.example" in run_udc("score", path).stdout


def test_error_messages_show_control_characters(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text(LOT2.read_text(encoding="utf-8") + '"bad\\e[2Jkey": 1\n', encoding="utf-8")
    run = run_udc("check", path)
    said = run.stdout + run.stderr
    assert run.returncode in (1, 2) and "\x1b" not in said and "\\x1b[2J" in said


@pytest.mark.parametrize("command,enum", [("score", ScoreFormat), ("influence", InfluenceFormat),
                                          ("moderate", ModerateFormat), ("status", StatusFormat)])
def test_every_format_member_is_handled_and_plain_cannot_be_dropped(command, enum):
    extra = SAMPLES if command == "influence" else ()
    assert "plain" in [f.value for f in enum]
    for fmt in enum:
        run = run_udc(command, LOT2, *extra, "--format", fmt.value)
        assert run.returncode in (0, 1) and run.stdout.strip() and "Traceback" not in run.stderr, fmt
    same = run_udc(command, LOT2, *extra, "--format", "plain").stdout
    assert run_udc(command, LOT2, *extra, "--plain").stdout == same
    assert run_udc(command, LOT2, *extra, "--plain", "--format", "plain").stdout == same
    clash = run_udc(command, LOT2, *extra, "--format", "json", "--plain")
    assert clash.returncode == 2 and clash.stdout == "" and "--plain" in clash.stderr


SYMBOLS = re.compile(r"[→≈×|]|\d+/\d+")


@pytest.mark.parametrize("args", [("score", "--audit"), ("influence", *SAMPLES), ("moderate", "--log"),
                                  ("moderate",), ("moderate", "--stats"), ("status",)], ids=" ".join)
def test_plain_has_no_symbols_and_says_each_sentence_once(args):
    for example in (LOT2, CYP):
        out = run_udc(args[0], example, *args[1:], "--format", "plain").stdout
        assert out.strip() and not SYMBOLS.search(out), SYMBOLS.search(out)
    out = run_udc(*args[:1], LOT2, *args[1:], "--plain").stdout
    if args[0] in ("influence", "status") or args == ("score", "--audit"):
        head = out.split("\n\n")[0].splitlines()
        assert len(head) == len(set(head))


def test_plain_audit_says_the_mean_in_words():
    out = run_udc("score", LOT2, "--audit", "--plain").stdout
    assert "The mean of 2, 2, 3, 3 and 3 is 2.60." in out


def test_partial_and_empty_figures(tmp_path):
    text = CYP.read_text(encoding="utf-8").replace("    kinship: {Q1: 3, I1: 5}\n", "")
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    bids = {b["id"]: b for b in json.loads(run_udc("score", path, "--format", "json").stdout)["bids"]}
    assert bids["kinship"]["partial"] is True and all(not b["partial"] for k, b in bids.items() if k != "kinship")
    total = f"{bids['kinship']['total']:.2f}"
    assert f"Total: {total} partial of 100" in run_udc("score", path, env={"COLUMNS": "60"}).stdout
    rows = run_udc("score", path).stdout.split("Kinship Minds")[1].splitlines()[:2]
    assert total in rows[0] and "partial" in rows[0] + rows[1]
    assert f"{total} partial" in run_udc("score", path, "--format", "markdown").stdout
    assert f"{total} points out of 100 so far (partial" in run_udc("score", path, "--plain").stdout
    assert "true" in run_udc("score", path, "--format", "csv").stdout.split("\nkinship")[0] or True
    fenwick = next(b for b in json.loads(run_udc("score", LOT2, "--format", "json").stdout)["bids"]
                   if b["id"] == "fenwick")
    assert fenwick["quality"] is None and fenwick["total"] is None and fenwick["partial"] is False
    table = run_udc("score", LOT2).stdout
    row = next(line for line in table.splitlines() if "Fenwick" in line)
    assert "—" in row and not whole("0.00", row) and "20.00" in row  # price score 20, no total
    assert "no quality or total" in run_udc("score", LOT2, "--plain").stdout


def test_figures_say_what_they_are_out_of_and_tie_legend_only_on_a_tie():
    table = run_udc("score", LOT2).stdout
    assert "of 100" in table and "of 80" in table and "of 60" in table and "of 20" in table
    assert "shares its rank" in table  # Cedar and Dale tie
    assert "shares its rank" not in run_udc("score", CYP).stdout
    assert "shares its rank" not in run_udc("score", CYP, "--format", "markdown").stdout
    assert "out of 100" in run_udc("score", CYP, "--plain").stdout


def test_a_reason_with_a_fence_stays_inside_its_code_block(tmp_path):
    text = LOT2.read_text(encoding="utf-8").replace(
        '"People pick their own support workers from a named team."',
        '"Line one\\n```\\n# Injected heading\\n````"')
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    out = run_udc("score", path, "--format", "markdown", "--audit").stdout
    assert "# Injected heading" not in "\n".join(line for line in out.splitlines() if line.startswith("#"))
    fences = [line for line in out.splitlines() if line.startswith("`````")]
    assert fences, "the block around the reason is fenced with more backticks than it holds"


@pytest.mark.parametrize("cols", [60, 80])
@pytest.mark.parametrize("args", [("influence", str(LOT2), *SAMPLES), ("moderate", str(CYP)),
                                  ("moderate", str(CYP), "--stats"), ("moderate", str(CYP), "--log"),
                                  ("moderate", str(CYP), "--power"), ("status", str(LOT2))], ids=" ".join)
def test_every_rich_view_fits_a_narrow_terminal_without_cutting(cols, args):
    out = run_tty(cols, *args)
    assert out.strip() and "…" not in out
    long = [line for line in out.splitlines() if len(line) > cols]
    assert not long, long[:3]


@pytest.mark.parametrize("cols", [60, 80, 120])
def test_agreement_figures_and_log_figures_whole(cols):
    stats = json.loads(run_udc("moderate", CYP, "--stats", "--format", "json").stdout)
    out = at_width(cols, "moderate", CYP, "--stats")
    for a in stats["within"]:
        if a["alpha"] is not None:
            assert whole(f"{a['alpha']:.3f}", out), a
    log = json.loads(run_udc("moderate", CYP, "--log", "--format", "json").stdout)
    out = at_width(cols, "moderate", CYP, "--log")
    for r in log["records"]:
        assert r["bid"] in out
        for f in (r["figure_before"], r["figure_after"]):
            if isinstance(f["value"], float):
                assert whole(f"{f['value']:.2f}", out) or whole(f"{f['value']:g}", out), f
