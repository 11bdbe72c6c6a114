"""Stage 4: delivery: the calculators' runtime, which pages load it, the Content-Security-Policy, offline use."""
