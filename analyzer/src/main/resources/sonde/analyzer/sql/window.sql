-- window.sql: what every report says in its first line: when the recording ran, on which
-- host(s), and how many events the kernel dropped (ring buffer overruns) while it did.
-- recordings = 0 with io_rows > 0 means the recording metadata is missing (the recorder was
-- killed before it wrote its recording row): the window then comes from disk_io itself
-- (io_first_ns .. io_last_ns) and the lost-event count is unknown.
-- incomplete counts requests whose completion was not seen (still in flight at the end, or
-- completion lost), under the same pid/comm variables as top.sql.
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
hosts AS (
    SELECT string_agg(host, ', ' ORDER BY host) AS hosts
    FROM (SELECT host FROM recording UNION SELECT host FROM disk_io)
)
SELECT * FROM rec, io, hosts;
