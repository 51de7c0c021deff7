"""Developer tools: training, evaluation, bench, load test, doctor, spoken evaluation and synthetic speech."""
