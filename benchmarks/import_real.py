#!/usr/bin/env python3
"""`pamflet import` on the real corpus (tests/data/real/*/doc.pdf + truth.json).

Run:  .venv/bin/python benchmarks/import_real.py [ID ...] [--text-only | --pdf-only]

For each document and overall, for PDF input and for `pdftotext` text of the same PDF:
headings F1 (against the truth's headings, section numbers and case aside), footnotes
rebuilt (count; and right text under the right number: the n-th truth note's first words
open the n-th footnote), title/author/lang right, residue lines (running heads, folios and
printed contents left in the text), split paragraphs (broken off mid-sentence: a rough count), failures (the import refused the document), and PDF
import speed in pages per second.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from pamflet.errors import PamfletError  # noqa: E402
from pamflet.importer import import_file  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "real"


def norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = text.replace("latex", "latex").replace("\\", "")
    text = re.sub(r"^(?:[\s\d.]+|[a-z]\.\s|[ivx]+\.\s)(?=\D)", "", text)  # section numbers
    return "".join(ch for ch in text if ch.isalnum())


def parse(markdown: str) -> dict:
    meta = {}
    m = re.match(r"---\n(.*?)\n---\n", markdown, re.S)
    if m:
        import yaml

        meta = yaml.safe_load(m.group(1)) or {}
    body = markdown[m.end():] if m else markdown
    headings = [re.sub(r"^#+\s*", "", line) for line in body.split("\n") if re.match(r"^#{1,6} ", line)]
    notes = {}
    for nm in re.finditer(r"^\[\^(\d+)\]: (.*)$", body, re.M):
        notes[int(nm.group(1))] = nm.group(2)
    paras = [p for p in body.split("\n\n") if p.strip() and not p.startswith("[^")]
    return {"meta": meta, "headings": headings, "notes": notes, "body": body, "paras": paras}


def f1(truth: list[str], found: list[str]) -> tuple[float, int, int, int]:
    t = [norm(h) for h in truth]
    f = [norm(h) for h in found]
    left = list(t)
    tp = 0
    for h in f:
        if h in left:
            left.remove(h)
            tp += 1
    p = tp / len(f) if f else (1.0 if not t else 0.0)
    r = tp / len(t) if t else 1.0
    return (2 * p * r / (p + r) if p + r else 0.0), tp, len(f), len(t)


def notes_right(truth: list[dict], notes: dict[int, str]) -> int:
    """Truth notes matched in order (a note missed or called from the title shifts no other)."""
    ordered = [notes[k] for k in sorted(notes)]
    right, j = 0, 0
    for t in truth:
        want = norm(t["start"])[:25]
        for k in range(j, min(j + 3, len(ordered))):
            if norm(ordered[k]).startswith(want):
                right += 1
                j = k + 1
                break
    return right


def furniture(doc: Path) -> list[str]:
    """The PDF's page furniture as the reader sees it: the first and last line of each page
    when it is a lone number (a folio) or repeats, digits aside, on three pages or more."""
    import pymupdf

    edges = []
    for page in pymupdf.open(doc):
        lines = [l.strip() for l in page.get_text().split("\n") if l.strip()]
        if lines:
            edges += {lines[0], lines[-1]}
    key = lambda t: re.sub(r"\d+", "#", t)  # noqa: E731
    counts: dict[str, int] = {}
    for t in edges:
        counts[key(t)] = counts.get(key(t), 0) + 1
    pages = len(edges) // 2 or 1
    return [t for t in edges if re.fullmatch(r"\d{1,4}|[ivxlc]{1,6}", t) or counts[key(t)] >= max(3, pages // 4)]


def residue(doc: Path, body: str) -> int:
    """Paragraphs of the output that are page furniture left in."""
    left = furniture(doc)
    count = 0
    for para in body.split("\n\n"):
        s = para.strip().replace("\\", "")
        if s in left:
            left.remove(s)
            count += 1
    return count


def split_paragraphs(body: str) -> int:
    """Paragraphs broken off mid-sentence: a block that ends without a sentence's closing mark
    followed by one that opens in lower case (list markers aside; headings, notes and tables
    not counted). Code and diagram labels count too: a rough measure, compared run to run."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", body) if b.strip() and not b.lstrip().startswith(("[^", "#", "|"))]
    count = 0
    for a, b in zip(blocks, blocks[1:]):
        last = a.splitlines()[-1].rstrip()
        first = re.sub(r"^(?:[-*]|\d+\.)\s+", "", b.splitlines()[0].lstrip())
        count += bool(last) and last[-1] not in ".!?:;…»”\")]*" and first[:1].islower()
    return count


DETAILS = "--details" in sys.argv


def meta_of(out: dict) -> str:
    m = out["meta"]
    return f"{m.get('title')!r} / {m.get('author')!r} / {m.get('lang')}"


def run(doc: Path, truth: dict, text: bool) -> dict:
    if text:
        tmp = Path(tempfile.mkdtemp()) / "raw.txt"
        subprocess.run(["pdftotext", str(doc), str(tmp)], check=True)
        src = tmp
    else:
        src = doc
    t0 = time.perf_counter()
    try:
        result = import_file(src, lang=None)
    except PamfletError as exc:
        return {"failed": str(exc)}
    secs = time.perf_counter() - t0
    out = parse(result.markdown)
    hf1, tp, nf, nt = f1(truth["headings"], out["headings"])
    if DETAILS:
        t = [norm(h) for h in truth["headings"]]
        f = [norm(h) for h in out["headings"]]
        print(f"--- {doc.parent.name} ({'text' if text else 'pdf'})")
        print("  missed headings:", [h for h in truth["headings"] if norm(h) not in f])
        print("  extra headings:", [h for h in out["headings"] if norm(h) not in t])
        print("  title:", meta_of(out), "| truth:", truth["title"], "/", truth.get("author"))
        ordered = [out["notes"][k] for k in sorted(out["notes"])]
        print("  notes:", [n[:30] for n in ordered])
    right = notes_right(truth["footnotes"], out["notes"])
    meta = out["meta"]
    title_ok = norm(meta.get("title")) == norm(truth["title"])
    author_ok = (truth.get("author") is None and not meta.get("author")) or (
        truth.get("author") is not None and norm(meta.get("author")) == norm(truth["author"])
    )
    return {
        "h_f1": hf1, "h_tp": tp, "h_found": nf, "h_truth": nt,
        "n_truth": len(truth["footnotes"]), "n_found": len(out["notes"]), "n_right": right,
        "title": title_ok, "author": author_ok, "lang": meta.get("lang") == truth["lang"],
        "residue": residue(doc, out["body"]), "split": split_paragraphs(out["body"]), "secs": secs,
    }


def table(kind: str, rows: dict[str, dict], pages: dict[str, int]) -> None:
    print(f"\n{kind}")
    print(f"{'document':16} {'head F1':>8} {'found/truth':>11} {'notes right':>12} {'title':>5} {'author':>6} {'lang':>4} {'resid':>5} {'split':>5} {'pages/s':>8}")
    ok = [r for r in rows.values() if "failed" not in r]
    for k, r in rows.items():
        if "failed" in r:
            print(f"{k:16} FAILED: {r['failed'][:90]}")
            continue
        speed = f"{pages[k] / r['secs']:.0f}" if kind.startswith("PDF") else ""
        print(f"{k:16} {r['h_f1']:8.2f} {r['h_found']:5}/{r['h_truth']:<5} {r['n_right']:5}/{r['n_truth']:<3}({r['n_found']:>2}) {'y' if r['title'] else 'n':>5} {'y' if r['author'] else 'n':>6} {'y' if r['lang'] else 'n':>4} {r['residue']:5} {r['split']:5} {speed:>8}")
    if not ok:
        return
    tp = sum(r["h_tp"] for r in ok)
    nf = sum(r["h_found"] for r in ok)
    nt = sum(r["h_truth"] for r in ok)
    p, rc = (tp / nf if nf else 0), (tp / nt if nt else 0)
    nr = sum(r["n_right"] for r in ok)
    ntr = sum(r["n_truth"] for r in ok)
    total_pages = sum(pages[k] for k in rows if "failed" not in rows[k])
    secs = sum(r["secs"] for r in ok)
    print(
        f"{'overall':16} {2 * p * rc / (p + rc) if p + rc else 0:8.3f} {nf:5}/{nt:<5} {nr:5}/{ntr:<3}={nr / ntr if ntr else 1:.3f} "
        f"{sum(r['title'] for r in ok)}/{len(ok)} {sum(r['author'] for r in ok)}/{len(ok)} {sum(r['lang'] for r in ok)}/{len(ok)} "
        f"resid {sum(r['residue'] for r in ok)}; split {sum(r['split'] for r in ok)}; failures {len(rows) - len(ok)}"
        + (f"; {total_pages / secs:.0f} pages/s" if kind.startswith("PDF") else "")
    )


def main(argv: list[str]) -> None:
    import pymupdf

    ids = [a for a in argv if not a.startswith("--")]
    docs = sorted(p for p in CORPUS.iterdir() if (p / "truth.json").exists() and (not ids or p.name in ids))
    pages = {}
    for kind, text in (("PDF input", False), ("pdftotext text", True)):
        if ("--text-only" in argv and not text) or ("--pdf-only" in argv and text):
            continue
        rows = {}
        for d in docs:
            truth = json.loads((d / "truth.json").read_text())
            if not (d / "doc.pdf").exists():
                rows[d.name] = {"failed": "doc.pdf missing: run tests/data/real/fetch.sh"}
                continue
            pages[d.name] = pymupdf.open(d / "doc.pdf").page_count
            rows[d.name] = run(d / "doc.pdf", truth, text)
        table(kind, rows, pages)
    if "--text-only" not in argv:
        speed_100(docs)


def speed_100(docs: list[Path]) -> None:
    """A 100-page PDF (the corpus's pages, one document after another): seconds to import,
    the word lists already loaded as for any import after the first."""
    import pymupdf

    out = pymupdf.open()
    while out.page_count < 100:
        for d in docs:
            if out.page_count >= 100:
                break
            src = pymupdf.open(d / "doc.pdf")
            out.insert_pdf(src, to_page=min(src.page_count, 100 - out.page_count) - 1)
    path = Path(tempfile.mkdtemp()) / "hundred.pdf"
    out.save(path)
    t0 = time.perf_counter()
    import_file(path)
    secs = time.perf_counter() - t0
    print(f"\n100-page PDF: {secs:.2f} s ({100 / secs:.0f} pages/s); target < 5 s: {'met' if secs < 5 else 'NOT met'}")


if __name__ == "__main__":
    main(sys.argv[1:])
