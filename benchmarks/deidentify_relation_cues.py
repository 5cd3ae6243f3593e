"""Lower-case names after a relation cue ("mijn dochter lisa", "my son jake"): a labelled
sample, and how candidate rules and the de-identifier itself do on it.

The sample is every place where a relation cue as the de-identifier knows it (a determiner, an
optional adjective, a relation word: ``context._RELATIONS_NL`` / ``_RELATIONS_EN``) is followed by
a word in lower case, in

  * the evaluation texts in ../shared/eval: CoNLL-2002, SIB-200, STSb and Europeana (Dutch),
    Dreaddit and MultiWD (English Reddit posts); the demo stories (src/meervoud/demo/data);
    the texts in ../shared/seeds. Each text as written and lower-cased; the lower-cased copy
    adds the places where the word after the cue had a capital (a name typed on a phone);
  * invented sentences, benchmarks/data/relation_cues_sentences.tsv (names in braces).

Labels (name or word, set by hand) for the corpus places are in
benchmarks/data/relation_cues_labels.tsv: source, reference, variant, offset, cue and word only,
no corpus text. A place without a label is reported and makes the run fail.

Reported, per group of sources:

  * candidate rules on their own: names found (true positives), ordinary words taken for a name
    (false positives, also as a share of the places that are no name) and names missed;
  * the de-identifier as it is: the lower-case rule (``context.find_lower_case_names``: the same
    figures, plus the places where it repeats a name it found), and the whole pipeline (is the
    word inside a person annotation of ``Deidentifier()``?).

    python benchmarks/deidentify_relation_cues.py [--show WHAT] [--eval DIR]

``--show`` lists places: ``fp``, ``fn``, ``tp``, ``unlabelled``, ``repeats`` (for labelling).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from meervoud.deidentify import Deidentifier, context, get_deduce

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EVAL = ROOT.parent / "shared" / "eval"
DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"
DEMO = ROOT / "src" / "meervoud" / "demo" / "data"
DATA = Path(__file__).resolve().parent / "data"
SENTENCES = DATA / "relation_cues_sentences.tsv"
LABELS = DATA / "relation_cues_labels.tsv"

csv.field_size_limit(10**8)

# The relation cue as context._CONTEXT_NL / _CONTEXT_EN spell it, with the word after it in any
# capitals: determiner, adjective, relation word, the word.
_DET_NL = r"mijn|m'n|m’n|zijn|z'n|z’n|haar|d'r|d’r|onze|ons|je|jouw|hun|de|het|een"
_DET_EN = r"my|his|her|our|their|your"
_ADJ_NL = (r"oudste|jongste|oudere|jongere|kleine|grote|beste|nieuwe|toenmalige|vorige|eerste|"
           r"tweede|lieve")
_ADJ_EN = r"older|younger|little|big|best|new|old|late|then"
_WORD = r"[^\W\d_]+(?:['’-][^\W\d_]+)*"
CUE = {
    lang: re.compile(rf"\b(?i:({det}))\s+(?:(?i:{adj})\s+)?(?i:({rel})),?\s+({_WORD})")
    for lang, det, adj, rel in (("nl", _DET_NL, _ADJ_NL, context._RELATIONS_NL),
                                ("en", _DET_EN, _ADJ_EN, context._RELATIONS_EN))
}
POSSESSIVE = {
    "nl": frozenset("mijn m'n m’n zijn z'n z’n haar d'r d’r onze ons je jouw hun".split()),
    "en": frozenset("my his her our their your".split()),
}
# A word that can follow a name in subject position and hardly a verb or adverb taken for one
# ("mijn zus fatima is", "my son jake said"); punctuation and the end count too.
CONFIRM = {
    "nl": frozenset(
        "en is was heeft had zei zegt kwam komt ging gaat woont woonde werkt werkte belde belt kan "
        "kon wil wilde moet moest mag mocht zal zou wordt werd weet wist vond vindt zat zit stond "
        "staat bleef blijft kreeg krijgt liet laat nam neemt gaf geeft hielp helpt deed doet zag "
        "ziet dacht denkt vroeg vraagt sloeg slaat dronk drinkt overleed stierf".split()),
    "en": frozenset(
        "and is was has had said says came comes went goes lives lived works worked called calls "
        "told tells wants wanted will would can could does did got gets died passed who loves "
        "loved thinks thought knows knew keeps kept helped".split()),
}

GROUPS = {
    "Dutch corpora": {"conll", "sib200", "stsb", "europeana", "seeds", "demo-nl"},
    "English corpora": {"dreaddit", "multiwd", "demo-en"},
    "invented, Dutch": {"invented-nl"},
    "invented, English": {"invented-en"},
    "invented, hard cases (Dutch)": {"invented-hard"},
}


@dataclass(frozen=True)
class Text:
    source: str
    ref: str
    lang: str
    variant: str  # "as_written" or "lower"
    text: str
    names: tuple[tuple[int, int], ...] = ()  # invented sentences: where the names are


@dataclass(frozen=True)
class Place:
    text: Text
    det: str
    cue: str
    start: int
    end: int

    @property
    def word(self) -> str:
        return self.text.text[self.start : self.end]

    @property
    def key(self) -> tuple[str, str, str, int]:
        return (self.text.source, self.text.ref, self.text.variant, self.start)


# ---------------------------------------------------------------- the texts


def _conll_sentences(path: Path) -> Iterator[str]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from deidentify_conll import read_conll  # the same detokenisation as that benchmark

    for sentence in read_conll(path):
        yield sentence.text


def _europeana_chunks(path: Path) -> Iterator[str]:
    """The file has no sentence breaks: cut at full stops (at most 200 tokens)."""
    tokens: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            continue
        tokens.append(parts[0])
        if (parts[0] == "." and len(tokens) > 5) or len(tokens) > 200:
            yield " ".join(tokens)
            tokens = []
    if tokens:
        yield " ".join(tokens)


def corpus_texts(eval_dir: Path, seeds_dir: Path) -> Iterator[tuple[str, str, str, str]]:
    """(source, reference, language, text) for every corpus text there is; missing files are
    skipped (and reported)."""
    def have(path: Path) -> bool:
        if not path.exists():
            print(f"  (niet gevonden, overgeslagen: {path})", file=sys.stderr)
            return False
        return True

    if have(eval_dir / "conll2002-ned-testa.txt"):
        for i, text in enumerate(_conll_sentences(eval_dir / "conll2002-ned-testa.txt")):
            yield "conll", str(i), "nl", text
    for name in ("sib200-nld-train.tsv", "sib200-nld-dev.tsv"):
        if have(eval_dir / name):
            with open(eval_dir / name, encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh, delimiter="\t"):
                    yield "sib200", f"{name.split('-')[2][:-4]}:{row['index_id']}", "nl", row["text"]
    if have(eval_dir / "stsb-nl-dev.csv"):
        with open(eval_dir / "stsb-nl-dev.csv", encoding="utf-8", newline="") as fh:
            for i, row in enumerate(csv.reader(fh)):
                yield "stsb", f"{i}a", "nl", row[0]
                yield "stsb", f"{i}b", "nl", row[1]
    if have(eval_dir / "europeana-nl.bio"):
        for i, text in enumerate(_europeana_chunks(eval_dir / "europeana-nl.bio")):
            yield "europeana", str(i), "nl", text
    for part in ("a", "b"):
        stories = json.loads((DEMO / f"stories_{part}.json").read_text(encoding="utf-8"))["stories"]
        for story in stories:
            for field in ("title", "text", "helped", "hindered"):
                if isinstance(story.get(field), str):
                    yield f"demo-{story['language']}", f"{story['key']}:{field}", story["language"], story[field]
    if seeds_dir.is_dir():
        for path in sorted(seeds_dir.glob("*.txt")):
            yield "seeds", path.name, "nl", path.read_text(encoding="utf-8")
    for name in ("dreaddit-train.csv", "multiwd-train.csv"):
        if have(eval_dir / name):
            with open(eval_dir / name, encoding="utf-8", newline="") as fh:
                for i, row in enumerate(csv.DictReader(fh)):
                    yield name.split("-")[0], str(i), "en", row["text"]


def invented_texts() -> Iterator[Text]:
    for line in SENTENCES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        ref, lang, kind, marked = line.split("\t")
        text, names, pos = "", [], 0
        for m in re.finditer(r"\{([^}]*)\}", marked):
            text += marked[pos : m.start()]
            names.append((len(text), len(text) + len(m.group(1))))
            text += m.group(1)
            pos = m.end()
        text += marked[pos:]
        source = "invented-hard" if kind == "hard" else f"invented-{lang}"
        yield Text(source, ref, lang, "as_written", text, tuple(names))


def all_texts(eval_dir: Path, seeds_dir: Path) -> Iterator[Text]:
    for source, ref, lang, text in corpus_texts(eval_dir, seeds_dir):
        yield Text(source, ref, lang, "as_written", text)
        if text.lower() != text and len(text.lower()) == len(text):
            yield Text(source, ref, lang, "lower", text.lower())
    yield from invented_texts()


def places(texts: list[Text]) -> list[Place]:
    """The relation cues followed by a lower-case word. In a lower-cased copy only those whose
    word had a capital (the others are the same place as in the text as written)."""
    out = []
    originals = {(t.source, t.ref): t.text for t in texts if t.variant == "as_written"}
    for text in texts:
        for m in CUE[text.lang].finditer(text.text):
            word = m.group(3)
            if not word[0].islower():
                continue
            if text.variant == "lower" and originals[(text.source, text.ref)][m.start(3)].islower():
                continue
            out.append(Place(text, m.group(1).casefold(), m.group(2).casefold(), m.start(3), m.end(3)))
    return out


# ---------------------------------------------------------------- labels


def read_labels() -> dict[tuple[str, str, str, int], tuple[str, str]]:
    labels = {}
    with open(LABELS, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t"):
            key = (row["source"], row["ref"], row["variant"], int(row["offset"]))
            labels[key] = (row["word"], row["label"])
    return labels


def is_name_at(text: Text, start: int, end: int,
               labels: dict[tuple[str, str, str, int], tuple[str, str]]) -> bool | None:
    """True/False by the hand labels (braces for invented sentences); None if unlabelled."""
    if text.source.startswith("invented"):
        return any(s < end and start < e for s, e in text.names)
    label = labels.get((text.source, text.ref, text.variant, start))
    if label is None or label[0] != text.text[start:end]:
        return None
    return label[1] == "name"


# ---------------------------------------------------------------- candidate rules


def _listed(place: Place) -> bool:
    """The naming cues' test: on the first-name lists and no ordinary word."""
    lang = place.text.lang
    return context._is_first_name(place.word, context._ordinary_words(lang))


def _possessive(place: Place) -> bool:
    return place.det in POSSESSIVE[place.text.lang]


def _confirmed(place: Place, punctuation: str = ",.!?;:)") -> bool:
    """Punctuation, the end, or a finite verb / "en" after the word."""
    rest = place.text.text[place.end :]
    if not rest.strip() or re.match(r"\s*[" + re.escape(punctuation) + "]", rest):
        return True
    nxt = re.match(r"\s+(" + _WORD + ")", rest)
    return nxt is not None and nxt.group(1).casefold() in CONFIRM[place.text.lang]


def _verb_like() -> dict[str, frozenset[str]]:
    """data/verb_like_names.txt: first names that after a relation word are mostly a verb,
    adverb, adjective or numeral ("mijn vader koos", "my mom said")."""
    lists: dict[str, set[str]] = {"nl": set(), "en": set()}
    lang = "nl"
    # the project's file, also when an older meervoud is on the path (to measure it)
    lines = (ROOT / "src" / "meervoud" / "deidentify" / "data" / "verb_like_names.txt").read_text("utf-8")
    for line in lines.splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            lang = line[1:-1]
        elif line and not line.startswith("#"):
            lists[lang].add(line.casefold())
    return {lang: frozenset(words) for lang, words in lists.items()}


VERB_LIKE = _verb_like()


def _verb_like_word(place: Place) -> bool:
    return place.word.casefold() in VERB_LIKE[place.text.lang]


RULES: dict[str, Callable[[Place], bool]] = {
    "A: first-name lists, no ordinary word (as the naming cues)": _listed,
    "B: A, after a possessive only (mijn, zijn ..., my, his ...)": lambda p: _listed(p) and _possessive(p),
    "C: B, and a verb, 'en'/'and' or punctuation after the name": lambda p: _listed(p) and _possessive(p) and _confirmed(p),
    "D: A; a verb-like word* only with a verb, 'en' or .!?;) after it":
        lambda p: _listed(p) and (not _verb_like_word(p) or _confirmed(p, ".!?;)")),
    "E: A, never a verb-like word* (adopted)": lambda p: _listed(p) and not _verb_like_word(p),
}
RULES_NOTE = "* verb-like: src/meervoud/deidentify/data/verb_like_names.txt (\"koos\", \"constant\", \"said\", \"may\")"


# ---------------------------------------------------------------- measuring


@dataclass
class Score:
    places: int = 0
    names: int = 0
    tp: int = 0
    fp: int = 0

    @property
    def fn(self) -> int:
        return self.names - self.tp

    def cells(self) -> str:
        words = self.places - self.names
        share = f"{100 * self.fp / words:.2f}%" if words else "-"
        recall = f"{100 * self.tp / self.names:.0f}%" if self.names else "-"
        return f"{self.tp:>4} {self.fp:>4} {share:>7} {self.fn:>4} {recall:>6}"


def _cpu() -> str:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from deidentify_conll import cpu_name

    return f"{cpu_name()}, {os.cpu_count()} cores"


def group_of(source: str) -> str:
    return next(name for name, members in GROUPS.items() if source in members)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL, help="folder with the evaluation files")
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="folder with seed texts")
    parser.add_argument("--show", choices=["fp", "fn", "tp", "unlabelled", "repeats"], action="append", default=[])
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args()

    texts = list(all_texts(args.eval, args.seeds))
    found = places(texts)
    labels = read_labels()
    truth: dict[tuple[str, str, str, int], bool] = {}
    unlabelled = []
    for place in found:
        name = is_name_at(place.text, place.start, place.end, labels)
        if name is None:
            unlabelled.append(place)
        else:
            truth[place.key] = name
    labelled = [p for p in found if p.key in truth]

    def show(kind: str, place: Place, note: str = "") -> None:
        if kind in args.show:
            t = place.text.text
            context_ = t[max(0, place.start - 50) : place.end + 40].replace("\n", " ")
            print(f"{kind}\t{place.text.source}\t{place.text.ref}\t{place.text.variant}\t{place.start}\t"
                  f"{place.cue}\t{place.word}\t{note}\t{context_}")

    for place in unlabelled:
        show("unlabelled", place)

    group_names = list(GROUPS)
    print(f"Sample: {len(found)} places (relation cue + lower-case word) in {len({(t.source, t.ref) for t in texts})} "
          f"texts; {len(labelled)} labelled, {sum(truth.values())} of them names.")
    counts = Counter((group_of(p.text.source), truth[p.key]) for p in labelled)
    for group in group_names:
        print(f"  {group:32} {counts[(group, True)] + counts[(group, False)]:>5} places, "
              f"{counts[(group, True)]:>4} names")
    print()
    header = f"{'':66}{'group':32} {'TP':>4} {'FP':>4} {'FP/word':>7} {'miss':>4} {'recall':>6}"

    report: dict[str, dict[str, dict[str, int]]] = {}

    def table(title: str, hit: Callable[[Place], bool], show_kind: bool = False) -> None:
        scores = defaultdict(Score)
        for place in labelled:
            score = scores[group_of(place.text.source)]
            name = truth[place.key]
            got = hit(place)
            score.places += 1
            score.names += name
            score.tp += name and got
            score.fp += got and not name
            if show_kind:
                if got and not name:
                    show("fp", place)
                elif name and not got:
                    show("fn", place)
                elif got:
                    show("tp", place)
        report[title] = {g: vars(s) for g, s in scores.items()}
        for i, group in enumerate(group_names):
            print(f"{(title if i == 0 else ''):66}{group:32} {scores[group].cells()}")

    print("Candidate rules on their own")
    print(header)
    for title, rule in RULES.items():
        table(title, rule)
    print(RULES_NOTE)
    print()

    # the de-identifier as it is now
    lower_spans: dict[tuple[str, str, str], list[tuple[int, int]]] = {}
    started = time.perf_counter()
    with_places = {(p.text.source, p.text.ref, p.text.variant) for p in found}
    for text in texts:
        key = (text.source, text.ref, text.variant)
        if key in with_places:
            lower_spans[key] = [(s.start, s.end) for s in context.find_lower_case_names(text.text, text.lang)]
    rule_s = time.perf_counter() - started

    def by_rule(place: Place) -> bool:
        spans = lower_spans[(place.text.source, place.text.ref, place.text.variant)]
        return any(s < place.end and place.start < e for s, e in spans)

    print("The de-identifier as it is")
    print(header)
    table("lower-case rule (context.find_lower_case_names)", by_rule, show_kind=True)

    # the other places the lower-case rule takes in these texts: names after a naming cue, and
    # repeats ("mijn zus fatima ... fatima belde"); a repeat of a name it found after a relation cue
    # is counted apart
    cue_keys = {p.key for p in found}
    found_words: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for place in labelled:
        if by_rule(place):
            found_words[(place.text.source, place.text.ref, place.text.variant)].add(place.word.casefold())
    other = Counter()
    for text in texts:
        key = (text.source, text.ref, text.variant)
        for start, end in sorted(set(lower_spans.get(key, []))):
            if (*key, start) in cue_keys:
                continue
            name = is_name_at(text, start, end, labels)
            verdict = "name" if name else "unlabelled" if name is None else "word"
            repeat = text.text[start:end].casefold() in found_words[key]
            other[(verdict, group_of(text.source), repeat)] += 1
            if "repeats" in args.show:
                t = text.text
                print(f"repeats\t{text.source}\t{text.ref}\t{text.variant}\t{start}\t-\t{t[start:end]}\t"
                      f"{name}\t{t[max(0, start - 50) : end + 40]!r}")
    for repeat, title in ((True, "  repeats of names found after a relation cue"),
                          (False, "  other places (naming cues and their repeats)")):
        cells = []
        for group in group_names:
            n = {v: other[(v, group, repeat)] for v in ("name", "word", "unlabelled")}
            if sum(n.values()):
                cells.append(f"{group}: {n['name']} names, {n['word']} words"
                             + (f", {n['unlabelled']} unlabelled" if n["unlabelled"] else ""))
        print(f"{title:66}" + ("; ".join(cells) or "none"))
    report["lower-case rule, other places"] = {
        f"{group}, {'repeat' if repeat else 'other'}: {verdict}": n for (verdict, group, repeat), n in other.items()}

    started = time.perf_counter()
    get_deduce()
    load_s = time.perf_counter() - started
    deidentifier = Deidentifier()
    person: dict[tuple[str, str, str], list[tuple[int, int]]] = {}
    started = time.perf_counter()
    for text in texts:
        key = (text.source, text.ref, text.variant)
        if key in with_places:
            result = deidentifier(text.text, lang=text.lang)
            person[key] = [(a.start, a.end) for a in result.annotations if a.kind == "person"]
    pipeline_s = time.perf_counter() - started

    def by_pipeline(place: Place) -> bool:
        spans = person[(place.text.source, place.text.ref, place.text.variant)]
        return any(s < place.end and place.start < e for s, e in spans)

    table("whole pipeline (Deidentifier(), person annotations)", by_pipeline)
    print()
    print(f"{len(with_places)} texts with a place; lower-case rule {rule_s:.1f} s, pipeline {pipeline_s:.1f} s "
          f"(deduce loaded in {load_s:.1f} s); {_cpu()}")
    if unlabelled:
        print(f"\n{len(unlabelled)} places without a label (--show unlabelled)", file=sys.stderr)
    if any(key[0] == "unlabelled" for key in other):
        print("other places without a label (--show repeats)", file=sys.stderr)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    return 1 if unlabelled else 0


if __name__ == "__main__":
    raise SystemExit(main())
