"""Custom actions for the Compassion assistant, served by ``rasa_sdk``.

Actions read their words from the YAML files under ``data/`` (see
``actions.content``); they never print and never sleep. Timing for exercises
travels in the reply payload and the front ends perform it.
"""
