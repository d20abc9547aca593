-- recording_start.sql: the instant that time offsets such as --from +5s count from: the start
-- of the recording (the earliest, when the directory holds several), or, when the recording
-- metadata is missing (recorder killed), the first disk, VFS or CPU event. NULL with no data.
SELECT coalesce((SELECT min(start_ts_ns) FROM recording),
                least((SELECT min(ts_ns) FROM disk_io), (SELECT min(ts_ns) FROM vfs_io),
                      (SELECT min(ts_ns) FROM cpu_sample))) AS start_ns;
