"""The customer conversations around the handoffs: delivery into the chat, ratings, statistics."""
