"""System-design katas: reading an answer, scoring it against a rubric, the CLI end to end on the
toy design kata, and every real case of the catalogue judged by its self-checks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kata_cli import design, selfcheck
from kata_cli.catalog import all_katas, data_root
from kata_cli.errors import CatalogError
from tests.conftest import TOY_DESIGN, TOY_DESIGN_SLUG

RUBRIC = design.load_rubric(TOY_DESIGN / "rubric.toml")
MODEL = (TOY_DESIGN / "model.md").read_text()
SHALLOW = (TOY_DESIGN / "shallow.md").read_text()


def _answer(bodies: dict[int, str], heading: str = "## {n}. {title}") -> str:
    parts = []
    for step in design.STEPS:
        parts += [heading.format(n=step.number, title=step.title), "", bodies.get(step.number, ""), ""]
    return "\n".join(parts)


# --------------------------------------------------------------------------- reading an answer


def test_sections_follow_the_numbered_headings_and_ignore_the_rest():
    text = (
        "# My design\n\n## The case\n\n> ## 2. Metrics inside the quoted prompt\n\n"
        "## 1. Problem formulation\n<!-- a guiding question -->\nWe predict spam.\n\n"
        "### 1. Clarifying questions\nHow many users are there?\n\n"
        "```\n## 5. not a heading inside code\n```\n"
        "## Step 2: Metrics\nPrecision.\n\n## 3) Architecture\nRules.\n\n## Appendix\nIgnored text.\n"
    )
    sections, notes = design.split_sections(text)
    assert sorted(sections) == [1, 2, 3]
    assert "We predict spam." in sections[1].text and "How many users" in sections[1].text
    assert "guiding question" not in sections[1].text
    assert "Ignored text" not in sections[3].text
    assert notes == []


def test_unnumbered_headings_are_read_by_their_titles():
    text = ("# Spam filter: a model answer\n\n"  # a title that mentions a step is not one
            "## Problem formulation\nA.\n## Metrics\nB.\n## Feature engineering\nC.\n## Prediction service\nD.\n")
    sections, _ = design.split_sections(text)
    assert {n: s.text.strip() for n, s in sections.items()} == {1: "A.", 2: "B.", 5: "C.", 7: "D."}


def test_a_step_written_twice_is_read_as_one_section():
    sections, notes = design.split_sections("## 2. Metrics\nFirst.\n## 3. Architecture\nX.\n## 2. Metrics\nSecond.\n")
    assert "First." in sections[2].text and "Second." in sections[2].text
    assert notes and "two headings" in notes[0]


def test_the_report_of_a_step_says_when_it_was_written_twice(toy):
    from kata_cli.catalog import get_kata

    twice = MODEL + "\n## 2. Metrics\n\nWe also watch the complaint rate of every inbox.\n"
    result = design.grade_text(get_kata(TOY_DESIGN_SLUG), twice, submission="design.md")
    assert result.tests[1].message.startswith("Step 2 has two headings")


@pytest.mark.parametrize("sentence, real", [
    ("We measure precision at a fixed recall on the last week of mail.", True),
    ("Features include user age, gender, country, device, hour of day, day of week, ad category.", True),
    ("precision, recall, AUC, log loss, calibration, NCE, shadow mode, canary", False),
    ("We use precision.", False),  # too short to say anything
])
def test_real_sentences_are_prose_not_lists_of_terms(sentence, real):
    assert design.is_real_sentence(sentence) is real


def test_rubric_phrases_match_word_starts_spaces_and_hyphens():
    assert design.phrase_pattern("calibrat").search("well-calibrated scores")
    assert design.phrase_pattern("two tower").search("a two-tower model")
    assert design.phrase_pattern("two-tower").search("two tower retrieval")
    assert not design.phrase_pattern("ad").search("the load balancer")
    assert design.phrase_pattern("ad").search("every ad impression")
    assert design.phrase_pattern(r"re:\bp(50|99)\b").search("a p99 of 80 ms")


# --------------------------------------------------------------------------- scoring


def test_the_model_answer_passes_with_a_high_score():
    a = design.assess(MODEL, RUBRIC)
    assert a.passed and a.score >= 90 and not a.flags and not a.off_topic


def test_the_empty_template_scores_zero(toy):
    from kata_cli.catalog import get_kata
    from kata_cli.workspace import render_prompt

    kata = get_kata(TOY_DESIGN_SLUG)
    a = design.assess(design.render_template(kata, render_prompt(kata)), RUBRIC)
    assert a.score == 0 and not a.passed


def test_a_keyword_dump_scores_low_and_is_told_to_write_sentences(toy):
    from kata_cli.catalog import get_kata

    text = design.keyword_dump(get_kata(TOY_DESIGN_SLUG))
    a = design.assess(text, RUBRIC)
    assert a.score < 5
    assert sum(s.listed_terms for s in a.steps) >= 8  # one toy list reads like a sentence
    assert "without sentences" in design.step_feedback(a.steps[0])


def test_one_paragraph_pasted_under_every_heading_counts_once():
    paragraph = design.split_sections(MODEL)[0][7].text.strip()
    a = design.assess(_answer({s.number: paragraph for s in design.STEPS}), RUBRIC)
    assert a.score < 40
    assert [s.repeated_from for s in a.steps[1:]] == [[1]] * 8
    assert "repeats text from step 1" in design.step_feedback(a.steps[4])


def test_an_answer_about_another_product_is_off_topic():
    other = re.sub(r"(?i)e-?mails?|spam|inbox|senders?|mail", "song", MODEL)
    a = design.assess(other, RUBRIC)
    assert a.off_topic and a.score < 40 and not a.passed


def test_the_shallow_answer_lands_between_the_bad_ones_and_the_pass_mark():
    a = design.assess(SHALLOW, RUBRIC)
    assert 40 <= a.score < design.PASS_SCORE


def test_a_concept_in_the_wrong_step_earns_half():
    home = "We watch for drift in the score distribution of every email, every hour of the day."
    right = design.assess(_answer({9: home}), RUBRIC).steps[8]
    wrong = design.assess(_answer({2: home}), RUBRIC).steps[8]
    drift = next(c for c in RUBRIC.concepts if c.name == "adversarial drift")
    assert drift in right.found and drift not in right.half
    assert drift in wrong.found and drift in wrong.half
    assert right.coverage == pytest.approx(2 * wrong.coverage)


def test_one_sentence_credits_at_most_four_concepts():
    crammed = ("We cover drift, we retrain, we use shadow mode, an A/B test, a cache, "
               "gradient boosting, a baseline and TF-IDF for every email in the inbox.")
    a = design.assess(_answer({9: crammed}), RUBRIC)
    assert sum(len(s.found) for s in a.steps) == design.MAX_CONCEPTS_PER_SENTENCE


def test_a_frame_repeated_with_a_different_term_is_a_list():
    terms = ["precision", "the complaint rate", "a rule engine", "a feedback loop", "sender reputation",
             "TF-IDF", "a baseline", "gradient boosting", "a cache", "shadow mode", "drift"]
    stuffed = " ".join(f"We will use {t} for the email spam filter." for t in terms)
    a = design.assess(_answer({n: stuffed for n in range(1, 2)}), RUBRIC)
    assert sum(s.templated for s in a.steps) == len(terms) - design.FRAME_REPEATS
    assert sum(len(s.found) for s in a.steps) == design.FRAME_REPEATS
    assert "only swap a term" in design.step_feedback(a.steps[0])
    varied = ("We measure precision at a fixed recall on each week of email. "
              "Sender reputation is the strongest signal we have before reading the body. "
              "A daily job will retrain the model from the latest spam reports.")
    assert sum(s.templated for s in design.assess(_answer({1: varied}), RUBRIC).steps) == 0


def test_a_sentence_that_rejects_a_pitfall_is_not_a_red_flag():
    rejected = MODEL.replace("## 4. Data collection and preparation\n",
                             "## 4. Data collection and preparation\n\nA random split would leak "
                             "next week's campaigns into training, so we split by time.\n")
    assert not design.assess(rejected, RUBRIC).flags


def test_every_real_case_also_has_the_common_red_flags():
    from kata_cli.catalog import get_kata

    names = {f.name for f in design.rubric_for(get_kata("design-ads-ranking")).red_flags}
    assert "a new model shipped straight to all traffic" in names


def test_the_off_topic_message_says_what_counts():
    other = re.sub(r"(?i)e-?mails?|spam|inbox|senders?|mail", "song", MODEL)
    message = design.feedback_message(design.assess(other, RUBRIC))
    assert "fewer than the 5" in message and "spam" in message


def test_red_flags_are_caught_unless_negated_or_excused():
    flag = next(f for f in RUBRIC.red_flags if "random split" in f.name)
    caught = design.assess(design.with_red_flag(MODEL, flag), RUBRIC)
    assert [h.flag.name for h in caught.flags] == [flag.name]
    assert caught.score == pytest.approx(design.assess(MODEL, RUBRIC).score - design.RED_FLAG_COST, abs=0.2)
    assert not caught.passed
    negated = MODEL.replace("## 4. Data collection and preparation\n",
                            "## 4. Data collection and preparation\n\nWe never split the emails at random.\n")
    assert not design.assess(negated, RUBRIC).flags
    accuracy = next(f for f in RUBRIC.red_flags if "accuracy" in f.name)
    excused = MODEL.replace("## 2. Metrics\n", "## 2. Metrics\n\nWe also report the accuracy of the filter each week.\n")
    assert not design.assess(excused, RUBRIC).flags  # precision and recall are there too
    assert design.assess(design.with_red_flag(MODEL, accuracy), RUBRIC).flags


@pytest.mark.parametrize("change, message", [
    ('min_mentions = 5', 'min_mentions = 0'),
    ('step = 9\nweight = 3', 'step = 10\nweight = 3'),
    ('weight = 3', 'weight = "high"'),
    ("pattern = ['\\baccuracy\\b']", "pattern = ['(unclosed']"),
    ('[[concept]]\nname = "asymmetric error costs"', '[[concept]]\nlabel = "x"\nname = "asymmetric error costs"'),
])
def test_a_broken_rubric_is_an_error_naming_the_file(tmp_path, change, message):
    text = (TOY_DESIGN / "rubric.toml").read_text()
    assert change in text
    path = tmp_path / "rubric.toml"
    path.write_text(text.replace(change, message, 1))
    with pytest.raises(CatalogError, match=re.escape(str(path))):
        design.load_rubric(path)


# --------------------------------------------------------------------------- the CLI, end to end


def test_a_design_kata_end_to_end(toy):
    out = toy.run("list", "--topic", "system-design")
    assert TOY_DESIGN_SLUG in out.output and "toy " not in out.output
    assert "50 million users" in toy.run("show", TOY_DESIGN_SLUG).output

    started = toy.run("start", TOY_DESIGN_SLUG)
    assert started.exit_code == 0 and "design.md" in started.output and "kata test" not in started.output
    folder = toy.workspace / TOY_DESIGN_SLUG
    template = (folder / "design.md").read_text()
    assert all(f"## {s.number}. {s.title}" in template for s in design.STEPS)
    assert "> Design the spam filter" in template  # the case's prompt, quoted
    assert (folder / "README.md").is_file() and not (folder / "test_examples.py").exists()

    refused = toy.run("solution", TOY_DESIGN_SLUG)
    assert refused.exit_code == 1 and "kata grade" in refused.output
    empty = toy.run("grade", TOY_DESIGN_SLUG, "--json")
    assert empty.exit_code == 1
    assert json.loads(empty.output)["score"] == 0

    (folder / "design.md").write_text(SHALLOW)
    report = toy.run("grade", TOY_DESIGN_SLUG)
    assert report.exit_code == 1
    assert "An interviewer would still ask" in report.output and "Score: 51" in report.output

    (folder / "design.md").write_text(MODEL)
    passed = toy.run("grade", TOY_DESIGN_SLUG, "--json")
    assert passed.exit_code == 0, passed.output
    result = json.loads(passed.output)
    assert result["passed"] and result["status"] == "passed" and result["score"] >= 90
    assert [t["category"] for t in result["tests"]] == ["design"] * 9 + ["red-flags"]
    assert sum(t["earned"] for t in result["tests"]) == pytest.approx(result["score"], abs=0.1)

    history = toy.run("history", TOY_DESIGN_SLUG, "--json")
    assert [g["score"] for g in json.loads(history.output)["grades"]][-3:] == [0, 51, result["score"]]
    assert "a model answer" in toy.run("solution", TOY_DESIGN_SLUG).output
    (folder / "design.md").write_text(SHALLOW)
    diff = toy.run("diff", TOY_DESIGN_SLUG)
    assert diff.exit_code == 0 and "## 4. Data collection and preparation" in diff.output
    assert "The model answer also covers: time-based split." in diff.output
    test = toy.run("test", TOY_DESIGN_SLUG)
    assert test.exit_code == 2 and "no example tests" in test.output


def test_kata_check_judges_the_design_kata(toy):
    out = toy.run("check", TOY_DESIGN_SLUG)
    assert out.exit_code == 0, out.output
    for label in ("model answer", "empty template", "keyword dump", "repeated paragraph",
                  "red flag accuracy", "red flag a random split", "mutant shallow"):
        assert label in out.output


# --------------------------------------------------------------------------- the real cases


DESIGNS = [k for k in all_katas(data_root()) if k.kind == "design"]
CASES = [c for kata in DESIGNS for c in selfcheck.cases(kata)]


def test_the_catalogue_has_the_promised_cases():
    slugs = {k.slug for k in DESIGNS}
    assert len(slugs) >= 12
    assert {"design-ads-ranking", "design-newsfeed", "design-video-recommendation"} <= slugs


@pytest.mark.parametrize("case", CASES, ids=[f"{c.kata.slug}-{c.label.replace(' ', '-')}" for c in CASES])
def test_each_case_judges_good_and_bad_answers(case):
    outcome = selfcheck.run_case(case)
    assert outcome.ok, f"{case.label} ({case.description}): {outcome.detail}"


@pytest.mark.parametrize("kata", DESIGNS, ids=[k.slug for k in DESIGNS])
def test_each_case_is_whole(kata):
    from kata_cli.workspace import render_prompt

    rubric = design.rubric_for(kata)
    assert len(rubric.concepts) >= 25
    per_step = {s.number: [c for c in rubric.concepts if c.step == s.number] for s in design.STEPS}
    assert all(len(found) >= 2 for found in per_step.values()), {n: len(c) for n, c in per_step.items()}
    assert len(rubric.red_flags) >= 4
    model = kata.solution_path.read_text()
    assert design.word_count(model) >= 1200
    sections, _ = design.split_sections(model)
    assert sorted(sections) == list(range(1, 10))
    assert len(re.findall(r"\d", model)) >= 30, "a model answer gives concrete numbers"
    prompt = render_prompt(kata)
    assert len(re.findall(r"\d", prompt)) >= 5, "the prompt gives scale figures"
    assert kata.topic == "system-design" and kata.module == "design.md"
    assert 3 <= len(kata.hints) <= 5
