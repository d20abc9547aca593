-- report_recordings.sql: the recordings in the directory: where, when, how, and what was lost.
SELECT recording_id, host,
       strftime(make_timestamp(start_ts_ns // 1000), '%Y-%m-%d %H:%M:%S UTC') AS started,
       round((end_ts_ns - start_ts_ns) / 1e9, 1) AS seconds,
       options['kinds'] AS kinds,
       command_line,
       kernel_release,
       cpus,
       lost_events_total,
       ended_by
FROM recording
ORDER BY start_ts_ns;
