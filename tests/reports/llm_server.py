"""A real llama.cpp OpenAI-compatible server (xllamacpp) on 127.0.0.1, for the model-backend tests.

Run as ``python tests/reports/llm_server.py MODEL.gguf PORT``; one thread (llama.cpp threads
spin-wait on a busy 2-core machine), a small context, serves until killed.
"""
from __future__ import annotations

import signal
import sys
import threading


def main() -> None:
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = sys.argv[1]
    params.port = int(sys.argv[2])
    params.hostnames = ["127.0.0.1"]
    params.n_ctx = 2048
    params.n_parallel = 1
    params.cpuparams.n_threads = 1
    params.cpuparams_batch.n_threads = 1
    params.warmup = False
    server = xllamacpp.Server(params)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    stop.wait()
    del server


if __name__ == "__main__":
    main()
