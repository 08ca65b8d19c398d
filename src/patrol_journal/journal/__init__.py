"""The journal file, and the only code that opens it.

format, files, blocks, parse, tail, read, scan, write, lock.
"""
