"""The labelled corpus of real news: splits, label files and their evidence spans.

The texts live outside the project (``../shared/corpus/texts``); the project keeps
only labels (codes, dates, character offsets) under ``corpus/labels``.
"""
