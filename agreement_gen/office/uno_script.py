#!/usr/bin/python3
"""Drive an already-running LibreOffice over UNO: export a .docx as plain text or PDF.

Run under Debian's own interpreter (``import uno`` works only there)::

    /usr/bin/python3 agreement_gen/office/uno_script.py --pipe NAME --action {text,accept,reject,pdf} IN.docx OUT
    /usr/bin/python3 agreement_gen/office/uno_script.py --pipe NAME --serve

* connects to the soffice listening on ``pipe,name=NAME;urp;`` (retrying for up to
  ``--connect-timeout`` seconds, default 30, while soffice is still starting);
* loads a *copy* of IN.docx, hidden (a soffice killed earlier may have left a
  ``.~lock.IN.docx#`` file beside the original, and loads of a locked file can fail
  silently);
* ``accept`` / ``reject``: dispatches ``.uno:AcceptAllTrackedChanges`` /
  ``.uno:RejectAllTrackedChanges`` and checks that no tracked change is left;
* ``pdf``: updates tables of contents and fields, then stores a PDF to OUT;
* otherwise stores the document as UTF-8 text ("Text (encoded)" filter) to OUT; LibreOffice's
  text export prints automatic list numbers and leaves out headers and footers;
* closes the document.

``--serve`` (no --action, IN, OUT) connects once and then converts many documents: it
prints ``{"ready": true}`` once connected, then reads one JSON request a line on stdin,
``{"action": "pdf", "in": IN, "out": OUT}``, and answers each with one JSON line on stdout,
``{"ok": true}`` or ``{"ok": false, "code": N, "error": "..."}`` (N as the exit codes below);
it ends when stdin ends. After an unforeseen UNO error it answers and exits 1, so that the
caller starts a fresh client.

Standard library + uno only. Exits 0 on success; on failure prints one line starting
with ``uno_script: error:`` to stderr and exits 2 (bad usage), 3 (cannot connect),
4 (cannot load), 5 (dispatch/accept/reject failed) or 6 (cannot store).
"""

import argparse
import json
import os
import shutil
import sys
import tempfile
import time

try:
    import uno
    from com.sun.star.beans import PropertyValue
    from com.sun.star.connection import NoConnectException
except ImportError as exc:  # pragma: no cover - depends on the interpreter
    sys.stderr.write(
        "uno_script: error: cannot import uno (%s); run this script with Debian's "
        "/usr/bin/python3 with python3-uno installed, not %s\n" % (exc, sys.executable)
    )
    sys.exit(3)

EXIT_USAGE, EXIT_CONNECT, EXIT_LOAD, EXIT_DISPATCH, EXIT_STORE = 2, 3, 4, 5, 6

DISPATCH = {
    "accept": ".uno:AcceptAllTrackedChanges",
    "reject": ".uno:RejectAllTrackedChanges",
}


class ScriptError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def connect(pipe, timeout):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    url = "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe
    deadline = time.monotonic() + timeout
    last = None
    while True:
        try:
            ctx = resolver.resolve(url)
            smgr = ctx.ServiceManager
            desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
            if desktop is None:
                raise RuntimeError("no com.sun.star.frame.Desktop yet")
            return ctx, smgr, desktop
        except (NoConnectException, RuntimeError) as exc:
            last = exc
        except Exception as exc:  # e.g. DisposedException while soffice starts up
            last = exc
        if time.monotonic() >= deadline:
            raise ScriptError(
                EXIT_CONNECT,
                "cannot connect to soffice on pipe %r within %.0f s (last error: %s: %s)"
                % (pipe, timeout, type(last).__name__, getattr(last, "Message", "") or last),
            )
        time.sleep(0.25)


PLAIN_TEXT_FILTERS = ("Text", "Text (encoded)")


def loaded_filter(doc):
    try:
        for arg in doc.getArgs():
            if arg.Name == "FilterName":
                return arg.Value
    except Exception:
        pass
    return None


def refresh_indexes_and_fields(doc):
    """Update fields, then tables of contents (page numbers), then fields again.

    An index's update() lays the document out for its page numbers; a doc.refresh() after
    each pass (as this once did) laid it out again from scratch, about 0.2 s a document,
    and changed nothing in the PDFs of the samples (their text, TOC page numbers included).
    """
    doc.getTextFields().refresh()
    indexes = doc.getDocumentIndexes()
    for _ in range(2):  # the second pass sees the page numbers the first one settled
        for i in range(indexes.getCount()):
            indexes.getByIndex(i).update()
    doc.getTextFields().refresh()


def redline_count(doc):
    try:
        return doc.getRedlines().getCount()
    except Exception:
        return None


def run(args):
    ctx, smgr, desktop = connect(args.pipe, args.connect_timeout)
    convert(ctx, smgr, desktop, args.action, args.infile, args.outfile)


def convert(ctx, smgr, desktop, action, infile, outfile):
    """One document: load a copy of ``infile``, do ``action``, store the result to ``outfile``."""
    src = os.path.abspath(infile)
    out = os.path.abspath(outfile)
    if not os.path.isfile(src):
        raise ScriptError(EXIT_LOAD, "input file does not exist: %s" % src)
    if os.path.getsize(src) == 0:
        # LibreOffice "loads" an empty .docx as a new empty document.
        raise ScriptError(EXIT_LOAD, "input file is empty: %s" % src)
    if not os.path.isdir(os.path.dirname(out)):
        raise ScriptError(EXIT_STORE, "output directory does not exist: %s" % os.path.dirname(out))

    work = tempfile.mkdtemp(prefix="uno_script_")
    doc = None
    try:
        copy = os.path.join(work, os.path.basename(src))
        shutil.copyfile(src, copy)
        try:
            doc = desktop.loadComponentFromURL(
                uno.systemPathToFileUrl(copy),
                "_blank",
                0,
                (prop("Hidden", True), prop("ReadOnly", False), prop("UpdateDocMode", 0)),
            )
        except Exception as exc:
            raise ScriptError(
                EXIT_LOAD,
                "LibreOffice could not load %s: %s: %s"
                % (src, type(exc).__name__, getattr(exc, "Message", "") or exc),
            )
        if doc is None:
            raise ScriptError(EXIT_LOAD, "LibreOffice could not load %s (no document returned)" % src)
        if not doc.supportsService("com.sun.star.text.TextDocument"):
            raise ScriptError(
                EXIT_LOAD, "%s did not load as a text document (not a Word/Writer file?)" % src
            )
        filter_name = loaded_filter(doc)
        if filter_name in PLAIN_TEXT_FILTERS and not src.lower().endswith(".txt"):
            # LibreOffice opens anything it cannot parse as plain text, without an error.
            raise ScriptError(
                EXIT_LOAD,
                "%s is not a readable word-processing file: LibreOffice fell back to its "
                "plain-text import filter %r (corrupt or not a .docx?)" % (src, filter_name),
            )

        if action in DISPATCH:
            command = DISPATCH[action]
            try:
                frame = doc.getCurrentController().getFrame()
                helper = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
                helper.executeDispatch(frame, command, "", 0, ())
            except Exception as exc:
                raise ScriptError(
                    EXIT_DISPATCH,
                    "dispatch of %s failed: %s: %s"
                    % (command, type(exc).__name__, getattr(exc, "Message", "") or exc),
                )
            left = redline_count(doc)
            if left:
                raise ScriptError(
                    EXIT_DISPATCH, "%s left %d tracked change(s) in %s" % (command, left, src)
                )

        if action == "pdf":
            refresh_indexes_and_fields(doc)
            filters = (prop("FilterName", "writer_pdf_Export"), prop("Overwrite", True))
        else:
            filters = (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8,LF"),
                       prop("Overwrite", True))
        if os.path.exists(out):
            os.remove(out)
        try:
            doc.storeToURL(uno.systemPathToFileUrl(out), filters)
        except Exception as exc:
            raise ScriptError(
                EXIT_STORE,
                "storing %s failed: %s: %s"
                % (out, type(exc).__name__, getattr(exc, "Message", "") or exc),
            )
        if not os.path.isfile(out):
            raise ScriptError(EXIT_STORE, "LibreOffice wrote no file at %s" % out)
    finally:
        if doc is not None:
            try:
                doc.close(True)
            except Exception:
                try:
                    doc.dispose()
                except Exception:
                    pass
        shutil.rmtree(work, ignore_errors=True)


def serve(args):
    """Convert documents one request at a time until stdin ends; see the module docstring."""
    # Answers go to a private copy of stdout; anything else printed (by us or by the UNO
    # bridge) goes to stderr, so it cannot be mistaken for an answer.
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    ctx, smgr, desktop = connect(args.pipe, args.connect_timeout)
    answers.write(json.dumps({"ready": True}) + "\n")
    answers.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            convert(ctx, smgr, desktop, request["action"], request["in"], request["out"])
            answer = {"ok": True}
        except ScriptError as exc:
            answer = {"ok": False, "code": exc.code, "error": str(exc)}
        except (ValueError, KeyError, TypeError) as exc:
            answer = {"ok": False, "code": EXIT_USAGE, "error": "bad request %r: %s" % (line[:200], exc)}
        except Exception as exc:  # the bridge may be broken: answer, then let a fresh client take over
            answers.write(json.dumps({"ok": False, "code": 1, "error": "unexpected %s: %s" % (
                type(exc).__name__, getattr(exc, "Message", "") or exc)}) + "\n")
            answers.flush()
            raise
        answers.write(json.dumps(answer) + "\n")
        answers.flush()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pipe", required=True, help="pipe name soffice listens on")
    parser.add_argument("--serve", action="store_true",
                        help="answer requests on stdin, one JSON line each, until stdin ends")
    parser.add_argument("--action", choices=("text", "accept", "reject", "pdf"))
    parser.add_argument("--connect-timeout", type=float, default=30.0,
                        help="seconds to keep retrying the connection (default 30)")
    parser.add_argument("infile", nargs="?")
    parser.add_argument("outfile", nargs="?")
    args = parser.parse_args(argv)
    if not args.serve and not (args.action and args.infile and args.outfile):
        parser.error("--action, IN and OUT are required without --serve")
    try:
        serve(args) if args.serve else run(args)
    except ScriptError as exc:
        sys.stderr.write("uno_script: error: %s\n" % exc)
        return exc.code
    except Exception as exc:  # anything UNO raises that we did not foresee
        sys.stderr.write(
            "uno_script: error: unexpected %s: %s\n"
            % (type(exc).__name__, getattr(exc, "Message", "") or exc)
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
