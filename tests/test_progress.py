"""Progress on stderr: plain lines without a terminal, nothing in quiet mode, and the log file."""

from __future__ import annotations

import io
import stat

from importer.cli import main
from importer.i18n import set_language
from importer.progress import NullProgress
from importer.progress_display import PlainProgress, RichProgress, make_progress

from conftest import MAPPINGS, SAMPLES


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def plain(clock: FakeClock) -> tuple[PlainProgress, io.StringIO]:
    stream = io.StringIO()
    return PlainProgress(stream, clock=clock), stream


def test_quiet_gets_null_display():
    assert isinstance(make_progress(True), NullProgress)


def test_pipe_gets_plain_lines():
    assert isinstance(make_progress(False, io.StringIO()), PlainProgress)


def test_terminal_gets_rich_bar():
    assert isinstance(make_progress(False, FakeTerminal()), RichProgress)


def test_plain_line_every_five_seconds():
    set_language("en")
    clock = FakeClock()
    display, stream = plain(clock)
    display.start("validate", 100_000)
    for _second in range(10):
        clock.now += 1
        display.advance(1200)
    assert stream.getvalue().splitlines() == [
        "validate: 6000/100000 rows, 1200 rows/s",
        "validate: 12000/100000 rows, 1200 rows/s",
    ]


def test_plain_line_without_total():
    set_language("en")
    clock = FakeClock()
    display, stream = plain(clock)
    display.start("send", None)
    clock.now = 5
    display.advance(10)
    assert stream.getvalue() == "send: 10 rows, 2 rows/s\n"


def test_no_line_before_interval():
    clock = FakeClock()
    display, stream = plain(clock)
    display.start("validate", 10)
    clock.now = 4.9
    display.advance(5)
    assert stream.getvalue() == ""


def test_plain_waiting_line():
    set_language("en")
    display, stream = plain(FakeClock())
    display.start("send", 10)
    display.waiting(61.6, "rate limit")
    assert stream.getvalue() == "send: waiting 62 s (rate limit)\n"


def test_plain_finish_line():
    set_language("en")
    clock = FakeClock()
    display, stream = plain(clock)
    display.start("validate", None)
    display.advance(27)
    clock.now = 0.25
    display.finish()
    assert stream.getvalue() == "validate: 27 rows in 0.2 s\n"


def test_rich_countdown_text():
    set_language("en")
    clock = FakeClock()
    display = RichProgress(FakeTerminal(), clock=clock)
    display.waiting(30, "rate limit")
    clock.now = 10.5
    assert display.wait_text() == "waiting 20 s (rate limit)"


def test_rich_countdown_ends():
    clock = FakeClock()
    display = RichProgress(FakeTerminal(), clock=clock)
    display.waiting(5, "retry")
    clock.now = 6
    assert display.wait_text() == ""


def test_rich_bar_draws_rows(tmp_path):
    terminal = FakeTerminal()
    display = RichProgress(terminal)
    display.start("validate", 10)
    display.advance(10)
    display.finish()
    assert "10/10" in terminal.getvalue()


def test_validate_prints_finish_line_without_terminal(capsys):
    main(["--lang", "en", "validate", str(SAMPLES / "clientes.csv"), "-m", str(MAPPINGS / "exemplo.yaml")])
    assert "validate: 27 rows in" in capsys.readouterr().err


def test_validate_quiet_prints_no_progress(capsys):
    main(["--lang", "en", "validate", str(SAMPLES / "clientes.csv"), "-m", str(MAPPINGS / "exemplo.yaml"), "-q"])
    assert "validate:" not in capsys.readouterr().err


def test_log_file_has_rows_and_timestamps(tmp_path):
    log = tmp_path / "import.log"
    main(["validate", str(SAMPLES / "clientes.csv"), "-m", str(MAPPINGS / "exemplo.yaml"), "-q", "--log-file", str(log)])
    text = log.read_text(encoding="utf-8")
    assert " INFO importer.workflows.validate: row " in text
    assert text[:4].isdigit()


def test_log_file_is_private(tmp_path):
    log = tmp_path / "import.log"
    main(["validate", str(SAMPLES / "clientes.csv"), "-m", str(MAPPINGS / "exemplo.yaml"), "-q", "--log-file", str(log)])
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
