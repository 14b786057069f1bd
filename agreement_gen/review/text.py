"""Checks on what users type: placeholder until filled in."""

from __future__ import annotations


def text_findings(spec, draft):
    return []
