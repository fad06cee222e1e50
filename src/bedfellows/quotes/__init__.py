"""Direct quotations and their speakers (issue 4).

``find_quotes(doc)`` is called by the event extractor on the parsed Doc;
``quote_at(quotes, offset)`` tells whether a trigger lies inside a quotation.
"""

from .marks import RawQuote, find_quote_marks
from .speakers import SPEECH_LEMMAS, QuoteSpan, find_quotes, quote_at

__all__ = ["QuoteSpan", "RawQuote", "SPEECH_LEMMAS", "find_quote_marks", "find_quotes", "quote_at"]
