"""agreement-gen: Dutch collaboration agreements for regional healthcare, from a YAML spec."""

__version__ = "0.1.0"
