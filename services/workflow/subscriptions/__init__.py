"""Department leads' subscriptions to their department's changes.

Layers, as in the rest of the service: `kinds`, `rules` and `signing` are the domain (pure);
`feed` and `webhooks` the application; `tables`, `feed_store` and `subscription_store`
the adapters; `api` and `stream` the entrypoints; `wiring` plugs it all into the app.
"""
