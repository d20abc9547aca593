-- top_interval.sql: top.sql per interval, like biotop(8) printing a table every few seconds.
-- Intervals are aligned to the wall clock, as iostat and sar line up theirs: each starts at a
-- whole multiple of the interval since the epoch (UTC), so 1 s intervals start on the second
-- and 5 s intervals at :00, :05, ... A request counts in the interval its first event
-- (ts_ns) falls in. Intervals are named by their start as ISO-8601 UTC with milliseconds; an
-- interval without I/O has no rows. Rows are in time order, then busiest first.
--
-- Writeback is attributed to the dirtying process, and avg_latency_ns and latency_left_out
-- are as in top.sql.
-- Parameters as in top.sql (top_by, pid, comm, top_n: the rows kept per interval), and:
--   SET VARIABLE interval_ns = 5000000000;   -- interval length in ns (default 5 s)
-- Run it: sonde sql DIR --file top_interval.sql  (sonde top DIR --interval 5s --print-sql)
WITH origin AS (
    SELECT coalesce(getvariable('interval_ns'), 5000000000)::BIGINT AS interval_ns
),
io AS (
    SELECT *,
           coalesce(writeback_pid, pid)   AS by_pid,
           coalesce(writeback_comm, comm) AS by_comm,
           writeback_pid IS NOT NULL      AS via_writeback
    FROM disk_io
),
per_interval AS (
    SELECT
        d.ts_ns // o.interval_ns * o.interval_ns AS start_ns,
        CASE WHEN getvariable('top_by') = 'device' THEN NULL ELSE d.by_pid END  AS pid,
        CASE WHEN getvariable('top_by') = 'device' THEN NULL ELSE d.by_comm END AS comm,
        d.device,
        d.op,
        count(*)                           AS ios,
        sum(d.bytes)::BIGINT               AS bytes,
        round(avg(d.latency_ns) FILTER (WHERE d.pairing_uncertain IS NOT TRUE))::BIGINT AS avg_latency_ns,
        CASE WHEN getvariable('top_by') = 'device' THEN false ELSE d.via_writeback END AS writeback,
        count(*) FILTER (WHERE d.pairing_uncertain AND d.latency_ns IS NOT NULL) AS latency_left_out
    FROM io d, origin o
    WHERE (getvariable('pid') IS NULL OR d.by_pid = getvariable('pid'))
      AND (getvariable('comm') IS NULL OR d.by_comm = getvariable('comm'))
    GROUP BY ALL
)
SELECT
    strftime(make_timestamp(start_ns // 1000), '%Y-%m-%dT%H:%M:%S.%gZ') AS interval_start,
    pid, comm, device, op, ios, bytes, avg_latency_ns, writeback, latency_left_out
FROM per_interval
QUALIFY row_number() OVER (PARTITION BY start_ns ORDER BY bytes DESC, ios DESC, device, op, pid, comm, writeback)
        <= coalesce(getvariable('top_n'), 10)
ORDER BY start_ns, bytes DESC, ios DESC, device, op, pid, comm, writeback;
