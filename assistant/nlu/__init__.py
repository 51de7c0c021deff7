"""NLU pieces the project adds to Rasa's pipeline."""
