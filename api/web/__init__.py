"""The customer-zone demo page, the chat widget and the agent console (static files in web/)."""
