"""Safety: recognising crisis language, shared by every channel.

The two intents that mean someone may be at risk are named here once: ``crisis`` (clear risk: the
lines first) and ``crisis_check`` (warning signs: ask directly). Every module that routes on them
imports these names.
"""
CRISIS_INTENT = "crisis"
CHECK_INTENT = "crisis_check"
CRISIS_INTENTS = frozenset({CRISIS_INTENT, CHECK_INTENT})
SAFE_INTENT = "confirm_safe"
"""Saying you are safe: the one intent that ends crisis mode (domain.yml's slot mapping)."""
DESPITE_DENIAL = "classifier, risk beside a denial"
WISH_DENIED = "classifier, wish denied"
"""The crisis detector's reasons for asking although the message says it isn't suicide; the question then takes
their word (actions/safety.py)."""
QUOTED_WORDS = "someone else's words, quoted"
"""The crisis detector's reason when the risk is in another person's quoted words ("my friend texted me 'goodbye, i'm
sorry for everything'"): the friend guide's at-risk steps, with the emergency number first (actions/friend.py)."""
SAID_TO_THEM = "quoted, said to the writer"
"""The crisis detector's reason (followed by ":" and the category) when a person's words quoted as said to the writer put
the writer at risk: a threat gets its own question (actions/safety.py)."""
