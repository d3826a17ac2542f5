"""Benchmarks (not tests): start-up, memory, touch latency, printing, durability, the soak; run them with run_all."""
