"""Custom actions of the lease assistant (rasa-sdk action server).

Each module covers one domain; every call to the contract API goes through ``api_client``.
Nothing happens at import time: settings are read when an action runs.
"""
