"""The toolchain around the workshop: the shared PostgreSQL cluster, the dev container."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from workshop.loader import REPO
from workshop.pgcluster import find_bindir, process_database_name, shared_cluster

needs_postgres = pytest.mark.skipif(
    find_bindir() is None,
    reason="PostgreSQL is not installed (apt-get install postgresql-15 to run these)",
)

ATTACH = """
import sys
from workshop.pgcluster import shared_cluster
with shared_cluster(sys.argv[1]) as cluster:
    cluster.execute("SELECT 1")
    print(cluster.port)
"""


@pytest.mark.postgres
@needs_postgres
def test_processes_of_one_run_share_one_cluster_and_the_last_stops_it(tmp_path):
    key = f"test_{os.getpid()}"
    with shared_cluster(key) as cluster:
        base = cluster.base
        # Another process of the same run attaches instead of starting its own ...
        done = subprocess.run([sys.executable, "-c", ATTACH, key], capture_output=True, text=True,
                              timeout=60, stdin=subprocess.DEVNULL)
        assert done.returncode == 0, done.stderr
        assert int(done.stdout) == cluster.port
        # ... and its leaving does not stop the cluster under this one.
        cluster.execute("SELECT 1")
        name = process_database_name("todo_test")
        assert re.fullmatch(r"todo_test_\w+", name)
        cluster.create_database(name)
        cluster.execute("SELECT 1", name)
    assert not base.exists(), "the last process to leave did not stop and delete the cluster"
