"""Sign-in and tokens: OAuth in the system browser with a loopback (or relay) redirect
(`oauth`), tokens in the OS keyring (`token_store`), self-refreshing sessions (`session`)."""
