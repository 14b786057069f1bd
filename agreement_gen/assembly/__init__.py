"""Spec + Library -> Agreement: choosing, filling and ordering clauses; parties; explain.

Pure: no file I/O, no Word. May import ``spec``, ``library``, ``model`` and the shared modules.
"""
