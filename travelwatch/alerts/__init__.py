"""Alert delivery: webhooks, Slack, e-mail and an Atom feed of changes."""
