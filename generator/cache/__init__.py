"""The speed seam: the build cache, the digests its keys are made from, and the worker processes."""
