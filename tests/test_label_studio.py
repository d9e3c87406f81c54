"""A real Label Studio round trip: tasks from `classifier select` imported into a Label
Studio server through its REST API, annotated through the API, exported, and imported
into the corpus with `classifier data import-annotations`.

Label Studio is a Django application with pins of its own, so it lives in a virtual
environment of its own, not in this package's: `.ci/run` installs it there and sets
`LABEL_STUDIO_BIN` to its `label-studio` command; this test starts that server on a free
local port (about a minute on two cores, for its migrations) and stops it afterwards.
`LABEL_STUDIO_URL` and `LABEL_STUDIO_TOKEN` point it at a running server instead.
Without either, the test is skipped with the reason.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from classifier.backends.tfidf import TfidfClassifier
from classifier.cli import main
from classifier.data.corpus import load_corpus
from classifier.package import save_model
from tests.test_annotate import REPORT, REPORT_B, _data

TOKEN = "0123456789abcdef0123456789abcdef01234567"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def label_studio(tmp_path_factory):
    """(base URL, token) of a Label Studio server for this test."""
    if os.environ.get("LABEL_STUDIO_URL") and os.environ.get("LABEL_STUDIO_TOKEN"):
        yield os.environ["LABEL_STUDIO_URL"].rstrip("/"), os.environ["LABEL_STUDIO_TOKEN"]
        return
    binary = os.environ.get("LABEL_STUDIO_BIN") or shutil.which("label-studio")
    if not binary:
        pytest.skip("no Label Studio: set LABEL_STUDIO_BIN (what .ci/run installs) or "
                    "LABEL_STUDIO_URL and LABEL_STUDIO_TOKEN")
    port = _free_port()
    folder = tmp_path_factory.mktemp("label-studio")
    log = (folder / "server.log").open("w")
    server = subprocess.Popen(
        [binary, "start", "--no-browser", "--port", str(port), "--data-dir", str(folder),
         "--username", "tester@example.com", "--password", "secret-pass-123",
         "--user-token", TOKEN, "--enable-legacy-api-token"],
        stdout=log, stderr=subprocess.STDOUT, cwd=folder)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if server.poll() is not None:
                pytest.fail(f"Label Studio exited: {(folder / 'server.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=5) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                time.sleep(3)
        else:
            pytest.fail("Label Studio did not answer within 5 minutes")
        yield url, TOKEN
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _api(base: str, token: str, method: str, path: str, body=None):
    request = urllib.request.Request(
        f"{base}{path}", method=method,
        data=None if body is None else json.dumps(body).encode("utf-8"),
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        raw = response.read()
    return json.loads(raw) if raw else None


def test_label_studio_round_trip(label_studio, tmp_path, handful):
    base, token = label_studio
    model_dir = save_model(TfidfClassifier().fit(*handful), tmp_path / "pkg", config={})
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "a.txt").write_text(REPORT, encoding="utf-8")
    (reports / "b.txt").write_text(REPORT_B, encoding="utf-8")
    tasks_file = tmp_path / "tasks.json"
    assert main(["select", str(model_dir), str(reports), "-n", "5", "--out",
                 str(tasks_file), "--quiet"]) == 0
    assert main(["select", str(model_dir), "--label-studio-config"]) == 0

    from classifier.annotate.tasks import label_config

    project = _api(base, token, "POST", "/api/projects",
                   {"title": "classifier round trip",
                    "label_config": label_config(model_dir_labels(model_dir))})
    imported = _api(base, token, "POST", f"/api/projects/{project['id']}/import",
                    json.loads(tasks_file.read_text(encoding="utf-8")))
    assert imported["task_count"] == 5 and imported["prediction_count"] == 5
    tasks = _api(base, token, "GET", f"/api/tasks?project={project['id']}&page_size=100")
    tasks = tasks["tasks"] if isinstance(tasks, dict) else tasks
    assert len(tasks) == 5
    # A person accepts the pre-annotation of some tasks and corrects the others.
    wanted = {}
    for k, task in enumerate(sorted(tasks, key=lambda t: t["id"])[:4]):
        label = "other" if k % 2 else "protection"
        wanted[task["data"]["text"]] = label
        _api(base, token, "POST", f"/api/tasks/{task['id']}/annotations/",
             {"result": [{"from_name": "label", "to_name": "text", "type": "choices",
                          "value": {"choices": [label]}}], "was_cancelled": False})
    export = _api(base, token, "GET",
                  f"/api/projects/{project['id']}/export?exportType=JSON&download_all_tasks=true")
    export_file = tmp_path / "export.json"
    export_file.write_text(json.dumps(export), encoding="utf-8")

    data = _data(tmp_path)
    assert main(["data", "import-annotations", str(export_file), "--to", str(data)]) == 0
    added = {s.text: s.label for s in load_corpus(data).sentences if s.origin == "annotated"}
    assert added == wanted


def model_dir_labels(model_dir: Path) -> list[str]:
    from classifier.package import read_manifest

    return read_manifest(model_dir)["labels"]
