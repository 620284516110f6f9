"""Directive files: reading them into NFC text and parsing that text."""
