"""Use cases. No request objects here; they flush, the caller commits once."""
