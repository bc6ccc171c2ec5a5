"""kzextract: organizations, dates, summits and adopted documents from texts
about multilateral diplomacy."""

__version__ = "0.1.0"
