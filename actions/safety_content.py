"""Loads and checks the wording around risk (``data/content/safety_talk.yml``) and the guide for helping someone
(``data/content/friend_guide.yml``): a missing key or a broken pattern fails on load with the file's name."""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, List

from actions.content_files import DATA, ContentError, check_pattern, read_yaml, require

SAFETY_TALK_KEYS = ("check_question", "check_question_self_harm", "check_question_danger", "check_question_denied", "hyperbole_threat_patterns",
                    "check_question_control", "control_check_patterns", "check_line", "check_declined", "urgent", "not_safe_answers", "stop_asking_patterns",
                    "stop_asking", "cannot_call_patterns", "cannot_call", "check_in", "keep_line", "reached_out_patterns", "reached_out", "safety_questions",
                    "overdose_first", "overdose_keep_line", "overdose_not_safe_yet", "medical_help_patterns", "danger_first", "retract_safety_patterns",
                    "glad_safe", "safe_yes_answers", "hedged_safety_patterns", "glad_safe_for_now", "someone_hurting_them", "check_again",
                    "strangled_patterns", "strangled_first", "hurt_by_them_follow_up", "medical_help_refused", "brush_off_patterns", "check_stop_asking",
                    "watched_phone_patterns", "watched_phone", "means_away", "means_away_done", "plan_aside", "heavy", "no_answer_patterns", "no_answer",
                    "keep_secret_patterns", "keep_secret", "unsure_answers", "check_unsure", "clear_no_answers", "no_first", "talking_now_patterns",
                    "talking_now", "misread_patterns", "acknowledgements", "asked_again", "hedged_no_answers", "taken_back_yes",
                    "taken_back_maybe", "cannot_call_no_text", "on_hold_patterns", "on_hold", "on_hold_no_text", "taken_back_yes_unasked",
                    "check_question_threatened", "check_question_told_to", "yes_with_more", "yes_in_other_words", "check_goodbye",
                    "self_harm_coping_patterns", "self_harm_urge_patterns", "self_harm_coping", "self_harm_urge",
                    "joke_patterns", "check_joked", "keeping_means_patterns", "change_topic_patterns", "change_topic",
                    "check_deflected", "refusing_means_patterns", "means_refused", "check_unclear",
                    "misread_place_patterns", "defiant_patterns", "yes_beside_greeting", "check_still_here", "greeting_moves_on",
                    "refusing_means_unless", "help_on_the_way_patterns", "help_on_the_way", "yes_as_a_question",
                    "danger_near_patterns", "danger_near", "overdose_worse_patterns")
SAFETY_TALK_PATTERNS = ("not_safe_answers", "stop_asking_patterns", "cannot_call_patterns", "reached_out_patterns", "safety_questions",
                        "medical_help_patterns", "retract_safety_patterns", "safe_yes_answers", "hedged_safety_patterns", "strangled_patterns",
                        "medical_help_refused", "brush_off_patterns", "watched_phone_patterns", "means_away_done", "hyperbole_threat_patterns",
                        "control_check_patterns", "no_answer_patterns", "keep_secret_patterns", "unsure_answers", "clear_no_answers", "no_first",
                        "talking_now_patterns", "misread_patterns", "acknowledgements", "hedged_no_answers",
                        "taken_back_yes", "taken_back_maybe", "on_hold_patterns", "taken_back_yes_unasked", "yes_with_more",
                        "yes_in_other_words", "self_harm_coping_patterns", "self_harm_urge_patterns",
                        "joke_patterns", "keeping_means_patterns", "change_topic_patterns", "refusing_means_patterns",
                        "misread_place_patterns", "defiant_patterns", "yes_beside_greeting", "greeting_moves_on",
                        "refusing_means_unless", "help_on_the_way_patterns", "yes_as_a_question", "danger_near_patterns",
                        "overdose_worse_patterns")


@lru_cache(maxsize=None)
def safety_talk() -> Dict[str, List[str]]:
    """Wording around risk: the direct question, the urgent answer, the quiet one (each a list of variants)."""
    raw = read_yaml(DATA / "content" / "safety_talk.yml")
    if not isinstance(raw, dict):
        raise ContentError("safety_talk.yml: expected a mapping")
    for key in SAFETY_TALK_KEYS:
        variants = require("safety_talk.yml", raw, key, list)
        if not variants or not all(isinstance(v, str) and v.strip() for v in variants):
            raise ContentError(f"safety_talk.yml: {key} must be a list of non-empty texts")
    for key in SAFETY_TALK_PATTERNS:
        for pattern in raw[key]:
            check_pattern(f"safety_talk.yml: {key}", pattern)
    return {key: raw[key] for key in SAFETY_TALK_KEYS}


@lru_cache(maxsize=None)
def friend_guide() -> Dict[str, Any]:
    """The friend guide, with its part for someone at risk checked: a missing emergency step must fail on load."""
    raw = read_yaml(DATA / "content" / "friend_guide.yml")
    at_risk = require("friend_guide.yml", raw, "at_risk", dict)
    for key, kind in (("intro", str), ("steps", list), ("closing", str), ("urgent", str), ("urgent_categories", list),
                      ("urgent_when", list), ("follow_up", list), ("called_for_them", list), ("secret_when", list),
                      ("secret", list), ("what_to_say_when", list), ("what_to_say_unless", list), ("what_to_say", list),
                      ("settled_when", list), ("settled_unless", list), ("settled", list), ("act_now_when", list), ("act_now", list),
                      ("overreacting_when", list), ("overreacting", list), ("angry_when", list), ("angry", list), ("denies_when", list), ("denies", list),
                      ("calling_when", list), ("calling", list), ("far_away", list), ("near_or_far", list)):
        require("friend_guide.yml at_risk", at_risk, key, kind)
    for key in ("urgent_when", "secret_when", "what_to_say_when", "what_to_say_unless", "settled_when", "settled_unless",
                "act_now_when", "overreacting_when", "angry_when", "denies_when", "calling_when"):
        for pattern in at_risk[key]:
            check_pattern(f"friend_guide.yml at_risk.{key}", pattern)
    if "{emergency}" not in at_risk["urgent"]:
        raise ContentError("friend_guide.yml at_risk.urgent: must name the emergency number as {emergency}")
    if not all("{their_emergency}" in text for text in at_risk["far_away"] + at_risk["near_or_far"]):
        raise ContentError("friend_guide.yml at_risk.far_away: must name their country's emergency number as {their_emergency}")
    require("friend_guide.yml", raw, "again", list)
    if any(line.startswith("{person}") for line in require("friend_guide.yml", raw, "heard", list)):
        raise ContentError("friend_guide.yml heard: {person} may not open a line (it is lower case, \"your friend\")")
    if not all("{person}" in line and "{phrases}" in line for line in require("friend_guide.yml", raw, "words_again", list)):
        raise ContentError("friend_guide.yml words_again: every line needs {person} and {phrases}")
    for key in ("their_feeling", "asks_how_to_help", "to_be_told"):
        for pattern in require("friend_guide.yml", raw, key, list):
            check_pattern(f"friend_guide.yml {key}", pattern)
    steps = {step.get("id") for step in raw["steps"]}
    for question in require("friend_guide.yml", raw, "questions", list):  # "what if she gets angry?": its own answer
        for pattern in require("friend_guide.yml questions", question, "when", list):
            check_pattern("friend_guide.yml questions", pattern)
        if question.get("step") not in steps and not isinstance(question.get("text"), str):
            raise ContentError(f"friend_guide.yml questions: {question.get('when')} needs a text or a step of the guide")
    return raw
