"""framing.atomic: the one atomic writer (temp file in the same folder, fsync, os.replace)."""

import os
import stat

import pandas as pd
import pytest

from framing.atomic import atomic_path, atomic_write
from framing.errors import InputError


def test_writes_text_bytes_and_tables(tmp_path):
    assert atomic_write(tmp_path / "a.txt", "é\n").read_bytes() == "é\n".encode()
    assert atomic_write(tmp_path / "b.bin", b"\x00\x01").read_bytes() == b"\x00\x01"
    table = pd.DataFrame({"x": [1, 2], "y": ["p", "q"]})
    assert atomic_write(tmp_path / "c.csv", table).read_bytes() == b"x,y\n1,p\n2,q\n"
    pd.testing.assert_frame_equal(pd.read_parquet(atomic_write(tmp_path / "d.parquet", table)), table)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.bin", "c.csv", "d.parquet"]


def test_creates_missing_folders_and_replaces_an_existing_file(tmp_path):
    target = tmp_path / "new" / "deeper" / "f.txt"
    atomic_write(target, "one")
    atomic_write(target, "two")
    assert target.read_text() == "two"
    assert os.listdir(target.parent) == ["f.txt"]


def test_a_failing_writer_leaves_the_old_file_and_no_temp(tmp_path):
    target = tmp_path / "f.csv"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("interrupted")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["f.csv"]


def test_the_temp_file_lies_beside_the_target_and_is_hidden(tmp_path):
    with atomic_path(tmp_path / "f.txt") as tmp:
        assert tmp.parent == tmp_path and tmp.name.startswith(".f.txt.") and tmp.name.endswith(".tmp")
        assert tmp.exists()
        tmp.write_text("x")
    assert (tmp_path / "f.txt").read_text() == "x"


def test_two_writers_of_one_file_get_different_temps(tmp_path):
    with atomic_path(tmp_path / "f.txt") as a, atomic_path(tmp_path / "f.txt") as b:
        assert a != b


def test_files_get_the_usual_permissions_not_mkstemps_0600(tmp_path):
    umask = os.umask(0o022)
    try:
        mode = stat.S_IMODE(atomic_write(tmp_path / "f.txt", "x").stat().st_mode)
    finally:
        os.umask(umask)
    assert mode == 0o644


def test_a_table_needs_a_table_extension(tmp_path):
    with pytest.raises(InputError, match="f.json"):
        atomic_write(tmp_path / "f.json", pd.DataFrame({"x": [1]}))
    assert not list(tmp_path.iterdir())


def test_a_folder_appears_whole_or_not_at_all(tmp_path):
    with atomic_path(tmp_path / "parts", folder=True) as tmp:
        assert tmp.is_dir() and not list(tmp.iterdir())
        (tmp / "part.0.parquet").write_text("x")
    assert [p.name for p in (tmp_path / "parts").iterdir()] == ["part.0.parquet"]
    with pytest.raises(KeyboardInterrupt), atomic_path(tmp_path / "other", folder=True) as tmp:
        (tmp / "part.0.parquet").write_text("x")
        raise KeyboardInterrupt
    assert [p.name for p in tmp_path.iterdir()] == ["parts"]


def test_no_module_rolls_its_own_atomic_write():
    """One atomic writer: no temp-file-and-rename of its own anywhere else in the kit."""
    import re
    from pathlib import Path

    import framing

    pattern = re.compile(r"os\.replace\(|mkstemp\(|\.tmp[\"']")
    src = Path(framing.__file__).parent
    offenders = sorted(str(p.relative_to(src)) for p in src.rglob("*.py")
                       if p.name != "atomic.py" and pattern.search(p.read_text(encoding="utf-8")))
    assert not offenders, offenders
