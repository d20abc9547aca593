-- report_latency_vfs.sql: latency of file reads and writes per file system type, log2 buckets
-- of microseconds (slot 0 holds 0-1 us, slot i holds 2^(i-1) .. 2^i - 1 us), as vfsrlat.
SELECT fs_type || ' ' || op AS key,
       CASE WHEN latency_ns < 1000 THEN 0 ELSE floor(log2(latency_ns // 1000))::INT + 1 END AS slot,
       count(*) AS count
FROM vfs_io
GROUP BY ALL
ORDER BY key, slot;
