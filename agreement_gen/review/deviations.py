"""Deviations of an edited draft: placeholder until filled in."""

from __future__ import annotations


def deviations(base, draft):
    return []
