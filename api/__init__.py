"""Contract API of the lease assistant: the system of record the bot and the console talk to."""
