-- report_latency_disk.sql: disk latency (issue to completion) per device: log2 buckets of
-- microseconds, as bcc's biolatency (slot 0 holds 0-1 us, slot i holds 2^(i-1) .. 2^i - 1 us).
SELECT device AS key,
       CASE WHEN latency_ns < 1000 THEN 0 ELSE floor(log2(latency_ns // 1000))::INT + 1 END AS slot,
       count(*) AS count
FROM disk_io
WHERE latency_ns IS NOT NULL
GROUP BY ALL
ORDER BY key, slot;
