"""Rasa input channels of this project (bot env)."""
