"""Near-duplicate signatures: stable, batch equals single, similar texts found."""

from __future__ import annotations

import subprocess
import sys

import numpy as np

from bedfellows.ingest.dedupe import (
    NearDuplicateIndex,
    signature,
    signatures,
    similarity,
)

STORY = (
    "Iranian President Hassan Rouhani said on Saturday that Tehran could consider working "
    "with Washington against Sunni insurgents in Iraq if the United States started to "
    "confront the militants, who have seized the cities of Mosul and Tikrit this week."
)


def test_batch_equals_single_and_short_texts() -> None:
    texts = [STORY, "", "two words", STORY.upper(), STORY + " (Reuters)"]
    batch = signatures(texts)
    for t, row in zip(texts, batch, strict=True):
        assert (signature(t) == row).all()
    assert (batch[0] == batch[3]).all()  # case does not matter
    assert batch.dtype == np.uint32 and batch.shape == (5, 64)


def test_similarity_separates_copies_from_other_stories() -> None:
    copy = "UPDATE 1-" + STORY + " Reporting by Parisa Hafezi; editing by Tom Heneghan."
    other = ("Russian and Ukrainian negotiators met in Minsk on Friday to discuss a ceasefire in "
             "eastern Ukraine, where fighting has killed hundreds of people since April.")
    assert similarity(signature(STORY), signature(copy)) >= 0.7
    assert similarity(signature(STORY), signature(other)) < 0.2


def test_index_finds_copy_and_forgets_removed() -> None:
    idx = NearDuplicateIndex()
    idx.add("a", signature(STORY).tobytes())
    idx.add("b", signature("A completely different article about the weather in Oslo.").tobytes())
    assert idx.find(signature(STORY + " AFP")) == "a"
    assert idx.find(signature(STORY), exclude="a") is None
    idx.remove("a")
    assert idx.find(signature(STORY)) is None and len(idx) == 1


def test_signature_is_stable_across_processes() -> None:
    """Stored signatures must match those of a later run (no per-process hash seed)."""
    code = ("from bedfellows.ingest.dedupe import signature; "
            f"print(signature({STORY!r}).tobytes().hex())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={"PYTHONHASHSEED": "123", "PATH": ""}, check=True).stdout.strip()
    assert out == signature(STORY).tobytes().hex()
