"""Rendering: rich tables for the terminal, JSON, Markdown and HTML for sharing."""
