"""Personal data in tables: finding identifiers, keyed pseudonyms and format-keeping fakes."""
