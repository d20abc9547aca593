-- report_slowest.sql: the slowest individual disk requests, leaving out those marked
-- pairing_uncertain (open while the kernel lost events: their latency may join two requests),
-- each request once (not again for the bios of other processes merged into it: merged_bio).
SELECT strftime(make_timestamp(issue_ts_ns // 1000), '%H:%M:%S.%f') AS issued,
       round(latency_ns / 1e6, 3) AS ms,
       coalesce(writeback_pid, pid) AS pid, coalesce(writeback_comm, comm) AS comm,
       device, rwbs, bytes, sector
FROM disk_io
WHERE latency_ns IS NOT NULL AND pairing_uncertain IS NOT TRUE AND merged_bio IS NOT TRUE
ORDER BY latency_ns DESC
LIMIT 20;
