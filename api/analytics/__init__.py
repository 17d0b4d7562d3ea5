"""Conversation analytics computed from Rasa's events: containment, document answers, flows and their funnels."""
