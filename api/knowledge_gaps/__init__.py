"""The knowledge learning loop ("Kennishiaten"): the questions the bot searched for customers, their votes,
and the agents' links of unanswered questions to the passages that answer them."""
