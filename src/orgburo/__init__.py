"""orgburo: direction centralised, information and responsibility decentralised."""

__version__ = "0.1.0"
