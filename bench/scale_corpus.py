"""Build the scale corpus for the ingest benchmark: ≥ 2,000 real Chinese policy and legal documents.

    .venv/bin/python bench/scale_corpus.py [--out /tmp/policykg-scale] [--size 2000] [--variants 4]

How it is built (deterministic: the same inputs give the same files):

1. **Real laws, as they are.** The LawRefBook Markdown files (../shared/external/scale, 3,503 files:
   national laws, State Council regulations, judicial interpretations, departmental rules, local
   regulations of seven provinces). Indexes (``_index.md``), the template (``法律法规模版.md``) and
   court cases (``案例/``) are skipped: they are not legislation. Each file is copied unchanged to a
   flat folder as ``law-NNNN-<name>.md`` (a few names repeat across folders, and ingest identifies
   a source by its file name). They are taken in sorted-path order with a stride, so a sample mixes
   every folder rather than taking the first few alphabetically.
2. **Policy documents with their numbers and regions varied.** The five corpus files, the texts in
   ../shared/external/texts and the text the project's own PDF reader extracts from
   ../shared/external/pdfs (scanned PDFs skipped), each written ``--variants`` times: variant k
   replaces the document's own region (the province-level name it mentions most) with another
   province's name everywhere, and adds k to the sequence number of every 文号 (``〔2024〕12号``
   -> ``〔2024〕13号``), so titles and document numbers differ and every variant gets its own
   document IRIs (graph/iris.py: identity comes from the 文号, else title + date). Variant 0 is
   the original text.

The laws fill whatever ``--size`` leaves after the policy variants.
"""

from __future__ import annotations

import argparse
import collections
import re
import shutil
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

EXTERNAL = ROOT.parent / "shared" / "external"
SCALE_TAR = EXTERNAL / "scale" / "lawrefbook-laws-md.tar.gz"
UNPACKED = Path("/tmp/scale")  # where bench/bench_search.py unpacks it too
DEFAULT_OUT = Path("/tmp/policykg-scale")
_NOT_LEGISLATION = re.compile(r"(_index|法律法规模版)\.md$|(^|/)案例/")
#: province-level names (full form first; the short form is what documents also use)
PROVINCES = [("北京市", "北京"), ("上海市", "上海"), ("天津市", "天津"), ("重庆市", "重庆"), ("河北省", "河北"),
             ("山西省", "山西"), ("辽宁省", "辽宁"), ("吉林省", "吉林"), ("江苏省", "江苏"), ("浙江省", "浙江"),
             ("安徽省", "安徽"), ("福建省", "福建"), ("江西省", "江西"), ("山东省", "山东"), ("河南省", "河南"),
             ("湖北省", "湖北"), ("湖南省", "湖南"), ("广东省", "广东"), ("海南省", "海南"), ("四川省", "四川"),
             ("贵州省", "贵州"), ("云南省", "云南"), ("陕西省", "陕西"), ("甘肃省", "甘肃")]
_DOC_NUMBER = re.compile(r"([〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*)(\d{1,4})(\s*号)")


def law_files(unpacked: Path = UNPACKED) -> list[Path]:
    """The LawRefBook legislation files (unpacking the archive first when needed), sorted by path."""
    if not any(unpacked.glob("*/*.md")):
        unpacked.mkdir(parents=True, exist_ok=True)
        with tarfile.open(SCALE_TAR) as tar:
            tar.extractall(unpacked, filter="data")
    return sorted(p for p in unpacked.rglob("*.md")
                  if not _NOT_LEGISLATION.search(p.relative_to(unpacked).as_posix()))


def policy_sources() -> list[tuple[str, str]]:
    """(name, text) of the corpus files, the external texts and the external PDFs' extracted text."""
    from ingest.errors import IngestError
    from ingest.readers import read

    found: list[tuple[str, str]] = []
    for path in sorted((ROOT / "corpus").glob("*.txt")) + sorted((EXTERNAL / "texts").glob("*.*")):
        found.append((path.stem, path.read_text(encoding="utf-8")))
    for pdf in sorted((EXTERNAL / "pdfs").glob("*.pdf")):  # not pdfs/scanned: no text layer
        try:
            found.append((pdf.stem, read(pdf).text))
        except IngestError as e:
            print(f"skipped {pdf.name}: {e}", file=sys.stderr)
    return found


def main_region(text: str) -> tuple[str, str] | None:
    """The province-level region a document mentions most (full and short forms counted together).

    >>> main_region("河南省人民政府 …… 河南 …… 北京市")
    ('河南省', '河南')
    """
    counts = collections.Counter({pair: text.count(pair[1]) for pair in PROVINCES})
    pair, n = counts.most_common(1)[0]
    return pair if n else None


def vary(text: str, k: int) -> str:
    """Variant ``k`` of a document: its main region swapped for another, its 文号 numbers shifted by k.

    >>> vary("河南省发展改革委 豫发改〔2024〕12号 河南", 1)
    '湖北省发展改革委 豫发改〔2024〕13号 湖北'
    """
    if k == 0:
        return text
    region = main_region(text)
    if region is not None:
        others = [p for p in PROVINCES if p != region]
        # the next province after the document's own, so variants of one document differ from each other
        start = PROVINCES.index(region)
        target = others[(start + k - 1) % len(others)]
        text = text.replace(region[0], target[0]).replace(region[1], target[1])
    return _DOC_NUMBER.sub(lambda m: f"{m.group(1)}{int(m.group(2)) + k}{m.group(3)}", text)


def build(out: Path, size: int = 2000, variants: int = 4) -> dict[str, int]:
    """Write the scale corpus to ``out`` (emptied first); returns how many files of each kind."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    written = collections.Counter()
    for name, text in policy_sources():
        for k in range(variants):
            (out / f"policy-{name}-v{k}.txt").write_text(vary(text, k), encoding="utf-8")
            written["policy variants"] += 1
    laws = law_files()
    wanted = max(0, size - written["policy variants"])
    if wanted > len(laws):
        raise SystemExit(f"only {len(laws)} law files: ask for a smaller --size than {size}")
    stride = len(laws) / wanted if wanted else 1
    for i in range(wanted):
        law = laws[int(i * stride)]
        shutil.copyfile(law, out / f"law-{i:04d}-{law.name}")
        written["laws"] += 1
    return dict(written)


def corpus_size(folder: Path) -> tuple[int, int]:
    """(files, bytes) in a built scale corpus."""
    files = [p for p in folder.iterdir() if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--size", type=int, default=2000, help="documents (files) in total")
    parser.add_argument("--variants", type=int, default=4, help="versions of each policy document")
    args = parser.parse_args()
    written = build(args.out, args.size, args.variants)
    files, size = corpus_size(args.out)
    print(f"{args.out}: {files} files, {size / 1e6:.1f} MB ({written})")


if __name__ == "__main__":
    main()
