"""Importing a call package (folders of e-mailed submissions), per the contract.

One bad submission never stops the others: it is stored as rejected with its
reason. Whatever goes wrong with one folder (an exception of any type) is recorded
and the import goes on; only an unusable package (no or invalid ``call.yaml``)
stops it. Control and bidi-override characters are stripped the same way as in the
portal (``intake.sanitize``), with a note in the submission's history.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from submissions.models import Call, Submission, SubmissionStatus
from submissions.services.calls import GENEVA, CallSpecError, upsert_call
from submissions.services.countries import ensure_countries_loaded
from submissions.services.intake import IncomingFile, IncomingSubmission, clean_text, receive_submission

log = logging.getLogger(__name__)


class PackageError(Exception):
    """The package as a whole cannot be imported; the message says why."""


@dataclass
class ImportSummary:
    call: Call
    created: bool
    imported: list[Submission] = field(default_factory=list)
    rejected: list[Submission] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    # Folders that could not be stored at all: (folder name, reason).
    failed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def errors(self) -> int:
        """Files refused inside submissions that were otherwise imported, and folders that failed."""
        return sum(len(s.errors) for s in self.imported) + len(self.failed)

    def line(self) -> str:
        text = f"imported {len(self.imported)}, rejected {len(self.rejected)}, errors {self.errors}"
        if self.skipped:
            text += f" (skipped {len(self.skipped)} already imported)"
        return text


def load_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path.name} is not UTF-8 text") from exc
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" at line {where.line + 1}" if where is not None else ""
        raise ValueError(f"{path.name} is not valid YAML{at}: {getattr(exc, 'problem', exc)}") from exc


def read_call(package: Path) -> dict:
    call_file = package / "call.yaml"
    if not package.is_dir():
        raise PackageError(f"{package} is not a folder")
    if not call_file.is_file():
        raise PackageError(f"{package} has no call.yaml")
    try:
        spec = load_yaml(call_file)
    except ValueError as exc:
        raise PackageError(str(exc)) from exc
    return spec


def _received_at(value: Any, problems: list[str]) -> dt.datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time(12, 0))
    else:
        try:
            moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            problems.append(f"received_at {value!r} is not an ISO 8601 date-time")
            return None
    return moment if moment.tzinfo else moment.replace(tzinfo=GENEVA)


def read_submission_folder(folder: Path) -> IncomingSubmission:
    """Turn one folder into an IncomingSubmission; problems are collected, not raised."""
    incoming = IncomingSubmission(source=folder.name)
    meta_file = folder / "submission.yaml"
    if not meta_file.is_file():
        incoming.problems.append("submission.yaml is missing")
        meta: dict = {}
    else:
        try:
            meta = load_yaml(meta_file) or {}
        except ValueError as exc:
            incoming.problems.append(str(exc))
            meta = {}
    if not isinstance(meta, dict):
        incoming.problems.append("submission.yaml: expected a mapping of keys to values")
        meta = {}
    contributor = meta.get("contributor") or {}
    if not isinstance(contributor, dict):
        incoming.problems.append("contributor: expected a mapping with name and category")
        contributor = {}
    incoming.contributor_name = str(contributor.get("name") or "")
    incoming.category = str(contributor.get("category") or "")
    incoming.country = contributor.get("country") or None
    incoming.email = str(meta.get("email") or "")
    incoming.received_at = _received_at(meta.get("received_at"), incoming.problems)
    if incoming.received_at is None and not any("received_at" in p for p in incoming.problems):
        incoming.problems.append("received_at is missing")
    incoming.consent_to_publish = meta.get("consent_to_publish") is True
    incoming.language = str(meta.get("language") or "")
    incoming.title = str(meta.get("title") or "")
    incoming.text = str(meta.get("text") or "")
    files = meta.get("files") or []
    if not isinstance(files, list):
        incoming.problems.append("files: expected a list of file names")
        files = []
    for name in files:
        name = str(name)
        if "\x00" in name:
            incoming.problems.append(f"{clean_text(name, name=True)[0]}: the file name holds a NUL character, "
                                     "which no file on disk can have; rename the file and name it again")
            continue
        path = (folder / name).resolve()
        if folder.resolve() not in path.parents:
            incoming.problems.append(f"{name}: file names must stay inside the submission folder")
        elif not path.is_file():
            incoming.problems.append(f"{name}: named in submission.yaml but not in the folder")
        else:
            incoming.files.append(IncomingFile(name=Path(name).name, data=path.read_bytes()))
    return incoming


def _arrival_key(folder: Path) -> float:
    """When the folder's submission arrived, for ordering; unknown ones go last."""
    try:
        meta = load_yaml(folder / "submission.yaml")
        moment = _received_at(meta.get("received_at"), [])
    except Exception:  # noqa: BLE001 - ordering only; the folder's own import reports the problem
        moment = None
    return moment.timestamp() if moment else float("inf")


def import_package(package: Path) -> ImportSummary:
    """Import or update the call, then every submission folder not imported yet."""
    package = Path(package)
    spec = read_call(package)
    ensure_countries_loaded()
    try:
        call, created = upsert_call(spec)
    except CallSpecError as exc:
        raise PackageError(f"call.yaml: {exc}") from exc
    summary = ImportSummary(call=call, created=created)
    folder_root = package / "submissions"
    folders = [p for p in folder_root.iterdir() if p.is_dir()] if folder_root.is_dir() else []
    # References follow arrival order, as in the registry's log of e-mails.
    folders.sort(key=lambda folder: (_arrival_key(folder), folder.name))
    known = set(call.submissions.values_list("source", flat=True))
    for folder in folders:
        if folder.name in known:
            summary.skipped.append(folder.name)
            continue
        submission = _import_folder(call, folder, summary)
        if submission is None:
            continue
        if submission.status == SubmissionStatus.REJECTED:
            summary.rejected.append(submission)
        else:
            summary.imported.append(submission)
    return summary


def _import_folder(call: Call, folder: Path, summary: ImportSummary) -> Submission | None:
    """One folder, whatever goes wrong: stored, or stored as rejected with the error, or recorded as failed."""
    try:
        return receive_submission(call, read_submission_folder(folder), actor_label="import")
    except Exception as exc:  # noqa: BLE001 - one folder never stops the others (contract §1)
        reason = clean_text(f"{type(exc).__name__}: {exc}", name=True)[0][:500]
        log.warning("import of folder %s failed: %s", folder.name, reason)
    try:
        # Keep a trace of what arrived: a rejected submission saying why.
        return receive_submission(call, IncomingSubmission(
            source=folder.name, problems=[f"the folder could not be imported ({reason})"],
        ), actor_label="import")
    except Exception as exc:  # noqa: BLE001
        summary.failed.append((folder.name, reason))
        log.warning("could not even record folder %s as rejected: %s", folder.name, exc)
        return None
