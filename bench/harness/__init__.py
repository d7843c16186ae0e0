"""The benchmark harness behind bench/run.sh: builds (build), the test server and the worker
processes (server), the measurements (measures) and BENCHMARKS.md with its chart (report)."""
