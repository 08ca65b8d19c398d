"""patrol-journal: a command-line patrol journal for security officers."""

__version__ = "0.1.0"
