"""Knowledge retrieval over the company's documents: ingest → index → search."""
