"""Tasks in the formats annotators already use, and the labels they come back with.

- Label Studio's JSON task format: each task's `data` holds the sentence, its neighbours
  and where it came from; `predictions` holds the model's label and score, which Label
  Studio shows as a pre-annotation (and sorts by, in its Data Manager). `label_config`
  is the matching labeling interface: the sentence between its neighbours, one choice.
- CSV for spreadsheet users: the same fields, the prediction, and an empty `label`
  column to fill in.

Reading back takes a Label Studio JSON export (tasks with their `annotations`) or the
filled CSV, and returns one `Annotation` per labeled task; what cannot be read is an
AnnotationError naming the file, the task and the reason.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from xml.sax.saxutils import quoteattr

from classifier.annotate.select import Task
from classifier.errors import ClassifierError
from classifier.io import atomic_path

FORMATS = (".json", ".csv")
CHOICES = "label"  # the name of the Choices control in the labeling config
TEXT = "text"  # the name of the Text object it labels
TASK_FIELDS = tuple(f.name for f in fields(Task))
CSV_COLUMNS = ("task_id", *TASK_FIELDS, CHOICES)


class AnnotationError(ClassifierError, ValueError):
    """Tasks or annotations that cannot be written or read back."""


@dataclass(frozen=True)
class Annotation:
    """A task a person labeled: the task as selected, the label given, and where it was."""

    task: Task
    label: str
    where: str  # "FILE, task ID" for messages


def check_tasks_path(path: str | Path) -> Path:
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise AnnotationError(f"--out: {path}: unsupported format {path.suffix or '(none)'};"
                              f" use .json (Label Studio) or .csv")
    if path.is_dir():
        raise AnnotationError(f"--out: {path} is a folder; name a file such as "
                              f"{path / 'tasks.json'}")
    return path


def label_config(labels: Iterable[str]) -> str:
    """Label Studio's labeling interface for these tasks: the document, the sentence
    between its neighbours (greyed), and one choice among the labels."""
    choices = "\n".join(f"    <Choice value={quoteattr(c)}/>" for c in labels)
    return f"""<View>
  <Header value="$doc"/>
  <View style="color: #777">
    <Text name="prev" value="$prev"/>
  </View>
  <View style="font-weight: bold; padding: 0.5em 0">
    <Text name="{TEXT}" value="${TEXT}"/>
  </View>
  <View style="color: #777">
    <Text name="next" value="$next"/>
  </View>
  <Choices name="{CHOICES}" toName="{TEXT}" choice="single" showInline="true">
{choices}
  </Choices>
</View>
"""


def label_studio_tasks(tasks: list[Task], model_version: str) -> list[dict]:
    return [{
        "id": i,
        "data": {**asdict(task), "task_id": i},
        "predictions": [{
            "model_version": model_version,
            "score": round(task.score, 6),
            "result": [{"from_name": CHOICES, "to_name": TEXT, "type": "choices",
                        "value": {"choices": [task.predicted]}}],
        }],
    } for i, task in enumerate(tasks, start=1)]


def write_tasks(tasks: list[Task], path: str | Path, model_version: str) -> Path:
    """Write tasks as Label Studio JSON or CSV, by the extension of `path`, atomically."""
    path = check_tasks_path(path)
    with atomic_path(path) as tmp:
        if path.suffix.lower() == ".json":
            tmp.write_text(json.dumps(label_studio_tasks(tasks, model_version),
                                      ensure_ascii=False, indent=1), encoding="utf-8")
        else:
            with tmp.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
                writer.writeheader()
                for i, task in enumerate(tasks, start=1):
                    writer.writerow({"task_id": i, **asdict(task), CHOICES: ""})
    return path


# ---------------------------------------------------------------------------- reading


def _task(data: dict, where: str) -> Task:
    """The Task a record's fields describe, their types checked."""
    values = {}
    for f in fields(Task):
        if f.name not in data:
            raise AnnotationError(f"{where}: no {f.name!r} field (not a task of "
                                  "`classifier select`)")
        value = data[f.name]
        kind = {"int": int, "float": float}.get(str(f.type), str)
        try:
            values[f.name] = kind(value) if value is not None else kind()
        except (TypeError, ValueError):
            raise AnnotationError(f"{where}: {f.name} must be {kind.__name__}, got "
                                  f"{value!r}") from None
    return Task(**values)


def _label_studio_label(task: dict, where: str) -> str | None:
    """The label of a Label Studio task from its annotations (not cancelled); None when
    nobody labeled it; AnnotationError when its annotators disagree."""
    given = set()
    for annotation in task.get("annotations") or []:
        if annotation.get("was_cancelled"):
            continue
        for result in annotation.get("result") or []:
            if result.get("from_name") == CHOICES:
                given.update((result.get("value") or {}).get("choices") or [])
    if len(given) > 1:
        raise AnnotationError(f"{where}: conflicting labels {sorted(given)}")
    return given.pop() if given else None


def read_annotations(path: str | Path, problems: list[str] | None = None
                     ) -> list[Annotation]:
    """The labeled tasks of a Label Studio JSON export or a filled CSV of tasks.

    A task whose annotators disagree is left out and its problem appended to `problems`,
    or, without that list, raised as an AnnotationError; a file that is no export at all
    is always raised."""
    path = Path(path)
    if not path.is_file():
        raise AnnotationError(f"{path}: not found")
    if path.suffix.lower() == ".csv":
        return _read_csv(path)
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AnnotationError(f"{path}: not a Label Studio JSON export ({exc})") from None
    if not isinstance(records, list):
        raise AnnotationError(f"{path}: a Label Studio JSON export is a list of tasks")
    out = []
    for n, record in enumerate(records, start=1):
        if not isinstance(record, dict) or not isinstance(record.get("data"), dict):
            raise AnnotationError(f"{path}, task #{n}: no 'data' object")
        task_id = record.get("id", record["data"].get("task_id", f"#{n}"))
        where = f"{path}, task {task_id}"
        try:
            label = _label_studio_label(record, where)
        except AnnotationError as exc:
            if problems is None:
                raise
            problems.append(str(exc))
            continue
        if label is not None:
            out.append(Annotation(_task(record["data"], where), label, where))
    return out


def _read_csv(path: Path) -> list[Annotation]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise AnnotationError(f"{path}: missing column(s) {', '.join(missing)} "
                                      "(a CSV of `classifier select` tasks)")
            rows = list(reader)
    except UnicodeDecodeError as exc:
        raise AnnotationError(f"{path}: not UTF-8 ({exc.reason})") from None
    out = []
    for line, row in enumerate(rows, start=2):
        where = f"{path}, line {line}, task {row.get('task_id') or '?'}"
        label = (row.get(CHOICES) or "").strip()
        if label:
            out.append(Annotation(_task(row, where), label, where))
    return out
