package sonde.recorder.writeback;

/**
 * A page-cache writeback tracepoint record, reduced to what attribution needs.
 *
 * @param index for DIRTY the page index of the folio dirtied; for INODE_START the inode's
 *              writeback_index (where a cyclic writeback starts); else 0
 */
public record WritebackEvent(Kind kind, long tsNs, int tid, String bdi, long ino, long index) {

    /** Which tracepoint it came from. */
    public enum Kind {
        /** writeback:writeback_dirty_folio, in the dirtying task's context. */
        DIRTY,
        /** writeback:writeback_single_inode_start, in the flusher thread writing the inode back. */
        INODE_START,
        /** writeback:writeback_single_inode, when that thread is done with the inode. */
        INODE_END,
        /** filemap:file_check_and_advance_wb_err, at the end of fsync/fdatasync in the caller's context. */
        SYNCED
    }
}
