"""ingest(): mixed inputs, re-ingest, replace, kill -9 and restart, disk full."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from bedfellows.store import Store, ingest

from .corpus import SyntheticCoder, corpus

REPO = Path(__file__).resolve().parents[2]


def _write_jsonl(path: Path, n: int, *, start: int = 0, dups: int = 0) -> None:
    arts = corpus(n + start)[start:]
    with path.open("w") as fh:
        for a in arts:
            fh.write(json.dumps({"id": a.id, "text": a.text, "published": a.published,
                                 "source": a.source}) + "\n")
        for k in range(dups):  # the same wire story, another outlet
            a = arts[k * 3 % len(arts)]
            fh.write(json.dumps({"id": f"{a.id}-wire{k}", "text": a.text + " (AFP)",
                                 "published": a.published, "source": f"Wire{k}"}) + "\n")


def _snapshot(db: Path) -> tuple[set[tuple[object, ...]], set[tuple[object, ...]]]:
    with Store(db, read_only=True) as s:
        ev = s.query("SELECT event_id, article_id, cameo, num_mentions, num_sources FROM events")
        ar = s.query("SELECT article_id, content_hash, coalesce(duplicate_of, ''), n_events "
                     "FROM articles")
    return (set(map(tuple, ev.itertuples(index=False))),
            set(map(tuple, ar.itertuples(index=False))))


def test_mixed_inputs_and_bad_files(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    arts = corpus(8)
    (folder / "one.txt").write_text(arts[0].text)
    (folder / "two.html").write_text(
        f"<html><head><title>Two</title></head><body><article><p>{arts[1].text}</p>"
        "</article></body></html>")
    with gzip.open(folder / "three.jsonl.gz", "wt") as fh:
        for a in arts[2:5]:
            fh.write(json.dumps({"id": a.id, "text": a.text}) + "\n")
    (folder / "four.csv").write_text(
        "id,title,text,published\n" + "".join(f'{a.id},T,"{a.text}",2014-06-14\n'
                                              for a in arts[5:8]))
    (folder / "broken.jsonl.gz").write_bytes(b"not gzip at all")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    (folder / "bad.jsonl").write_text('{"id": "x1", "text": "ok text here"}\n{broken\n')
    done: list[tuple[int, int]] = []
    s = ingest([str(folder)], tmp_path / "s.duckdb", published="2014-06-14",
               coder=SyntheticCoder(), progress=lambda d, t: done.append((d, t)))
    assert s.articles_read == 9  # 8 corpus articles + x1
    assert s.added == 9 and s.events == 24
    codes = sorted(p.code for p in s.problems)
    assert codes == ["E101", "E103", "E107"]
    assert s.skipped == 3 and done and done[-1][0] == 9 and done[-1][1] >= 9
    with Store(tmp_path / "s.duckdb", read_only=True) as st:
        man = st.manifest()
        assert len(man) == 7 and man.articles.sum() == 9
        assert set(st.problems().code) == {"E101", "E103", "E107"}
        arts_df = st.articles()
        assert arts_df.set_index("article_id").loc["two", "title"] == "Two"
        assert st.runs().status.tolist() == ["finished"]


def test_reingest_changes_nothing_and_changed_article_replaces(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    _write_jsonl(src, 20, dups=2)
    db = tmp_path / "s.duckdb"
    first = ingest([str(src)], db, coder=SyntheticCoder())
    assert first.added == 20 and first.duplicate == 2 and first.events == 60
    before = _snapshot(db)
    again = ingest([str(src)], db, coder=SyntheticCoder())
    assert again.unchanged == 22 and again.coded == 0 and again.events == 0
    assert _snapshot(db) == before
    lines = src.read_text().splitlines()
    rec = json.loads(lines[4])
    rec["text"] = rec["text"].replace("On day", "Late on day")
    lines[4] = json.dumps(rec)
    src.write_text("\n".join(lines) + "\n")
    third = ingest([str(src)], db, coder=SyntheticCoder())
    assert third.replaced == 1 and third.unchanged == 21
    ev_after, _ = _snapshot(db)
    assert len(ev_after) == len(before[0])
    with Store(db, read_only=True) as st:
        sentences = set(st.events(article_id=rec["id"]).sentence)
    assert any(s.startswith("Late on day") for s in sentences)


_RUNNER = textwrap.dedent(
    """
    import sys
    from bedfellows.store import ingest
    from tests.store.corpus import SyntheticCoder
    def progress(done, total):
        print(done, flush=True)
    ingest(sys.argv[2:], sys.argv[1], coder=SyntheticCoder(), batch_size=int(sys.argv[0] or 1),
           progress=progress)
    """
)


def _runner(db: Path, src: Path, batch: int = 1) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    code = _RUNNER.replace("int(sys.argv[0] or 1)", str(batch))
    return subprocess.Popen([sys.executable, "-c", code, str(db), str(src)], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, text=True)


def test_kill_9_and_restart_equals_uninterrupted(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    _write_jsonl(src, 150, dups=20)
    whole = tmp_path / "whole.duckdb"
    p = _runner(whole, src, batch=50)
    assert p.wait(timeout=120) == 0
    killed = tmp_path / "killed.duckdb"
    p = _runner(killed, src, batch=1)
    assert p.stdout is not None
    for line in p.stdout:  # kill it mid-run, while it writes
        if int(line) >= 40:
            os.kill(p.pid, signal.SIGKILL)
            break
    p.wait(timeout=30)
    assert p.returncode == -signal.SIGKILL
    with Store(killed, read_only=True) as st:
        partial = st.counts()
        runs = st.runs()
    assert 40 <= partial["articles"] < 170 and runs.status.tolist() == ["running"]
    p = _runner(killed, src, batch=7)
    assert p.wait(timeout=120) == 0
    assert _snapshot(killed) == _snapshot(whole)
    with Store(killed, read_only=True) as st:
        assert st.runs().status.tolist() == ["interrupted", "finished"]
    ev, ar = _snapshot(whole)
    assert len(ar) == 170 and len(ev) == 450
    assert sum(1 for a in ar if a[2]) == 20  # the wire copies are mentions, not events
    assert {e[3] for e in ev} == {1, 2}  # ... counted on the canonical article's events


def test_disk_full_leaves_store_consistent(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    _write_jsonl(src, 300)
    db = tmp_path / "s.duckdb"
    Store(db).close()
    limit = 200_000  # bytes per file: the WAL hits it after about a third of the corpus
    code = textwrap.dedent(
        f"""
        import resource, signal, sys
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
        from bedfellows.cli.main import app
        from tests.store.corpus import SyntheticCoder
        import bedfellows.store.ingest as ing
        from bedfellows.store import ingest
        from bedfellows.errors import StoreError
        try:
            ingest([{str(src)!r}], {str(db)!r}, coder=SyntheticCoder(), batch_size=5)
        except StoreError as exc:
            print(exc)
            sys.exit(3)
        """
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    p = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True,
                       text=True, timeout=120)
    assert p.returncode == 3, p.stderr
    assert "nothing of this batch was stored" in p.stdout
    assert "disk is full or a file size limit" in p.stdout
    assert "Traceback" not in p.stdout
    with Store(db, read_only=True) as st:
        stored = st.counts()
        bad = st.query("SELECT count(*) AS n FROM articles a WHERE n_events <> "
                       "(SELECT count(*) FROM events e WHERE e.article_id = a.article_id)")
    assert 0 < stored["articles"] < 300 and int(bad.n[0]) == 0  # whole articles only
    done = ingest([str(src)], db, coder=SyntheticCoder())  # space again: finish the job
    assert done.added == 300 - stored["articles"] and done.unchanged == stored["articles"]
    with Store(db, read_only=True) as st:
        assert st.counts()["events"] == 900


@pytest.mark.model
def test_real_coder_ingest_and_cli_kill(tmp_path: Path, shared: Path) -> None:
    """The real `bedfellows ingest` script on real text, killed with -9 and restarted."""
    seed = json.loads((shared / "examples" / "seed-article.jsonl").read_text().splitlines()[0])
    paras = [p for p in seed["text"].split("\n") if len(p) > 80]
    src = tmp_path / "paras.jsonl"
    with src.open("w") as fh:
        for i, p in enumerate(paras * 2):  # 2nd copy: same text, new ids -> near-duplicates
            fh.write(json.dumps({"id": f"p{i:03d}", "text": p, "published": "2014-06-14",
                                 "source": f"outlet{i // len(paras)}"}) + "\n")
    script = Path(sys.executable).with_name("bedfellows")
    whole, killed = tmp_path / "whole.duckdb", tmp_path / "killed.duckdb"
    cmd = [str(script), "ingest", str(src), "--batch-size", "1", "-q", "--db"]
    assert subprocess.run(cmd + [str(whole)], capture_output=True, timeout=300).returncode == 0
    p = subprocess.Popen(cmd + [str(killed)], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    wal = killed.with_name(killed.name + ".wal")
    deadline = time.monotonic() + 120
    while p.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size > 15_000:  # a few articles are in
            os.kill(p.pid, signal.SIGKILL)
            break
        time.sleep(0.01)
    assert p.wait(timeout=30) == -signal.SIGKILL
    with Store(killed, read_only=True) as st:
        assert 0 < st.counts()["articles"] < len(paras) * 2 - 2
    r = subprocess.run(cmd + [str(killed)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert _snapshot(killed) == _snapshot(whole)
    ev, ar = _snapshot(whole)
    assert ev and sum(1 for a in ar if a[2]) >= len(paras) - 1
