"""The spec: the YAML a drafter writes, read with line numbers, checked, and frozen.

Holds YAML loading (``yamlfile``), the Cerberus schema (``schema``) and the cross-field rules and
the frozen ``Spec`` (``load``). Imports no other stage: only ``agreement_gen.errors``.
"""
