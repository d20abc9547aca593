-- flame.sql: CPU samples folded into stacks, FlameGraph's folded format (as stackcollapse-perf.pl
-- prints it, after Brendan Gregg's FlameGraph): one row per distinct stack, frames root first
-- joined by ';', the process name as the root frame, kernel frames marked _[k] and JIT frames
-- _[j], then the number of samples (each stands for period_ns of CPU time). Frame names never
-- hold ';' (the recorder writes ':' instead, as stackcollapse does), so stacks fold exactly.
-- Source: the cpu_sample view (cpu-clock samples, default 997 Hz on every CPU). Idle CPUs are
-- sampled too, as the process swapper (pid 0).
--
-- Parameters are DuckDB variables; an unset one means no filter:
--   SET VARIABLE pid = 1234;             -- only this process id
--   SET VARIABLE comm = 'postgres';      -- only this command name
--   SET VARIABLE from_ns = 1795...;      -- only samples at or after this wall-clock epoch ns
--   SET VARIABLE to_ns = 1795...;        -- only samples before this wall-clock epoch ns
--   SET VARIABLE no_idle = true;         -- leave out the idle task (pid 0)
-- Run it: sonde sql DIR --file flame.sql  (sonde flame DIR --print-sql prints this file)
WITH stacks AS (
    SELECT
        comm,
        array_to_string(list_transform(frames, lambda f:
            f.name || CASE f.kind WHEN 'kernel' THEN '_[k]' WHEN 'jit' THEN '_[j]' ELSE '' END), ';') AS frames_text,
        count(*) AS samples
    FROM cpu_sample
    WHERE (getvariable('pid') IS NULL OR pid = getvariable('pid'))
      AND (getvariable('comm') IS NULL OR comm = getvariable('comm'))
      AND (getvariable('from_ns') IS NULL OR ts_ns >= getvariable('from_ns'))
      AND (getvariable('to_ns') IS NULL OR ts_ns < getvariable('to_ns'))
      AND NOT (coalesce(getvariable('no_idle'), false) AND pid = 0)
    GROUP BY ALL
)
SELECT
    replace(comm, ' ', '_') || CASE WHEN frames_text = '' THEN '' ELSE ';' || frames_text END AS stack,
    sum(samples)::BIGINT AS samples
FROM stacks
GROUP BY 1
ORDER BY 1;
