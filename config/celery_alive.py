"""Worker health check: exits 0 when the consumer touched its liveness file recently (config.celery).

Used by docker-compose's health check of the worker; no broker round trip, so a busy
worker (both slots processing) is still healthy while a stopped consumer is not.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

MAX_AGE_SECONDS = 60.0


def main() -> int:
    path = Path(os.environ.get("CELERY_WORKER_LIVENESS_FILE", "/tmp/rapporteur-worker-alive"))
    try:
        age = time.time() - path.stat().st_mtime
    except FileNotFoundError:
        print(f"no liveness file at {path}: the consumer is not running")
        return 1
    if age > MAX_AGE_SECONDS:
        print(f"liveness file is {age:.0f} s old: the consumer stopped consuming")
        return 1
    print(f"alive ({age:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
