"""orgburo's benchmarks: `make bench` runs bench/run.py; results go to docs/benchmarks.md."""
