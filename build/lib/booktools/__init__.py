"""Tooling of the bilingual course book: build, checks, glossary, translation status."""
