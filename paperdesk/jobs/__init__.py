"""Long work off the window's process: the worker process's loop and the jobs it runs
(import of files, folders and Zotero libraries, tagging, vocabulary edits, index rebuild).
No Qt: the window's side is :mod:`paperdesk.gui.worker` and :mod:`paperdesk.gui.ops`, which
queue, prioritise and cancel jobs; the command line runs the same jobs in its own process
(:func:`run_here`: Ctrl-C cancels like the window's Cancel), with the same labels
(:mod:`paperdesk.jobs.labels`).
Every job's result is or carries a :class:`~paperdesk.library.changes.Change`."""

from paperdesk.jobs.labels import ZOTERO_LABEL, import_label, tag_label
from paperdesk.jobs.worker import (
    Job,
    PipeProgress,
    TaggingCancelled,
    build_index,
    embed_papers,
    import_files,
    import_folder,
    import_zotero,
    index_papers,
    index_pending,
    rebuild_index,
    refresh_suggestions,
    run_here,
    serve,
    tag_papers,
    teach_vocabulary,
)

__all__ = ["ZOTERO_LABEL", "Job", "PipeProgress", "TaggingCancelled", "build_index",
           "embed_papers", "import_files", "import_folder", "import_label", "import_zotero",
           "index_papers", "index_pending", "rebuild_index", "refresh_suggestions", "run_here",
           "serve", "tag_label", "tag_papers", "teach_vocabulary"]
