"""Following a view of the map: its Atom feed, and e-mail subscriptions (pages and unsubscribe link)."""
