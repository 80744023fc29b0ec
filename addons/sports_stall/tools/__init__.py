"""Helpers without models: the XLSX statement builder."""
