-- report_percentiles.sql: latency percentiles (exact: quantile_disc over every completed
-- request or call) per disk device and per file system type, in microseconds.
SELECT 'disk' AS layer, device AS key, count(*) AS count,
       round(quantile_disc(latency_ns, 0.5) / 1e3, 1) AS p50_us,
       round(quantile_disc(latency_ns, 0.9) / 1e3, 1) AS p90_us,
       round(quantile_disc(latency_ns, 0.99) / 1e3, 1) AS p99_us,
       round(quantile_disc(latency_ns, 0.999) / 1e3, 1) AS p999_us,
       round(max(latency_ns) / 1e3, 1) AS max_us
FROM disk_io WHERE latency_ns IS NOT NULL GROUP BY ALL
UNION ALL
SELECT 'vfs', fs_type || ' ' || op, count(*),
       round(quantile_disc(latency_ns, 0.5) / 1e3, 1), round(quantile_disc(latency_ns, 0.9) / 1e3, 1),
       round(quantile_disc(latency_ns, 0.99) / 1e3, 1), round(quantile_disc(latency_ns, 0.999) / 1e3, 1),
       round(max(latency_ns) / 1e3, 1)
FROM vfs_io GROUP BY ALL
ORDER BY layer, count DESC;
