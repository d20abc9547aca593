-- window.sql: what every report says in its first line: when the recording ran, on which
-- host(s), and how many events the kernel dropped (ring buffer overruns) while it did.
-- recordings = 0 with io_rows > 0 means the recording metadata is missing (the recorder was
-- killed before it wrote its recording row): the window then comes from disk_io itself
-- (io_first_ns .. io_last_ns) and the lost-event count is unknown.
-- incomplete counts requests whose completion was not seen (still in flight at the end, or
-- completion lost), under the same pid/comm variables as top.sql.
-- disk_latency_left_out and vfs_latency_left_out count the rows that latency.sql, heatmap.sql
-- and the averages of top.sql leave out because they are marked pairing_uncertain (open while
-- the kernel lost events), under the pid, comm, from_ns and to_ns variables as latency.sql
-- applies them.
WITH rec AS (
    SELECT count(*)                        AS recordings,
           min(start_ts_ns)                AS start_ns,
           max(end_ts_ns)                  AS end_ns,
           sum(lost_events_total)::BIGINT  AS lost_events
    FROM recording
),
io AS (
    SELECT count(*)                                         AS io_rows,
           min(ts_ns)                                       AS io_first_ns,
           max(coalesce(complete_ts_ns, issue_ts_ns, ts_ns)) AS io_last_ns,
           count(*) FILTER (WHERE complete_ts_ns IS NULL
               AND (getvariable('pid') IS NULL OR pid = getvariable('pid'))
               AND (getvariable('comm') IS NULL OR comm = getvariable('comm'))) AS incomplete
    FROM disk_io
),
left_out AS (
    SELECT (SELECT count(*) FROM disk_io
            WHERE pairing_uncertain AND latency_ns IS NOT NULL
              AND (getvariable('pid') IS NULL OR pid = getvariable('pid'))
              AND (getvariable('comm') IS NULL OR comm = getvariable('comm'))
              AND (getvariable('from_ns') IS NULL OR ts_ns >= getvariable('from_ns'))
              AND (getvariable('to_ns') IS NULL OR ts_ns < getvariable('to_ns'))) AS disk_latency_left_out,
           (SELECT count(*) FROM vfs_io
            WHERE pairing_uncertain
              AND (getvariable('pid') IS NULL OR pid = getvariable('pid'))
              AND (getvariable('comm') IS NULL OR comm = getvariable('comm'))
              AND (getvariable('from_ns') IS NULL OR ts_ns >= getvariable('from_ns'))
              AND (getvariable('to_ns') IS NULL OR ts_ns < getvariable('to_ns'))) AS vfs_latency_left_out
),
hosts AS (
    SELECT string_agg(host, ', ' ORDER BY host) AS hosts
    FROM (SELECT host FROM recording UNION SELECT host FROM disk_io)
)
SELECT * FROM rec, io, left_out, hosts;
