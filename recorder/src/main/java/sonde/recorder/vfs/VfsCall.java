package sonde.recorder.vfs;

/**
 * One completed read/write call: its enter and exit, the caller's command name when it entered,
 * the file, and the page-cache fills between.
 */
public record VfsCall(VfsEvent enter, VfsEvent exit, String comm, FileInfo file, long cacheFillBytes) {
}
