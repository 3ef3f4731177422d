import os
import time

from core.inputs.scratch import request_folder, scratch_root, sweep


def test_request_folders_live_under_one_owner_only_root_and_old_ones_are_deleted():
    folder = request_folder("genlab-test")
    assert folder.parent == scratch_root() and folder.is_dir()
    assert (scratch_root().stat().st_mode & 0o077) == 0
    old = request_folder("genlab-test-old")
    (old / "file.csv").write_text("a\n")
    long_ago = time.time() - 7 * 3600
    os.utime(old, (long_ago, long_ago))
    assert sweep(force=True) >= 1
    assert not old.exists() and folder.exists()
