"""kata: an offline practice platform for machine-learning engineering interviews."""

__version__ = "0.1.0"
