"""Reading a status line as a program does: the audit record a line links to ("see its audit record")."""

import re

RECORD_LINK = re.compile(r"\]\(\?tab=ethics/transparency&record=([0-9a-f]{10})\)")


def record_id(status: str) -> str:
    """The id of the first audit record `status` links to."""
    return RECORD_LINK.search(status).group(1)
