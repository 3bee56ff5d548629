"""Stand-in for matplotlib (proof harness only: the CI image has none). Just enough pyplot for fixtures that log figures."""
