-- report_heatmap.sql: disk latency heat map cells: 60 time columns over the I/O's time span
-- (by completion time), log2 microsecond rows as report_latency_disk.sql, count per cell.
WITH span AS (
    SELECT min(complete_ts_ns) AS lo, greatest(max(complete_ts_ns) - min(complete_ts_ns), 1) AS width
    FROM disk_io WHERE latency_ns IS NOT NULL
)
SELECT least(59, ((complete_ts_ns - lo) * 60 // width))::INT AS col,
       CASE WHEN latency_ns < 1000 THEN 0 ELSE floor(log2(latency_ns // 1000))::INT + 1 END AS slot,
       count(*) AS count,
       any_value(width) AS width_ns
FROM disk_io, span
WHERE latency_ns IS NOT NULL
GROUP BY ALL
ORDER BY col, slot;
