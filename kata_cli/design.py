"""System-design katas: the 9-step template, the rubric, and how an answer is scored.

A design kata's answer is a Markdown file (``design.md``) with one section per step of an ML
system design interview (:data:`STEPS`). The case's rubric, ``graders/<slug>/rubric.toml``,
lists the concepts an interviewer expects (each with synonyms, a weight and the step it belongs
to), the red flags an interviewer would stop at, and the words that name the case's product.

How an answer is scored (the same rules the prompt and ``graders/README.md`` state):

- Only the text under the 9 step headings counts; HTML comments (the template's guiding
  questions), code blocks and tables are ignored.
- The text is cut into sentences. A *real sentence* has at least :data:`MIN_WORDS` words and
  enough function words (the, we, of, to, ...) to be prose rather than a list of terms; a
  sentence already seen in an earlier step (a pasted paragraph) counts once, where it first
  appears. Concepts are credited only inside real sentences, at most
  :data:`MAX_CONCEPTS_PER_SENTENCE` per sentence (the heaviest).
- A concept found in one of its own steps earns its weight for its first step; found only
  elsewhere, half. Step score = points x min(1, coverage / :data:`FULL_COVERAGE`) x
  min(1, real sentences / :data:`FULL_SENTENCES`): covering 60% of a step's weighted concepts
  in a few real sentences earns the step's points, and no step earns more.
- A sentence that only swaps the term in a frame used :data:`FRAME_REPEATS` times already
  (same first and last three words: "We will use X for the ads model.") credits nothing.
- Red flags come from the rubric and from ``graders/design_red_flags.toml`` (every case); a
  sentence with a negation or a rejection ("never", "would leak", "tempting") does not raise one.
  Every red flag costs :data:`RED_FLAG_COST` points. An answer whose graded text names the
  case's product fewer than ``min_mentions`` times is off-topic: its score is multiplied by
  :data:`OFF_TOPIC_FACTOR`.
- Passed: score >= :data:`PASS_SCORE`, every step substantive (at least
  :data:`MIN_SUBSTANTIVE` real sentences), no red flag.

Pure Python on purpose: grading a design is fast, needs no sandbox (no candidate code runs) and
imports nothing heavy; jinja2 is imported only to render the template.
"""

from __future__ import annotations

import re
import textwrap
import time
import tomllib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from kata_cli.catalog import Kata
from kata_cli.errors import CatalogError


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    points: float
    keywords: tuple[str, ...]  # words that identify the heading when it is not numbered


STEPS: tuple[Step, ...] = (
    Step(1, "Problem formulation", 12, ("problem", "formulation", "clarif", "requirement")),
    Step(2, "Metrics", 12, ("metric",)),
    Step(3, "Architecture", 10, ("architecture", "components", "high-level", "high level")),
    Step(4, "Data collection and preparation", 11, ("data collection", "data preparation", "data")),
    Step(5, "Feature engineering", 11, ("feature",)),
    Step(6, "Model development and offline evaluation", 13, ("model development", "offline evaluation", "model")),
    Step(7, "Prediction service", 11, ("prediction service", "serving", "inference", "prediction")),
    Step(8, "Online testing and deployment", 10, ("online testing", "deployment", "a/b")),
    Step(9, "Scaling, monitoring and updates", 10, ("scaling", "monitoring", "updates")),
)
STEP_BY_NUMBER = {s.number: s for s in STEPS}

MIN_WORDS = 6
FUNCTION_WORD_SHARE = 0.08
MIN_FUNCTION_WORDS = 2
MAX_CONCEPTS_PER_SENTENCE = 4
FULL_COVERAGE = 0.6
FULL_SENTENCES = 4
MIN_SUBSTANTIVE = 2
RED_FLAG_COST = 6.0
OFF_TOPIC_FACTOR = 0.25
PASS_SCORE = 70.0
STEP_PASS_SHARE = 0.6  # a step is shown as passed from 60% of its points
OFF_STEP_CREDIT = 0.5
FRAME_REPEATS = 2  # a sentence frame may carry a different term twice; later copies credit nothing
RUBRIC_FILE = "rubric.toml"
COMMON_RED_FLAGS = "design_red_flags.toml"  # in graders/, next to the cases' folders
TEMPLATE = Path(__file__).resolve().parent / "templates" / "design.md.j2"

FUNCTION_WORDS = frozenset("""
a an the of to in on for with by from at as into onto over under about after before between
within without through per via than then so because while when where which who whom whose what
how why if unless until since though although whether is are was were be been being am do does
did done has have had having will would should could can may might must shall we our ours us
i my me you your it its they them their this that these those there here each every any all
both either neither some such no not nor and or but also only more most less least very too
one two first second new other another same own just up down out off again once
""".split())

# a sentence with one of these rejects what it names ("we never split at random", "a random
# split would leak the future"): its red-flag matches do not count
NEGATION = re.compile(
    r"\b(?:not|never|no|nor|avoid\w*|instead|rather|misleading|mistaken?|mistakes|"
    r"pitfall\w*|wrong\w*|cannot|beware|tempting|naive\w*|leak\w*|fail\w*|danger\w*|"
    r"don't|doesn't|won't|isn't|aren't|shouldn't|wouldn't)\b"
    r"|n't\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’]*")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_NUMBERED = re.compile(r"^(?:step\s*)?([1-9])(?![0-9])\s*[.):\-–—]?\s*(.*)$", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_FENCE = re.compile(r"^\s*(```|~~~)")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[A-Z0-9\"'(\[])")


# --------------------------------------------------------------------------- the rubric


@dataclass(frozen=True)
class Concept:
    name: str
    steps: tuple[int, ...]
    weight: float
    phrases: tuple[str, ...]
    ask: str

    @property
    def step(self) -> int:
        """The step whose score the concept counts toward."""
        return self.steps[0]

    def found_in(self, sentence: str, lowered: str) -> bool:
        """Whether a phrase occurs; ``lowered`` is ``sentence.lower()`` (a cheap first filter:
        a plain phrase's first word must be in it before its regular expression is even
        compiled: most phrases of a rubric never are)."""
        return any((key is None or key in lowered) and _phrase_regex(phrase).search(sentence)
                   for key, phrase in zip(self.keys, self.phrases))

    @cached_property
    def keys(self) -> tuple[str | None, ...]:
        return tuple(None if p.startswith("re:") else re.split(r"[\s\-]+", p.strip().lower())[0]
                     for p in self.phrases)


@dataclass(frozen=True)
class RedFlag:
    name: str
    step: int
    patterns: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...]
    example: str
    why: str


@dataclass(frozen=True)
class Rubric:
    path: Path
    topic_terms: tuple[str, ...]
    topic_patterns: tuple[re.Pattern[str], ...]
    min_mentions: int
    concepts: tuple[Concept, ...]
    red_flags: tuple[RedFlag, ...]



def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A rubric phrase as a regex: case-insensitive, starting at a word boundary, free to end
    inside a word; spaces and hyphens match any run of spaces or hyphens; ``re:`` is raw."""
    if phrase.startswith("re:"):
        return re.compile(phrase[3:], re.IGNORECASE)
    parts = [re.escape(p) for p in re.split(r"[\s\-]+", phrase.strip()) if p]
    body = r"[\s\-]+".join(parts)
    lead = r"(?<![A-Za-z0-9])" if phrase[:1].isalnum() else ""
    return re.compile(lead + body, re.IGNORECASE)


@lru_cache(maxsize=None)
def _phrase_regex(phrase: str) -> re.Pattern[str]:
    return phrase_pattern(phrase)


def _bad(path: Path, where: str, message: str) -> CatalogError:
    return CatalogError(f"{path}: {where}: {message}")


def _strings(path: Path, where: str, value: Any, *, allow_empty: bool = False) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _bad(path, where, "must be a list of non-empty strings")
    if not value and not allow_empty:
        raise _bad(path, where, "must not be empty")
    return tuple(value)


def _compile(path: Path, where: str, phrases: tuple[str, ...], *, raw: bool) -> tuple[re.Pattern[str], ...]:
    out = []
    for phrase in phrases:
        try:
            out.append(re.compile(phrase, re.IGNORECASE) if raw else phrase_pattern(phrase))
        except re.error as exc:
            raise _bad(path, where, f"bad regular expression {phrase!r}: {exc}") from None
    return tuple(out)


def _steps(path: Path, where: str, value: Any) -> tuple[int, ...]:
    steps = value if isinstance(value, list) else [value]
    if not steps or not all(isinstance(s, int) and not isinstance(s, bool) and 1 <= s <= 9 for s in steps):
        raise _bad(path, where, "step must be a step number 1-9 or a list of them")
    return tuple(steps)


def _check_keys(path: Path, where: str, table: Any, required: set[str], optional: set[str]) -> None:
    if not isinstance(table, dict):
        raise _bad(path, where, "must be a table")
    unknown = sorted(set(table) - required - optional)
    if unknown:
        raise _bad(path, where, f"unknown key(s): {', '.join(unknown)}")
    missing = sorted(required - set(table))
    if missing:
        raise _bad(path, where, f"missing key(s): {', '.join(missing)}")


def _red_flags(path: Path, items: Any) -> list[RedFlag]:
    if not isinstance(items, list):
        raise _bad(path, "red_flag", "must be an array of tables ([[red_flag]])")
    flags = []
    for i, item in enumerate(items, 1):
        where = f"red_flag {i}"
        _check_keys(path, where, item, {"name", "step", "pattern", "example", "why"}, {"unless"})
        where = f"red_flag {i} ({item['name']!r})"
        flags.append(RedFlag(
            name=str(item["name"]), step=_steps(path, where, item["step"])[0],
            patterns=_compile(path, f"{where} pattern", _strings(path, where, item["pattern"]), raw=True),
            unless=_compile(path, f"{where} unless",
                            _strings(path, where, item.get("unless", []), allow_empty=True), raw=True),
            example=str(item["example"]), why=str(item["why"]),
        ))
    return flags


@lru_cache(maxsize=4)
def load_common_red_flags(path: Path) -> list[RedFlag]:
    """graders/design_red_flags.toml: the red flags of every case."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, OSError) as exc:
        raise CatalogError(f"{path}: cannot be read: {exc}") from None
    _check_keys(path, "top level", raw, {"format_version", "red_flag"}, set())
    return _red_flags(path, raw["red_flag"])


@lru_cache(maxsize=64)
def load_rubric(path: Path) -> Rubric:
    """Parse and validate a rubric.toml; every problem is a CatalogError naming the file."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise CatalogError(f"{path}: cannot be read: {exc.strerror}") from None
    _check_keys(path, "top level", raw, {"format_version", "topic", "concept", "red_flag"}, set())
    if raw["format_version"] != 1:
        raise _bad(path, "format_version", f"{raw['format_version']!r} is not supported (1 is)")
    topic = raw["topic"]
    _check_keys(path, "[topic]", topic, {"terms", "min_mentions"}, set())
    terms = _strings(path, "[topic] terms", topic["terms"])
    if not isinstance(topic["min_mentions"], int) or topic["min_mentions"] < 1:
        raise _bad(path, "[topic] min_mentions", "must be a positive integer")
    concepts = []
    if not isinstance(raw["concept"], list):
        raise _bad(path, "concept", "must be an array of tables ([[concept]])")
    for i, item in enumerate(raw["concept"], 1):
        where = f"concept {i}"
        _check_keys(path, where, item, {"name", "step", "weight", "any", "ask"}, set())
        where = f"concept {i} ({item['name']!r})"
        weight = item["weight"]
        if not isinstance(weight, (int, float)) or isinstance(weight, bool) or not 0 < weight <= 5:
            raise _bad(path, where, "weight must be a number in (0, 5]")
        phrases = _strings(path, f"{where} any", item["any"])
        concepts.append(Concept(
            name=str(item["name"]), steps=_steps(path, where, item["step"]), weight=float(weight),
            phrases=phrases, ask=str(item["ask"]),
        ))
        _compile(path, f"{where} any", tuple(p for p in phrases if p.startswith("re:")), raw=False)
    names = [c.name for c in concepts]
    duplicate = next((n for n in names if names.count(n) > 1), None)
    if duplicate:
        raise _bad(path, "concept", f"{duplicate!r} appears twice")
    flags = _red_flags(path, raw["red_flag"])
    common = path.parent.parent / COMMON_RED_FLAGS
    if common.is_file() and path.parent.parent.name == "graders":
        flags += load_common_red_flags(common)
    return Rubric(
        path=path, topic_terms=terms, topic_patterns=_compile(path, "[topic] terms", terms, raw=False),
        min_mentions=topic["min_mentions"], concepts=tuple(concepts), red_flags=tuple(flags),
    )


def rubric_for(kata: Kata) -> Rubric:
    return load_rubric(kata.grader_dir / RUBRIC_FILE)


# --------------------------------------------------------------------------- the template


def render_template(kata: Kata, prompt: str) -> str:
    """design.md for a new attempt: the shared 9-step template with the case's prompt."""
    import jinja2

    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    try:
        template = env.from_string(TEMPLATE.read_text(encoding="utf-8"))
    except jinja2.TemplateError as exc:  # pragma: no cover - the template ships with the package
        raise CatalogError(f"{TEMPLATE}: template error: {exc}") from None
    return template.render(kata=kata, prompt=prompt.strip(), steps=STEPS)


# --------------------------------------------------------------------------- reading an answer


@dataclass
class Section:
    step: Step
    text: str = ""
    heading: str = ""


def _step_of_heading(title: str, *, numbered_only: bool = False) -> Step | None:
    """The step a heading names: by its number ("1.", "Step 1:"), else by its title words."""
    plain = re.sub(r"[*_`]", "", title).strip()
    numbered = _NUMBERED.match(plain)
    if numbered:
        return STEP_BY_NUMBER[int(numbered.group(1))]
    if numbered_only:
        return None
    lowered = plain.lower()
    for step in STEPS:
        if lowered == step.title.lower():
            return step
    for generic in (False, True):  # distinctive words first, then "data", "model", ...
        for step in STEPS:
            if any(k in lowered for k in step.keywords if (" " not in k and k in _GENERIC) == generic):
                return step
    return None


_GENERIC = frozenset({"data", "model", "prediction", "problem"})


def split_sections(text: str) -> tuple[dict[int, Section], list[str]]:
    """The answer's text per step number, and notes about its structure.

    Step headings are the headings that name a step (``## 1. Problem formulation``,
    ``### Step 2: Metrics``, ``## Metrics``) at the level most of them use; a deeper heading
    belongs to the step above it, another heading at the step level or above ends the step.
    """
    text = _COMMENT.sub("", text.replace("\r\n", "\n"))
    lines = text.split("\n")
    headings = []
    in_fence = False
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        match = None if in_fence else _HEADING.match(line)
        if match:
            headings.append((i, len(match.group(1)), match.group(2)))
    # numbered step headings, when the answer uses them (the template does), else titles
    numbered = sum(1 for _, _, title in headings if _step_of_heading(title, numbered_only=True))
    headings = [(i, lvl, title, _step_of_heading(title, numbered_only=numbered >= 3))
                for i, lvl, title in headings]
    step_levels = [level for _, level, _, step in headings if step is not None]
    notes: list[str] = []
    sections: dict[int, Section] = {}
    if not step_levels:
        return sections, notes
    # the level most step headings use (a "# ...: a model answer" title is not step 6)
    level = max(sorted(set(step_levels)), key=step_levels.count)
    bounds = [(i, step if lvl == level else None, title) for i, lvl, title, step in headings if lvl <= level]
    for n, (i, step, title) in enumerate(bounds):
        if step is None:
            continue
        end = bounds[n + 1][0] if n + 1 < len(bounds) else len(lines)
        body = "\n".join(lines[i + 1:end])
        if step.number in sections:
            notes.append(f"step {step.number} has two headings; their text is read as one section")
            sections[step.number].text += "\n" + body
        else:
            sections[step.number] = Section(step, body, title)
    return sections, notes


def _units(text: str) -> list[str]:
    """Paragraphs and list items, without code blocks, tables and headings."""
    units: list[str] = []
    current: list[str] = []
    in_fence = False

    def flush() -> None:
        if current:
            units.append(" ".join(current))
            current.clear()

    for line in text.split("\n"):
        stripped = line.strip()
        if _FENCE.match(line):
            flush()
            in_fence = not in_fence
            continue
        if in_fence or stripped.startswith("|") or _HEADING.match(stripped):
            flush()
            continue
        if not stripped:
            flush()
            continue
        item = re.match(r"^([-*+]|\d+[.)])\s+(.*)$", stripped)
        if item:
            flush()
            stripped = item.group(2)
        current.append(stripped.lstrip(">").strip())
    flush()
    return [u for u in units if u]


def sentences(text: str) -> list[str]:
    out = []
    for unit in _units(text):
        unit = re.sub(r"[*_`]+", "", unit)
        out += [s.strip() for s in _SENTENCE_END.split(unit) if s.strip()]
    return out


def words(sentence: str) -> list[str]:
    return _WORD.findall(sentence)


def is_real_sentence(sentence: str) -> bool:
    """Prose, not a list of terms: enough words, and enough of them function words."""
    tokens = [w.lower().replace("’", "'") for w in words(sentence)]
    if len(tokens) < MIN_WORDS:
        return False
    function = sum(1 for t in tokens if t in FUNCTION_WORDS)
    return function >= max(MIN_FUNCTION_WORDS, FUNCTION_WORD_SHARE * len(tokens))


def _fingerprint(sentence: str) -> str:
    return " ".join(w.lower() for w in words(sentence))


def _frame(sentence: str) -> str:
    """A sentence's first and last three words: what stays when only the term in the middle
    changes ("We will use X for the ads model.")."""
    tokens = [w.lower() for w in words(sentence)]
    return " ".join(tokens[:3]) + " ... " + " ".join(tokens[-3:])


def word_count(text: str) -> int:
    """Words under the step headings (the measure the catalogue's length rules use)."""
    sections, _ = split_sections(text)
    return sum(len(words(s)) for sec in sections.values() for s in sentences(sec.text))


# --------------------------------------------------------------------------- scoring


@dataclass
class StepScore:
    step: Step
    present: bool
    sentences: int  # real sentences counted here
    words: int
    found: list[Concept]  # credited concepts whose step this is (full or half)
    half: list[Concept]  # of those, found only outside their own steps
    missing: list[Concept]
    coverage: float
    earned: float
    repeated_from: list[int]  # earlier steps whose sentences were pasted here
    listed_terms: bool  # concepts written mostly outside real sentences
    elsewhere: dict[str, list[int]] = field(default_factory=dict)  # half-credit concept -> steps it was in
    templated: int = 0  # sentences that only swapped a term in a repeated frame

    @property
    def substantive(self) -> bool:
        return self.sentences >= MIN_SUBSTANTIVE


@dataclass
class FlagHit:
    flag: RedFlag
    step: int
    sentence: str


@dataclass
class Assessment:
    steps: list[StepScore]
    flags: list[FlagHit]
    mentions: int
    off_topic: bool
    score: float
    notes: list[str]
    words: int
    min_mentions: int = 0
    topic_terms: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        return (self.score >= PASS_SCORE and not self.flags and not self.off_topic
                and all(s.substantive for s in self.steps))


def assess(text: str, rubric: Rubric) -> Assessment:
    """Score an answer against a rubric (the rules in this module's docstring)."""
    sections, notes = split_sections(text)
    seen: dict[str, int] = {}
    per_step: dict[int, list[str]] = {}
    repeated: dict[int, set[int]] = {s.number: set() for s in STEPS}
    all_sentences: list[tuple[int, str]] = []
    for step in STEPS:
        real = []
        section = sections.get(step.number)
        for sentence in sentences(section.text if section else ""):
            all_sentences.append((step.number, sentence))
            if not is_real_sentence(sentence):
                continue
            key = _fingerprint(sentence)
            if key in seen:
                if seen[key] != step.number:
                    repeated[step.number].add(seen[key])
                continue
            seen[key] = step.number
            real.append(sentence)
        per_step[step.number] = real

    # concepts: where each is found, at most MAX_CONCEPTS_PER_SENTENCE per sentence; a sentence
    # that only swaps the term in a frame used twice before ("We will use X for the ads model.")
    # is a list in disguise and credits nothing
    found_in: dict[str, set[int]] = {c.name: set() for c in rubric.concepts}
    frames: dict[str, int] = {}
    templated: dict[int, int] = {s.number: 0 for s in STEPS}
    for number, real in per_step.items():
        for sentence in real:
            lowered = sentence.lower()
            hits = [c for c in rubric.concepts if c.found_in(sentence, lowered)]
            if hits:
                frame = _frame(sentence)
                frames[frame] = frames.get(frame, 0) + 1
                if frames[frame] > FRAME_REPEATS:
                    templated[number] += 1
                    continue
            hits.sort(key=lambda c: (-c.weight, number not in c.steps))
            for concept in hits[:MAX_CONCEPTS_PER_SENTENCE]:
                found_in[concept.name].add(number)
    listed: dict[int, int] = {s.number: 0 for s in STEPS}
    for number, sentence in all_sentences:
        if not is_real_sentence(sentence) and any(
            c.found_in(sentence, sentence.lower()) for c in rubric.concepts
        ):
            listed[number] += 1

    scores = []
    for step in STEPS:
        mine = [c for c in rubric.concepts if c.step == step.number]
        total = sum(c.weight for c in mine)
        found, half, missing = [], [], []
        elsewhere: dict[str, list[int]] = {}
        got = 0.0
        for concept in mine:
            where = found_in[concept.name]
            if where & set(concept.steps):
                found.append(concept)
                got += concept.weight
            elif where:
                found.append(concept)
                half.append(concept)
                elsewhere[concept.name] = sorted(where)
                got += OFF_STEP_CREDIT * concept.weight
            else:
                missing.append(concept)
        coverage = got / total if total else 1.0
        n_real = len(per_step[step.number])
        section = sections.get(step.number)
        earned = step.points * min(1.0, coverage / FULL_COVERAGE) * min(1.0, n_real / FULL_SENTENCES)
        scores.append(StepScore(
            step=step, present=section is not None, sentences=n_real,
            words=sum(len(words(s)) for s in sentences(section.text)) if section else 0,
            found=found, half=half, missing=missing, coverage=coverage, earned=earned,
            repeated_from=sorted(repeated[step.number]),
            listed_terms=listed[step.number] >= max(1, n_real) or (listed[step.number] and n_real < MIN_SUBSTANTIVE),
            elsewhere=elsewhere, templated=templated[step.number],
        ))

    graded_text = "\n".join(s for _, s in all_sentences)
    flags = []
    for flag in rubric.red_flags:
        if any(p.search(graded_text) for p in flag.unless):
            continue
        for number, sentence in all_sentences:
            if any(p.search(sentence) for p in flag.patterns) and not NEGATION.search(sentence):
                flags.append(FlagHit(flag, number, sentence))
                break
    mentions = sum(len(p.findall(s)) for p in rubric.topic_patterns for s in
                   (x for real in per_step.values() for x in real))
    any_text = any(s.sentences for s in scores)
    off_topic = any_text and mentions < rubric.min_mentions
    score = sum(s.earned for s in scores) - RED_FLAG_COST * len(flags)
    if off_topic:
        score *= OFF_TOPIC_FACTOR
    score = round(min(100.0, max(0.0, score)), 1)
    total_words = sum(s.words for s in scores)
    return Assessment(scores, flags, mentions, off_topic, score, notes, total_words,
                      rubric.min_mentions, rubric.topic_terms)


# --------------------------------------------------------------------------- feedback


def _join(names: list[str]) -> str:
    return ", ".join(names)


def step_feedback(s: StepScore, *, asks: int = 3) -> str:
    """What the report says about one step: what counted, and what an interviewer would ask."""
    lines = []
    if not s.present:
        lines.append(f"Missing: no '{s.step.number}. {s.step.title}' heading was found.")
    elif s.sentences == 0 and not s.repeated_from:
        lines.append("Empty: no real sentences under this heading.")
    if s.repeated_from:
        earlier = ", ".join(str(n) for n in s.repeated_from)
        lines.append(f"This step repeats text from step {earlier}; repeated sentences count once, where they first appear.")
    if s.listed_terms:
        lines.append("Lists of terms without sentences earn nothing: say what you would do and why.")
    if s.templated:
        lines.append(f"{s.templated} sentence{'s' if s.templated > 1 else ''} only swap a term in a frame "
                     "already used twice (\"We will use X for ...\"): that is a list, and earns nothing.")
    if s.present and 0 < s.sentences < FULL_SENTENCES:
        lines.append(f"Thin: {s.sentences} real sentence{'s' if s.sentences > 1 else ''}; "
                     f"a full step needs about {FULL_SENTENCES}.")
    if s.found:
        def where(c: Concept) -> str:
            steps = ", ".join(str(n) for n in s.elsewhere.get(c.name, []))
            return f" (written in step {steps}; it belongs here: half credit)" if c in s.half else ""

        credited = [c.name + where(c) for c in s.found]
        lines.append(f"Covered: {_join(credited)}.")
    if s.missing and s.coverage < 1.0:
        top = sorted(s.missing, key=lambda c: -c.weight)[:asks]
        lines.append("An interviewer would still ask:")
        lines += [f"  - {c.ask}" for c in top]
    return "\n".join(lines)


def feedback_message(a: Assessment) -> str | None:
    """The top-level diagnosis."""
    if not any(s.present for s in a.steps):
        return ("no step headings found: keep the template's 9 headings "
                "('## 1. Problem formulation' ... '## 9. Scaling, monitoring and updates')")
    if not any(s.sentences for s in a.steps) and not any(s.repeated_from for s in a.steps):
        return "every step is empty: write your design under the template's headings"
    if a.off_topic:
        return (f"off-topic: the answer names this case's subject only {a.mentions} time(s), "
                f"fewer than the {a.min_mentions} any answer to it has (words that count: "
                f"{', '.join(t.removeprefix('re:') for t in a.topic_terms[:6])}, ...); "
                f"the score is multiplied by {OFF_TOPIC_FACTOR:g}")
    missing = [str(s.step.number) for s in a.steps if not s.present]
    if missing:
        return f"missing step(s) {', '.join(missing)}: every step of the template needs an answer"
    thin = [str(s.step.number) for s in a.steps if not s.substantive]
    if thin:
        return f"step(s) {', '.join(thin)} have fewer than {MIN_SUBSTANTIVE} real sentences"
    if a.flags:
        return f"red flag: {a.flags[0].flag.name}"
    if a.score < PASS_SCORE:
        return f"score below the pass mark of {PASS_SCORE:g}: see what an interviewer would still ask"
    return None


def grade_text(kata: Kata, text: str, *, submission: str, elapsed_s: float | None = None):  # type: ignore[no-untyped-def]
    """A design answer's GradeResult: one test per step (partial credit) and one for red flags."""
    from kata_cli.grading import GradeResult, TestResult

    started = time.monotonic()
    rubric = rubric_for(kata)
    a = assess(text, rubric)
    tests = []
    factor = OFF_TOPIC_FACTOR if a.off_topic else 1.0
    for s in a.steps:
        ok = s.substantive and s.earned * factor >= STEP_PASS_SHARE * s.step.points
        tests.append(TestResult(
            id=f"design::step-{s.step.number}", name=f"{s.step.number}. {s.step.title}",
            category="design", points=s.step.points, outcome="passed" if ok else "failed",
            message="\n".join([n[0].upper() + n[1:] + "." for n in a.notes if n.startswith(f"step {s.step.number} ")]
                               + [step_feedback(s)]).strip(),
            earned=round(s.earned * factor, 2),
        ))
    flag_lines = [f"Red flag ({h.step}. {STEP_BY_NUMBER[h.step].title}): {h.flag.name}. {h.flag.why}\n"
                  f"  You wrote: \"{h.sentence}\"" for h in a.flags]
    tests.append(TestResult(
        id="design::red-flags", name="No red flags", category="red-flags", points=0.0,
        outcome="failed" if a.flags else "passed",
        message="\n".join(flag_lines) + (f"\nEach red flag costs {RED_FLAG_COST:g} points." if a.flags else ""),
        earned=-RED_FLAG_COST * len(a.flags),
    ))
    return GradeResult(
        kata=kata.slug, submission=submission, status="passed" if a.passed else "failed",
        passed=a.passed, score=a.score, max_score=100.0, message=feedback_message(a), tests=tests,
        duration_s=time.monotonic() - started, elapsed_s=elapsed_s,
    )


# --------------------------------------------------------------------------- comparison


def compare(kata: Kata, mine: str, model: str) -> str:
    """``kata diff`` for a design: step by step, your coverage against the model answer's, and
    the model answer's text of the step."""
    rubric = rubric_for(kata)
    a, b = assess(mine, rubric), assess(model, rubric)
    model_sections, _ = split_sections(model)
    out = [f"{kata.title}: your design against the model answer, step by step",
           f"Score: yours {a.score:g}, model answer {b.score:g}", ""]
    for yours, theirs in zip(a.steps, b.steps):
        step = yours.step
        out.append(f"## {step.number}. {step.title}")
        out.append(f"   yours: {yours.words} words, {len(yours.found)} concepts, {yours.earned:.1f}/{step.points:g} pts"
                   f"   model: {theirs.words} words, {len(theirs.found)} concepts")
        only_model = [c.name for c in theirs.found if c not in yours.found]
        only_yours = [c.name for c in yours.found if c not in theirs.found]
        if only_model:
            out.append(f"   The model answer also covers: {_join(only_model)}.")
        if only_yours:
            out.append(f"   You cover what the model answer leaves out: {_join(only_yours)}.")
        section = model_sections.get(step.number)
        if section:
            out.append("")
            for line in section.text.strip().split("\n"):
                wrapped = textwrap.wrap(line, width=92, subsequent_indent="  " if line.lstrip()[:2] in ("- ", "* ") else "")
                out += ["   | " + part for part in wrapped] or ["   |"]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


# --------------------------------------------------------------------------- bad answers for self-checks


def _with_headings(bodies: dict[int, str], title: str) -> str:
    parts = [f"# {title}", ""]
    for step in STEPS:
        parts += [f"## {step.number}. {step.title}", "", bodies.get(step.number, ""), ""]
    return "\n".join(parts)


def keyword_dump(kata: Kata) -> str:
    """Every rubric phrase under its step, as bare comma-separated lists."""
    rubric = rubric_for(kata)
    bodies = {}
    for step in STEPS:
        phrases = [p for c in rubric.concepts if c.step == step.number for p in c.phrases
                   if not p.startswith("re:")]
        bodies[step.number] = ", ".join(phrases) + "."
    return _with_headings(bodies, f"{kata.title}: keywords")


def repeated_paragraph(kata: Kata, model: str) -> str:
    """The model answer's longest section pasted under every heading."""
    sections, _ = split_sections(model)
    longest = max(sections.values(), key=lambda s: len(s.text)).text.strip()
    return _with_headings({s.number: longest for s in STEPS}, f"{kata.title}: one paragraph")


def with_red_flag(model: str, flag: RedFlag) -> str:
    """The model answer with a red flag's example sentence added to its step, and without the
    paragraphs that would excuse it (its ``unless`` patterns)."""
    kept = []
    for paragraph in re.split(r"\n\s*\n", model):
        first, _, rest = paragraph.strip().partition("\n")
        if _HEADING.match(first):
            kept.append(first)
            paragraph = rest
        if paragraph.strip() and not any(u.search(paragraph) for u in flag.unless):
            kept.append(paragraph)
    text = "\n\n".join(kept)
    sections, _ = split_sections(text)
    lines = text.split("\n")
    section = sections.get(flag.step)
    if section is not None:  # right under the step's own heading, not a title that mentions it
        for i, line in enumerate(lines):
            match = _HEADING.match(line)
            if match and match.group(2) == section.heading:
                return "\n".join(lines[: i + 1] + ["", flag.example, ""] + lines[i + 1:])
    return text + "\n" + flag.example + "\n"
