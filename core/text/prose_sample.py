"""A sample of modern prose that ships with every Python: the prose of the Python Language Reference.

Python's standard library carries its reference manual's topics as plain text (`pydoc_data.topics`, the text
`help("if")` shows; Python Software Foundation License). Its paragraphs are modern, plain technical English,
as unlike the poet's old verse as a text can be, which makes it a fair test of adapting the poet to someone's
own writing: the Writing tab offers it as a sample, and bench/writing.py measures adaptation on it.
"""

from __future__ import annotations

SOURCE = "the Python Language Reference's prose (pydoc_data.topics, Python Software Foundation License)"
TOPICS = ("if", "while", "for", "try", "with", "function", "class", "naming", "exceptions", "execmodel", "truth",
          "types", "import", "assignment", "lambda", "comparisons", "booleans", "calls", "specialnames", "typesseq")


def modern_prose(characters: int = 12_000) -> str:
    """About `characters` of prose paragraphs from the reference (no grammar, no code, no headings)."""
    from pydoc_data.topics import topics

    paragraphs: list[str] = []
    for name in TOPICS:
        for block in topics.get(name, "").split("\n\n"):
            lines = block.split("\n")
            if any(line.startswith(" ") for line in lines) or any(set(line) <= set("*=-") for line in lines):
                continue  # code, grammar, or a heading's underline
            paragraph = " ".join(line.strip() for line in lines).replace('"', "")
            if len(paragraph) > 80 and paragraph.endswith((".", ":")):
                paragraphs.append(paragraph)
    text = ""
    for paragraph in paragraphs:
        if len(text) >= characters:
            break
        text += paragraph + "\n\n"
    return text.strip()
