"""The runtime every front end shares: settings, the agent and action server, replies, stores, text checks, logs."""
