"""Voice: offline speech recognition tuned to this domain, and speech synthesis."""
