package sonde.recorder.vfs;

/** What a file descriptor referred to, as resolved on the recording host. */
public record FileInfo(String kind, String path, String fsType, Integer devMajor, Integer devMinor, String device,
                       Long inode) {

    /** The descriptor was closed, or its process gone, before it could be resolved. */
    public static final FileInfo UNKNOWN = new FileInfo("unknown", null, "unknown", null, null, null, null);

    /** Sockets, pipes and the like: not files on a file system. */
    public boolean notAFile() {
        return kind.equals("socket") || kind.equals("pipe") || kind.equals("anon");
    }
}
