"""Virus scanning through a real ClamAV daemon, with a local EICAR signature."""
from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from submissions.models import SubmissionStatus
from submissions.models.files import ExtractionStatus
from submissions.services.intake import IncomingFile
from tests.factories import make_call, make_submission

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("clamd") is None, reason="make install installs clamav-daemon"),
]
# The standard anti-virus test file: harmless, detected by every scanner.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


@pytest.fixture(scope="module")
def clamd(tmp_path_factory):
    """clamd with a one-signature database (no download: ClamAV's own DB is not reachable offline)."""
    import hashlib

    folder = tmp_path_factory.mktemp("clamd")
    (folder / "db").mkdir()
    (folder / "db" / "eicar.hdb").write_text(f"{hashlib.md5(EICAR).hexdigest()}:{len(EICAR)}:Eicar-Test-Signature\n")
    socket_path = folder / "clamd.sock"
    config = folder / "clamd.conf"
    config.write_text(
        f"LocalSocket {socket_path}\nDatabaseDirectory {folder / 'db'}\nForeground yes\n"
        f"LogFile {folder / 'clamd.log'}\nPidFile {folder / 'clamd.pid'}\nUser root\n"
    )
    process = subprocess.Popen(["clamd", "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not socket_path.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert socket_path.exists(), (folder / "clamd.log").read_text() if (folder / "clamd.log").exists() else ""
    yield str(socket_path)
    process.terminate()
    process.wait(timeout=20)


def test_eicar_is_quarantined_and_a_clean_file_passes(clamd, settings, eager_celery):
    settings.CLAMD_SOCKET = clamd
    infected = make_submission(make_call(), text="", files=[IncomingFile("reply.txt", EICAR)])
    infected.refresh_from_db()
    attachment = infected.attachments.get()
    assert attachment.extraction_status == ExtractionStatus.REFUSED
    assert "virus was found (Eicar-Test-Signature" in attachment.extraction_error
    assert infected.status == SubmissionStatus.REJECTED

    clean_file = IncomingFile("reply.txt", b"International cooperation " * 20)
    clean = make_submission(infected.call, text="", files=[clean_file])
    clean.refresh_from_db()
    assert clean.status == SubmissionStatus.READY


def test_unreachable_daemon_never_lets_a_file_through(settings, eager_celery, tmp_path):
    settings.CLAMD_SOCKET = str(tmp_path / "no-such.sock")
    submission = make_submission(make_call(), text="", files=[IncomingFile("reply.txt", b"Plain text " * 20)])
    submission.refresh_from_db()
    assert submission.status != SubmissionStatus.READY
    assert submission.attachments.get().extraction_status == ExtractionStatus.PENDING
    assert Path(submission.attachments.get().file.path).exists()
