-- top.sql: who is using my disk? Block-layer I/O per process, or per device, over the whole
-- recording. Like biotop(8) from BCC by Brendan Gregg (after iotop), but afterwards and in SQL.
-- Source: the disk_io view, one row per block request, from the block:block_io_start,
-- block:block_rq_issue and block:block_rq_complete tracepoints (the block layer, not VFS).
--
-- Parameters are DuckDB variables; an unset one means the default:
--   SET VARIABLE top_by = 'device';  -- 'process' (default): a row per pid, comm, device, op;
--                                    -- 'device': a row per device, op (pid and comm null)
--   SET VARIABLE pid = 1234;         -- only requests submitted by this process id
--   SET VARIABLE comm = 'postgres';  -- only requests submitted by tasks with this command name
--   SET VARIABLE top_n = 20;         -- the busiest rows to keep (default 10)
-- Run it: sonde sql DIR --file top.sql  (sonde top DIR --print-sql prints this file)
--
-- ios counts every request, completed or not; bytes is their size at issue;
-- avg_latency_ns is the device latency (issue to completion) averaged over the completed
-- requests only, rounded to a whole ns, and null when none completed; it leaves out the
-- requests marked pairing_uncertain (open while the kernel lost events, so their issue and
-- completion may be two requests': see disk_io.avsc), which latency_left_out counts (those
-- that completed: the others are in no average anyway).
-- A write that a kernel flusher thread issued while writing back pages another process
-- dirtied counts for that process (writeback_pid, writeback_comm: see disk_io.avsc for the
-- method), in rows of its own with writeback = true; the kernel thread keeps only the rest
-- (journal, metadata, pages dirtied before recording began), so nothing is counted twice.
WITH io AS (
    SELECT *,
           coalesce(writeback_pid, pid)   AS by_pid,
           coalesce(writeback_comm, comm) AS by_comm,
           writeback_pid IS NOT NULL      AS via_writeback
    FROM disk_io
)
SELECT
    CASE WHEN getvariable('top_by') = 'device' THEN NULL ELSE by_pid END  AS pid,
    CASE WHEN getvariable('top_by') = 'device' THEN NULL ELSE by_comm END AS comm,
    device,
    op,
    count(*)                             AS ios,
    sum(bytes)::BIGINT                   AS bytes,
    round(avg(latency_ns) FILTER (WHERE pairing_uncertain IS NOT TRUE))::BIGINT AS avg_latency_ns,
    CASE WHEN getvariable('top_by') = 'device' THEN false ELSE via_writeback END AS writeback,
    count(*) FILTER (WHERE pairing_uncertain AND latency_ns IS NOT NULL)          AS latency_left_out
FROM io
WHERE (getvariable('pid') IS NULL OR by_pid = getvariable('pid'))
  AND (getvariable('comm') IS NULL OR by_comm = getvariable('comm'))
GROUP BY ALL
ORDER BY bytes DESC, ios DESC, device, op, pid, comm, writeback
LIMIT coalesce(getvariable('top_n'), 10);
