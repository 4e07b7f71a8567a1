"""Long work off the window's process: the worker process's loop and the jobs it runs
(import, folder import, tagging, vocabulary edits, index rebuild). No Qt: the window's
side is :mod:`paperdesk.gui.worker` and :mod:`paperdesk.gui.ops`, which queue, prioritise
and cancel jobs."""

from paperdesk.jobs.worker import (
    Job,
    PipeProgress,
    build_index,
    embed_papers,
    import_files,
    import_folder,
    rebuild_index,
    serve,
    tag_papers,
    teach_vocabulary,
)

__all__ = ["Job", "PipeProgress", "build_index", "embed_papers", "import_files", "import_folder",
           "rebuild_index", "serve", "tag_papers", "teach_vocabulary"]
