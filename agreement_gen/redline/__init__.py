"""Two versions of an agreement -> one .docx with tracked changes; accept/reject; the summary.

Works on models and documents, never on specs: turning a spec into a version is the
pipeline's job. May import ``model``, ``word`` and the shared modules.
"""
