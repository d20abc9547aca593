package sonde.recorder.vfs;

/** One completed read/write call: its enter and exit, the file, and the page-cache fills between. */
public record VfsCall(VfsEvent enter, VfsEvent exit, FileInfo file, long cacheFillBytes) {
}
