"""What every feature's web layer shares: query parameters, lookups, form problems, downloads, conditional
responses and the request's one transaction. Features import from here; nothing here imports a feature's views."""
