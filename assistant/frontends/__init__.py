"""The ways people reach the runtime: the text shell and the HTTP server (voice lives in assistant.voice)."""
