"""Every read of the cadres app, by subject: skills and courses (`skills`), signals
(`signals`), vacancies, candidates and the pipeline (`vacancies`), transfers (`transfers`)."""

from collections.abc import Iterable, Iterator

# Ids per query where a read takes a list of them: SQLite refuses more than 32,766 variables in
# older builds, and long lists plan badly everywhere.
CHUNK = 5_000


def in_chunks(ids: Iterable[int], size: int = CHUNK) -> Iterator[list[int]]:
    """The ids in lists of at most `size`."""
    chunk: list[int] = []
    for value in ids:
        chunk.append(value)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
