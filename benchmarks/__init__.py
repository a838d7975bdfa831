"""The benchmark suite (``python -m benchmarks.run``) and the older single-purpose scripts."""
