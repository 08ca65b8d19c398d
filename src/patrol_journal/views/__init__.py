"""Every question the officer asks, answered from the index as plain data."""
