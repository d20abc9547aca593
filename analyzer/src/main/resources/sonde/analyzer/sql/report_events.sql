-- report_events.sql: rows per event kind, and events the kernel lost per kind (all recordings).
WITH rows AS (
    SELECT 'disk_io' AS kind, count(*) AS rows FROM disk_io
    UNION ALL SELECT 'vfs_io', count(*) FROM vfs_io
    UNION ALL SELECT 'cpu_sample', count(*) FROM cpu_sample
),
lost AS (
    SELECT l.kind, sum(l.lost_events)::BIGINT AS lost_events
    FROM recording, unnest(lost_events) AS t(l)
    GROUP BY ALL
)
SELECT r.kind, r.rows,
       coalesce((SELECT sum(lost_events) FROM lost WHERE contains(lost.kind, r.kind)), 0)::BIGINT AS lost_events
FROM rows r
ORDER BY r.kind;
