"""Mechanisms every app shares: text folding, API conventions, official PDF documents,
health check, page chrome. Has no models and imports no domain app."""
