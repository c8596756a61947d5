"""sphinx-build, without the interpreter's teardown.

usage: python tools/sphinx_build.py ARGS...   (the arguments of sphinx-build)

When sphinx-build returns, Python frees every object it made one by one before the
process ends: the environment, the doctrees, the glossary and matrix. On the 2-core
build machine that takes about 0.8 s, longer than the rest of a one-page rebuild
(measured: 1.2 s to build, 2.0 s until the process ended). The build is over by
then: every file is written and closed, and Sphinx has printed its summary and
chosen the exit status. So this runs Sphinx's own command-line entry point, then
flushes the standard streams and the logging handlers and leaves with ``os._exit``,
which skips only the freeing. ``-j`` workers already end that way (multiprocessing
does it for forked children). `make html` and `make dist` build through this; the
tests build through it too, so what they check is what `make html` makes.
"""

from __future__ import annotations

import logging
import os
import sys


def main() -> None:
    # Bytecode: a sandbox or CI may set PYTHONDONTWRITEBYTECODE, and then every build
    # compiles our ~25 extension modules from source again (~0.15 s of a one-page
    # rebuild). Their caches go where Python puts them, beside the sources in
    # __pycache__/, which git ignores.
    sys.dont_write_bytecode = False
    from sphinx.cmd.build import main as sphinx_main

    status = sphinx_main(sys.argv[1:])
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    main()
