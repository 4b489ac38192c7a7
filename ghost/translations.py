"""The translation map `import_ghost --translations` reads: a CSV file whose rows pair a
main-language story's slug with its edition's slug in the imported language
("metro-reopens,metro-znovu-pratsiuie"). Blank lines and lines starting with # are skipped,
and so is a first row naming the two languages ("en,uk"): a header."""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.core.validators import slug_re

from .export import GhostImportError


@dataclass(frozen=True)
class Pair:
    source: str  # the main-language story's slug
    edition: str  # the imported language's story's slug
    where: str  # "MAP.csv line 3", for errors


def read_map(path: Path, *, languages: tuple[str, str]) -> list[Pair]:
    """The pairs in the file at `path`; a bad line stops with an error naming it."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise GhostImportError(f"{path} cannot be read as a UTF-8 CSV file ({error})") from None
    pairs, seen = [], {}
    for number, row in enumerate(csv.reader(text.splitlines()), start=1):
        cells = [cell.strip() for cell in row]
        where = f"{Path(path).name} line {number}"
        if not any(cells) or cells[0].startswith("#"):
            continue
        if number == 1 and tuple(cell.lower() for cell in cells) == languages:
            continue
        if len(cells) != 2 or not all(cells):
            raise GhostImportError(
                f"{where}: a row is two slugs, {languages[0]} then {languages[1]}, "
                f"separated by a comma"
            )
        for cell in cells:
            if not slug_re.fullmatch(cell):
                raise GhostImportError(f"{where}: {cell!r} is not a story's slug")
        for slug, column in zip(cells, ("source", "edition"), strict=True):
            if (column, slug) in seen:
                raise GhostImportError(
                    f"{where}: {slug!r} is paired already ({seen[column, slug]})"
                )
            seen[column, slug] = where
        pairs.append(Pair(source=cells[0], edition=cells[1], where=where))
    return pairs
