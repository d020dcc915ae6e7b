"""The shared glossary (`glossary.yml`): loading with line numbers, validation, lint, pages."""
