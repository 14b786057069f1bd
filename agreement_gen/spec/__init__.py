"""The spec: the YAML a drafter writes, read with line numbers, checked, and frozen.

Holds YAML loading (``yamlfile``), the Cerberus schema (``schema``) and the cross-field rules and
the frozen ``Spec`` (``load``), and the description of every field for the people who fill it in
(``fields``, with ``fields.yaml``). Imports no other stage: only the shared modules.
"""
