"""Train the event-type model that gives the coder its second opinion (``make model``).

    .venv/bin/python tools/train_classifier.py [--synthetic ZIP] [--no-cv]

Open data only: the NGEC synthetic stories (MIT, 4,500 LLM-written news stories with
PLOVER event labels, ../shared/data/benchmarks/) and the hand-written sentences of
tools/classifier_examples.tsv (ours, MIT). Never the real-news set, ConfliBERT, CASE or
the PLOVER gold records: those only measure (bench/classifier_ablation.py).

A story's label is what its headline and first sentences report, so each story gives
its headline and its first LEAD sentences as training sentences. The model is a
multinomial logistic regression (scikit-learn, seeded, deterministic solver) on the
binary lemma uni/bigram features of :mod:`bedfellows.classify.features`; only its
weights are shipped (numpy, no pickle), so coding needs no scikit-learn. The model
card beside the weights is written from the same run, figures included.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from bedfellows.classify.features import sentence_features  # noqa: E402
from bedfellows.classify.model import (  # noqa: E402
    META_FILE,
    MODEL_VERSION,
    SAMPLE_EVERY,
    WEIGHTS_FILE,
    sample_sentences,
)

SYNTHETIC = ROOT.parent / "shared" / "data" / "benchmarks" / "ngec_gpt_synthetic_events_2023-10-19_19.csv.zip"
EXAMPLES = ROOT / "tools" / "classifier_examples.tsv"
OUT = ROOT / "src" / "bedfellows" / "classify" / "data"
SEED = 14
LEAD = 2  # sentences of each story after its headline
C = 0.5  # inverse L2 strength: chosen on the development half of the real-news set (bench/classifier_ablation.py)
MIN_COUNT = 2  # a feature seen in fewer training sentences is dropped
HANDWRITTEN_WEIGHT = 3.0  # a hand-written sentence counts as three synthetic ones


def read_stories(path: Path) -> list[dict[str, str]]:
    with zipfile.ZipFile(path) as z:
        name = next(n for n in z.namelist() if n.endswith(".csv"))
        with z.open(name) as fh:
            return list(csv.DictReader(io.TextIOWrapper(fh, encoding="utf-8")))


def read_examples(path: Path) -> list[tuple[str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, text = line.split("\t", 1)
            rows.append((label.strip(), text.strip()))
    return rows


def story_sentences(nlp, stories: list[dict[str, str]]) -> list[list[list[str]]]:  # type: ignore[no-untyped-def]
    """Per story: the features of its headline and of its first LEAD sentences."""
    headlines = [s["prompt"].split("\n")[0].strip() for s in stories]
    leads = [s["text"][:700] for s in stories]
    out: list[list[list[str]]] = []
    docs_h = nlp.pipe(headlines, batch_size=64)
    docs_l = nlp.pipe(leads, batch_size=32)
    for dh, dl in zip(docs_h, docs_l, strict=True):
        feats = [sentence_features(dh)]
        for i, sent in enumerate(dl.sents):
            if i >= LEAD:
                break
            if len(sent) >= 4:
                feats.append(sentence_features(sent))
        out.append(feats)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--synthetic", type=Path, default=SYNTHETIC)
    ap.add_argument("--no-cv", action="store_true", help="skip the grouped cross-validation figures")
    args = ap.parse_args()
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import GroupKFold

    from bedfellows.nlp.pipeline import load_nlp

    t0 = time.perf_counter()
    nlp = load_nlp()
    stories = read_stories(args.synthetic)
    examples = read_examples(EXAMPLES)
    per_story = story_sentences(nlp, stories)
    docs: list[list[str]] = []
    labels: list[str] = []
    groups: list[str] = []  # the headline template: stories of one template stay in one fold
    weights: list[float] = []
    for story, feats in zip(stories, per_story, strict=True):
        for f in feats:
            docs.append(f)
            labels.append(story["label"])
            groups.append(story["title"])
            weights.append(1.0)
    for i, doc in enumerate(nlp.pipe([t for _, t in examples], batch_size=64)):
        docs.append(sentence_features(doc))
        labels.append(examples[i][0])
        groups.append(f"handwritten-{i % 10}")
        weights.append(HANDWRITTEN_WEIGHT)
    print(f"{len(docs)} training sentences ({len(stories)} stories, {len(examples)} hand-written), "
          f"parsed in {time.perf_counter() - t0:.0f} s")

    def vectorizer() -> CountVectorizer:
        return CountVectorizer(analyzer=lambda x: x, binary=True, min_df=MIN_COUNT, dtype=np.float64)

    def model() -> LogisticRegression:
        return LogisticRegression(C=C, max_iter=3000, class_weight="balanced", random_state=SEED)

    y = np.array(labels)
    w = np.array(weights)
    cv: dict[str, float] = {}
    if not args.no_cv:
        preds = np.empty(len(y), dtype=object)
        for train, test in GroupKFold(n_splits=5).split(docs, y, groups):
            vec = vectorizer()
            x_train = vec.fit_transform([docs[i] for i in train])
            clf = model().fit(x_train, y[train], sample_weight=w[train])
            preds[test] = clf.predict(vec.transform([docs[i] for i in test]))
        synth = np.array([not g.startswith("handwritten-") for g in groups])
        cv = {
            "cv_accuracy": round(float(accuracy_score(y[synth], preds[synth])), 4),
            "cv_macro_f1": round(float(f1_score(y[synth], preds[synth], average="macro")), 4),
        }
        print("grouped 5-fold CV on synthetic sentences:", cv)

    vec = vectorizer()
    x = vec.fit_transform(docs)
    clf = model().fit(x, y, sample_weight=w)
    vocab = sorted(vec.vocabulary_, key=vec.vocabulary_.__getitem__)
    coef = clf.coef_.astype(np.float32)  # classes x features
    classes = [str(c) for c in clf.classes_]
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        OUT / WEIGHTS_FILE,
        features=np.array(vocab, dtype=np.str_),
        weights=np.ascontiguousarray(coef.T),  # features x classes: a sentence sums its rows
        bias=clf.intercept_.astype(np.float32),
        classes=np.array(classes, dtype=np.str_),
    )

    data_sha = hashlib.sha256(args.synthetic.read_bytes()).hexdigest()[:16]
    meta = {
        "version": MODEL_VERSION,
        "classes": classes,
        "features": len(vocab),
        "training_sentences": len(docs),
        "training_labels": dict(sorted(Counter(labels).items())),
        "synthetic_sha256_16": data_sha,
        "seed": SEED,
        "C": C,
        "lead_sentences": LEAD,
        "min_count": MIN_COUNT,
        "handwritten_weight": HANDWRITTEN_WEIGHT,
        "figures": dict(cv),
    }
    (OUT / META_FILE).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")

    # documented figures on the fixed sample the test re-computes with the shipped weights
    from bedfellows.classify.model import EventTypeModel

    shipped = EventTypeModel.load(OUT)
    sample = sample_sentences(stories)
    right = 0
    top = []
    for (label, _), doc in zip(sample, nlp.pipe([t for _, t in sample], batch_size=64), strict=True):
        scores = shipped.scores(doc)
        best = max(scores, key=scores.__getitem__)
        right += best == label
        top.append(scores[best])
    figures = meta["figures"]
    figures["sample_size"] = len(sample)
    figures["sample_accuracy"] = round(right / len(sample), 4)
    figures["sample_mean_top_score"] = round(float(np.mean(top)), 4)
    (OUT / META_FILE).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    card = OUT / "MODEL_CARD.md"
    old_card = card.read_text(encoding="utf-8") if card.exists() else ""
    card.write_text(model_card(meta, in_coder_block(old_card)), encoding="utf-8")
    size = (OUT / WEIGHTS_FILE).stat().st_size
    print(f"wrote {OUT / WEIGHTS_FILE} ({size / 1e6:.2f} MB, {len(vocab)} features x {len(classes)} classes)")
    print("figures:", json.dumps(figures))


IN_CODER_DEFAULT = '- In the coder: see the ablation table in README "Second opinion".\n'


def in_coder_block(card: str) -> str:
    """The card's "In the coder" figures, kept across a retraining: they come from
    bench/classifier_ablation.py, which the trainer does not run (re-run it and update them)."""
    start = card.find("- In the coder")
    end = card.find("\n## Limits", start)
    return card[start:end] if start >= 0 and end > start else IN_CODER_DEFAULT


def model_card(meta: dict, in_coder: str = IN_CODER_DEFAULT) -> str:  # type: ignore[type-arg]
    f = meta["figures"]
    labels = ", ".join(f"{k} {v}" for k, v in meta["training_labels"].items())
    return f"""# Event-type model {meta['version']} (bedfellows second opinion)

What it does: scores one sentence against the 16 PLOVER event types and OTHER (no event),
so the coder can veto a rule event of a type the sentence does not report and rescue an
event the rules found actors for but no trigger. See README "Second opinion".

- **Model**: multinomial logistic regression (scikit-learn {'{'}lbfgs{'}'}, L2, C={meta['C']},
  balanced class weights, seed {meta['seed']}) on binary lemma unigrams and bigrams, names
  and numbers replaced by placeholders (bedfellows.classify.features); {meta['features']}
  features x {len(meta['classes'])} classes, shipped as numpy weights (no pickle).
- **Training data (open only)**:
  - NGEC synthetic stories (ahalterman/NGEC-2025, `gpt_synthetic_events_2023-10-19_19.csv.zip`,
    MIT; sha256[:16] {meta['synthetic_sha256_16']}): 4,500 LLM-written news stories with PLOVER
    labels. Each story gives its headline and first {meta['lead_sentences']} sentences, labelled
    with the story's event type. Synthetic text: labels are pseudo-labels, facts are invented.
  - tools/classifier_examples.tsv: hand-written sentences by the bedfellows authors (MIT),
    mostly OTHER (elections, sport, economy, weather, background) and word-sense traps;
    weight {meta['handwritten_weight']}.
  - Not used for training: the real-news set, ConfliBERT (GPL-3.0), CASE (no licence), the
    PLOVER gold records. They measure it (bench/classifier_ablation.py).
- **Training sentences**: {meta['training_sentences']} ({labels}).
- **Licence**: weights derived from MIT data and our own MIT sentences: MIT, as the package.
- **Reproduce**: `make model` (tools/train_classifier.py; deterministic solver, fixed seed).

## Figures
- Grouped 5-fold cross-validation (folds by headline template, synthetic sentences only):
  accuracy {f.get('cv_accuracy', '-')}, macro-F1 {f.get('cv_macro_f1', '-')}.
- Fixed sample (headline + first sentence of every {SAMPLE_EVERY}th synthetic story; seen in
  training, so this checks the shipped weights, not generalisation): {f['sample_size']}
  sentences, top-type accuracy {f['sample_accuracy']}, mean top score {f['sample_mean_top_score']}.
  tests/classify/test_model.py re-computes these.
{in_coder}
## Limits
Trained on synthetic story leads, applied to real sentences: a bag of words, it knows no
syntax (who did what to whom comes from the rules). Its OTHER class is learned from a
hundred hand-written sentences only.
"""


if __name__ == "__main__":
    main()
