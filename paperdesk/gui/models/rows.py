"""What the window's models show, from the core's browse API (:mod:`paperdesk.library.browse`).

The window reads no SQL itself: rows, id lists and sidebar counts all come from there.
"""

from paperdesk.library.browse import (
    Row,
    TableFill,
    all_tag_names,
    filter_ids,
    is_trashed,
    math_to_unicode,
    sidebar_counts,
    sorted_ids,
    table_fill,
    table_rows,
    tag_aliases,
    tag_counts,
    titles,
)

__all__ = ["Row", "TableFill", "all_tag_names", "filter_ids", "is_trashed", "math_to_unicode",
           "sidebar_counts",
           "sorted_ids", "table_fill", "table_rows", "tag_aliases", "tag_counts", "titles"]
