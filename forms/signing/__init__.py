"""Signing: canonical JSON (RFC 8785), keys sealed under a passphrase, the signed payload."""
