"""Watching the news: registered sources, polled on a schedule, changes from them.

* :mod:`~travelwatch.news.sources` stores the registered sources, their health
  and the entries already seen;
* :mod:`~travelwatch.news.entries` reads a feed's entries (RSS, Atom, JSON Feed,
  news sitemaps) without fetching anything;
* :mod:`~travelwatch.news.polite` is how we fetch: conditional requests, a
  per-host limit on concurrency and rate, robots.txt, backoff;
* :mod:`~travelwatch.news.poll` polls the sources that are due and stores new
  articles through the ordinary ingest path;
* :mod:`~travelwatch.news.changes` turns advice found in them into changes with
  their corroboration.
"""
