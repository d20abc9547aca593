-- cpu_sample_named.sql: the cpu_sample view of a recording that has jit_symbol rows. A JIT frame
-- the recorder wrote as [unknown] because its process's perf map did not name the address yet
-- (a JVM writes its map at exit with -XX:+DumpPerfMapAtExit, or when asked with jcmd PID
-- Compiler.perfmap) takes the name jit_symbol gives that address in its process and recording,
-- with module [jit] and kind jit, as perf names JIT frames at report time; every other frame is
-- as recorded. A frame is looked up as the recorder looked it up: at its address for the user
-- stack's last frame (where the CPU was), one byte back for return addresses (kernel frames come
-- after the user frames of a stack). An address named twice (rows Kafka delivered twice) takes
-- its first name.
-- The slot in braces below stands for the query over the recording's cpu_sample files, as
-- recorded; sonde fills it in when it opens a recording directory, so every command sees the names.
WITH recorded AS (
    SELECT *, len(frames) - len(list_filter(frames, lambda f: f.kind = 'kernel')) AS user_leaf__
    FROM ({samples})
),
named AS (
    SELECT recording_id, pid, map(list(address), list(name)) AS names
    FROM (SELECT recording_id, pid, address, arg_min(name, ts_ns) AS name FROM jit_symbol GROUP BY ALL)
    GROUP BY ALL
)
SELECT r.* EXCLUDE (user_leaf__) REPLACE (
    CASE WHEN n.names IS NULL THEN r.frames ELSE list_transform(r.frames, lambda f, i:
        CASE WHEN f.name <> '[unknown]' OR f.kind <> 'user'
                  OR n.names[f.address - CASE WHEN i = r.user_leaf__ THEN 0 ELSE 1 END] IS NULL THEN f
             ELSE struct_pack(name := n.names[f.address - CASE WHEN i = r.user_leaf__ THEN 0 ELSE 1 END],
                              module := '[jit]', kind := 'jit', address := f.address)
        END)
    END AS frames)
FROM recorded r LEFT JOIN named n ON r.recording_id = n.recording_id AND r.pid = n.pid
