"""Reading a page's pieces (see ocr_layout): stacked, as few tesseract calls as possible, and
every word moved back to page pixels.

One call per page as a rule; a page with so much ink that its stack would pass
``_MOST_STACK_HEIGHT`` is read in several stacks (tesseract keeps coordinates in 16 bits, and
a stack past 32,767 pixels would be misread).
"""
from __future__ import annotations

from parsers.ocr_layout import Piece, stack, words_to_page, words_to_pieces
from parsers.ocr_words import Word, gray_to_words
from parsers.settings import Settings

# a stack is at most this tall (pixels)
_MOST_STACK_HEIGHT = 16000


def _batches(pieces: list[Piece], dpi: int) -> list[list[int]]:
    """Indices of ``pieces`` in runs whose stack stays under the height limit."""
    batches: list[list[int]] = [[]]
    height = 0
    for index, piece in enumerate(pieces):
        tall = piece.image.shape[0] + dpi  # the piece and, generously, its margins
        if batches[-1] and height + tall > _MOST_STACK_HEIGHT:
            batches.append([])
            height = 0
        batches[-1].append(index)
        height += tall
    return [b for b in batches if b]


def read_pieces(pieces: list[Piece], settings: Settings, dpi: int) -> list[list[Word]]:
    """Each piece's words in page pixels, ``block`` set to the piece's index (words of two pieces
    are never one tesseract line)."""
    found: list[list[Word]] = [[] for _ in pieces]
    for batch in _batches(pieces, dpi):
        image, placements = stack([pieces[i] for i in batch], dpi)
        words = gray_to_words(image, settings, dpi)
        for index, placement, piece_words in zip(batch, placements, words_to_pieces(words, placements)):
            found[index] = words_to_page(piece_words, placement, index)
    return found
