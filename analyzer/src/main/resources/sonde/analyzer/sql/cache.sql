-- cache.sql: what the page cache absorbed. Per process, the bytes it read and wrote through
-- file system calls (vfs_io: read, pread64, readv, ... on regular files and block devices)
-- next to the bytes that reached the disk for it (disk_io, the block layer: its own requests,
-- and the writes kernel flushers did for it, writeback_pid). The seed's vfs.d comparison
-- (Brendan Gregg, DTrace): memcached read 267 MB through VFS and 0 from disk.
--
-- Parameters are DuckDB variables; an unset one means the default:
--   SET VARIABLE pid = 1234;          -- only this process id
--   SET VARIABLE comm = 'postgres';   -- only this command name
--   SET VARIABLE cache_n = 20;        -- the busiest processes to keep (default 20)
-- Run it: sonde sql DIR --file cache.sql  (sonde cache DIR --print-sql prints this file)
--
-- Sockets, pipes, terminals and other descriptors that are not files never touch the disk
-- and are left out of the VFS columns; a descriptor sonde could not resolve (file_kind
-- unknown) is left out too, and sonde cache says under its table how many bytes that was.
-- A process is a (pid, comm) pair: exec starts a new one.
WITH vfs AS (
    SELECT pid, comm,
           sum(bytes) FILTER (WHERE op = 'R')::BIGINT AS vfs_read_bytes,
           sum(bytes) FILTER (WHERE op = 'W')::BIGINT AS vfs_write_bytes
    FROM vfs_io
    WHERE file_kind IN ('file', 'blockdev')
    GROUP BY pid, comm
),
disk AS (
    SELECT coalesce(writeback_pid, pid)   AS pid,
           coalesce(writeback_comm, comm) AS comm,
           sum(bytes) FILTER (WHERE op = 'R')::BIGINT AS disk_read_bytes,
           sum(bytes) FILTER (WHERE op = 'W')::BIGINT AS disk_write_bytes
    FROM disk_io
    GROUP BY ALL
),
per_process AS (
    SELECT
        pid,
        comm,
        coalesce(v.vfs_read_bytes, 0)   AS vfs_read_bytes,
        coalesce(d.disk_read_bytes, 0)  AS disk_read_bytes,
        coalesce(v.vfs_write_bytes, 0)  AS vfs_write_bytes,
        coalesce(d.disk_write_bytes, 0) AS disk_write_bytes
    FROM vfs v FULL OUTER JOIN disk d USING (pid, comm)
)
SELECT *
FROM per_process
WHERE (getvariable('pid') IS NULL OR pid = getvariable('pid'))
  AND (getvariable('comm') IS NULL OR comm = getvariable('comm'))
  AND vfs_read_bytes + disk_read_bytes + vfs_write_bytes + disk_write_bytes > 0
ORDER BY vfs_read_bytes + disk_read_bytes + vfs_write_bytes + disk_write_bytes DESC, pid, comm
LIMIT coalesce(getvariable('cache_n'), 20);
