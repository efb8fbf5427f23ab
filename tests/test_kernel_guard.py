"""The kernel guard in conftest.py: a test that starts a Jupyter kernel must be marked slow."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # these tests start kernels (in a pytest subprocess)

pytest_plugins = ["pytester"]

STARTS_A_KERNEL = """
import subprocess
import sys

import pytest
from jupyter_client.manager import start_new_kernel


def start_and_stop():
    km, kc = start_new_kernel(kernel_name="python3", startup_timeout=120)
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def test_unmarked_kernel():
    start_and_stop()


def test_unmarked_kernel_in_a_subprocess():  # as `framing report` or a batch worker would
    subprocess.run([sys.executable, "-c", "import test_kernels; test_kernels.start_and_stop()"], check=True)


@pytest.mark.slow
def test_marked_kernel():
    start_and_stop()


def test_no_kernel():
    assert True
"""


def test_an_unmarked_test_that_starts_a_kernel_fails_and_a_slow_one_passes(pytester):
    pytester.makeconftest((Path(__file__).parent / "conftest.py").read_text(encoding="utf-8"))
    pytester.makeini("[pytest]\nmarkers =\n    slow: slow\n")
    pytester.makepyfile(test_kernels=STARTS_A_KERNEL)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q")
    result.assert_outcomes(passed=2, failed=2)
    result.stdout.fnmatch_lines(["*test_unmarked_kernel started 1 Jupyter kernel(s) but is not marked slow*",
                                 "*test_unmarked_kernel_in_a_subprocess started 1 Jupyter kernel(s)*"])
