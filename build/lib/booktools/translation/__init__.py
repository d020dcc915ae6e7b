"""Translation workflow: source tracking, status, structural parity between en/ko pages."""
