"""Self-service kiosk: flows, sessions, services, storage and the command line."""

__version__ = "0.1.0"
