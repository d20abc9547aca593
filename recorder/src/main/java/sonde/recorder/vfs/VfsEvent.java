package sonde.recorder.vfs;

import sonde.recorder.event.Timed;
import sonde.recorder.host.Tasks;

/**
 * A decoded syscall or page-cache record of one thread. Unused numbers are -1.
 *
 * @param fd    the descriptor (ENTER, CLOSE, DUP2's new descriptor), or the first one (CLOSE_RANGE)
 * @param value count (ENTER), return value (EXIT), last descriptor (CLOSE_RANGE), bytes (CACHE_FILL),
 *              inode (FILE_SEEN)
 * @param pos   file offset (ENTER of pread64/pwrite64), device in the kernel's encoding (CACHE_FILL, FILE_SEEN)
 */
public record VfsEvent(Kind kind, long tsNs, long seq, Tasks.Task task, Syscall syscall, int fd, long value,
                       long pos) implements Timed {

    /** What happened. */
    public enum Kind {
        /** sys_enter of a read/write call. */
        ENTER,
        /** sys_exit of a read/write call. */
        EXIT,
        /** close(fd), or dup2/dup3 onto fd: the descriptor's file changes. */
        CLOSE,
        /** close_range(fd, value). */
        CLOSE_RANGE,
        /** filemap:mm_filemap_add_to_page_cache in this thread: value bytes entered the page cache. */
        CACHE_FILL,
        /**
         * filemap:mm_filemap_get_pages or mm_filemap_add_to_page_cache in this thread: its call is
         * reading or writing the page cache of inode value on device pos.
         */
        FILE_SEEN
    }
}
