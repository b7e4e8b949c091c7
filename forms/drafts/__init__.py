"""Drafts on disk: reading, writing atomically, migrating, new returns, next year's start."""
