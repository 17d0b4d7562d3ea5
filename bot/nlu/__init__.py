"""Custom NLU components Rasa loads from config.yml."""
