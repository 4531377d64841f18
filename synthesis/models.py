"""State of background work, visible to staff and retryable."""
from __future__ import annotations

from django.db import models


class JobState(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ProcessingJob(models.Model):
    """The processing of one submission: one row, updated as the job moves.

    The periodic sweep re-queues rows left ``queued`` or ``running`` too long
    (a killed worker, a Redis restart), so nothing is silently lost.
    """

    submission = models.OneToOneField(
        "submissions.Submission", on_delete=models.CASCADE, related_name="processing_job"
    )
    state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The lease: renewed by the running task; the sweep takes over only once it lapsed.
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["state", "queued_at"])]

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.state}"


class TextFingerprint(models.Model):
    """What a submission's text looks like, for finding duplicates and campaigns.

    ``text_hash`` finds exact copies (after normalisation); ``minhash`` (128
    permutations over character 5-grams, language-independent) estimates the
    similarity of near-copies such as mass-mailing campaigns.
    """

    submission = models.OneToOneField(
        "submissions.Submission", on_delete=models.CASCADE, related_name="fingerprint"
    )
    call = models.ForeignKey("submissions.Call", on_delete=models.CASCADE, related_name="+")
    text_hash = models.CharField(max_length=64, db_index=True)
    minhash = models.BinaryField()
    # Staff said "not a duplicate": never flag it again automatically.
    confirmed_unique = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.text_hash[:12]}"


class MinHashBand(models.Model):
    """One LSH bucket of a submission's MinHash signature, so near-copies are found by index.

    The 128-permutation signature is cut into ``fingerprints.BANDS`` bands of
    ``fingerprints.ROWS`` values (datasketch's optimum for threshold 0.6); two texts
    that agree on a whole band are candidates, verified on the full signature.
    Band ``fingerprints.EXACT_BAND`` (-1) holds the normalised-text hash. A copy
    writes only the buckets its group does not already hold, so a 5,000-letter
    campaign leaves its buckets a few rows long (decision 0021).
    """

    call = models.ForeignKey("submissions.Call", on_delete=models.CASCADE, related_name="+")
    band = models.SmallIntegerField()
    bucket_hash = models.BigIntegerField()
    submission = models.ForeignKey("submissions.Submission", on_delete=models.CASCADE, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["call", "band", "bucket_hash"], name="minhashband_lookup")]

    def __str__(self) -> str:
        return f"{self.submission_id}: band {self.band}"


class SenderKey(models.Model):
    """What identifies a submission's sender (contributor row, e-mail, folded name), hashed, by index.

    Same-sender re-submissions (duplicates, decision 0017) are looked up among the
    sender's own submissions of the call, not among all of them.
    """

    call = models.ForeignKey("submissions.Call", on_delete=models.CASCADE, related_name="+")
    key_hash = models.BigIntegerField()
    submission = models.ForeignKey("submissions.Submission", on_delete=models.CASCADE, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["call", "key_hash"], name="senderkey_lookup")]

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.key_hash}"


class PassageVectors(models.Model):
    """A submission's passage embeddings, kept so the call's suggestions can be re-scored cheaply.

    Theme suggestions look at the whole call (theme profiles learnt from the call's
    own sentences and from staff decisions, decision 0017), so every decision
    re-scores the call's other submissions: without this, each would be re-embedded.
    ``texts_hash`` says which passages the vectors belong to (float16, n × 512).

    The passages themselves and their folded text are kept too, under ``source_hash``
    (the stored texts they were cut from and the code that cut them): re-scoring the
    call after each arrival then reads rows instead of cutting every submission into
    sentences again (issue 15).
    """

    submission = models.OneToOneField(
        "submissions.Submission", on_delete=models.CASCADE, related_name="passage_vectors"
    )
    call = models.ForeignKey("submissions.Call", on_delete=models.CASCADE, related_name="+")
    texts_hash = models.CharField(max_length=64)
    count = models.PositiveIntegerField(default=0)
    vectors = models.BinaryField()
    # "" until the passages are stored; then the hash of what they were cut from (and of the cutting code).
    source_hash = models.CharField(max_length=64, blank=True, default="")
    # The passages, one list of Passage fields each, in order; and what keyword matching reads.
    passages = models.JSONField(default=list, blank=True)
    folded_text = models.TextField(blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.count} passages"


class CandidateState(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ADOPTED = "adopted", "Adopted"
    MERGED = "merged", "Merged"
    DISMISSED = "dismissed", "Dismissed"


class CandidateTheme(models.Model):
    """A theme the call did not name: a cluster of sentences, across submissions, that fit no theme.

    Proposed offline (``synthesis.candidates``); staff adopt it (it becomes a Theme),
    merge it into an existing theme (its sentences enrich that theme) or dismiss it.
    """

    call = models.ForeignKey("submissions.Call", on_delete=models.CASCADE, related_name="candidate_themes")
    name = models.CharField(max_length=200, help_text="Suggested name: the cluster's most telling words.")
    keywords = models.JSONField(default=list, blank=True)
    # [{"submission": id, "reference": "…", "text": "…", "score": 0.71}], most representative first.
    sentences = models.JSONField(default=list, blank=True)
    submissions = models.ManyToManyField("submissions.Submission", related_name="+", blank=True)
    state = models.CharField(max_length=10, choices=CandidateState.choices, default=CandidateState.PROPOSED)
    theme = models.ForeignKey(
        "submissions.Theme", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The theme it became (adopted) or was merged into.",
    )
    decided_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["call", "-created_at"]

    def __str__(self) -> str:
        return f"{self.call_id}: {self.name} ({self.state})"
