"""The program's exit (cli.app.run): it skips the interpreter's teardown, and loses nothing by it.

Every output is complete when the process ends (also into a pipe), the exit codes are the
command's, atexit handlers run, and a thread that is still working is waited for as Python does.
"""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from agreement_gen import __version__
from agreement_gen.cli import main
from conftest import HARTNET, ROOT


def program(*args: str, code: str = "", cwd=None) -> subprocess.CompletedProcess:
    """``python -m agreement_gen ARGS`` (the console script runs the same ``run``), with ``code``
    run first in the same process."""
    script = (f"import sys\n{code}\nsys.argv = ['agreement-gen', *{list(args)!r}]\n"
              "from agreement_gen.cli import run\nrun()\n")
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=cwd or ROOT)


def test_the_whole_output_arrives_through_a_pipe():
    ran = program("explain", str(HARTNET))
    assert ran.returncode == 0, ran.stderr
    expected = CliRunner().invoke(main, ["explain", str(HARTNET)], prog_name="agreement-gen")
    assert ran.stdout == expected.output
    assert len(ran.stdout) > 5000


def test_exit_codes_are_the_commands():
    assert program("--version").returncode == 0
    missing = program("build", "bestaat-niet.yaml", "-o", "x.docx")
    assert missing.returncode == 1 and missing.stderr.startswith("Fout: ")
    wrong = program("build", "--geen-optie")
    assert wrong.returncode == 2 and "geen-optie" in wrong.stderr


def test_a_build_writes_its_file_and_atexit_handlers_run(tmp_path):
    out = tmp_path / "uit.docx"
    ran = program("build", str(HARTNET), "-o", str(out),
                  code="import atexit\natexit.register(lambda: print('opgeruimd', flush=True))")
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.startswith("geschreven: ") and ran.stdout.rstrip().endswith("opgeruimd")
    import docx
    assert docx.Document(str(out)).core_properties.title.startswith("Samenwerkingsovereenkomst Hartnetwerk Noord")


def test_a_thread_still_working_is_waited_for():
    code = ("import threading, time\n"
            "threading.Thread(target=lambda: (time.sleep(0.3), print('draad klaar', flush=True))).start()")
    ran = program("--version", code=code)
    assert ran.returncode == 0
    assert ran.stdout.splitlines() == [f"agreement-gen {__version__}", "draad klaar"]


def test_the_console_script_runs_run():
    import configparser
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    assert "agreement-gen = agreement_gen.cli:run" in config["options.entry_points"]["console_scripts"]
    assert "run()" in (ROOT / "agreement_gen" / "__main__.py").read_text(encoding="utf-8")
