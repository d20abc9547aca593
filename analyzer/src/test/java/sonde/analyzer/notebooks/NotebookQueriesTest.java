package sonde.analyzer.notebooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.analyzer.db.Dataset;
import sonde.analyzer.db.Fixtures;
import sonde.analyzer.db.Recorded;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The notebooks' queries, run through the analyzer's views on recordings made for them
 * (NotebooksEndToEndTest runs the notebooks themselves in Jupyter on a real recording).
 */
class NotebookQueriesTest {
    @TempDir
    Path tmp;

    /** The text of the first {@code NAME = sql("""...""")} in a notebook's code cells. */
    static String query(String notebook, String name) throws Exception {
        JsonNode nb = new ObjectMapper().readTree(Path.of(System.getProperty("sonde.root"), "notebooks",
                notebook + ".ipynb").toFile());
        Pattern p = Pattern.compile(Pattern.quote(name) + " = sql\\(\"\"\"(.*?)\"\"\"\\)", Pattern.DOTALL);
        for (JsonNode cell : nb.get("cells")) {
            StringBuilder src = new StringBuilder();
            cell.get("source").forEach(line -> src.append(line.asText()));
            Matcher m = p.matcher(src);
            if (cell.get("cell_type").asText().equals("code") && m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError("no " + name + " = sql(\"\"\"...\"\"\") in " + notebook);
    }

    /**
     * incident-triage's VFS-vs-disk table ordered by a sum of columns that are NULL for a process
     * with disk I/O and no file calls (or the reverse): the rows that matter sorted last and
     * LIMIT 12 cut them (issue 18: fio's 65 MB of disk reads and dd's 67 MB were not shown).
     */
    @Test
    void theCacheTableShowsTheProcessesWithTheMostBytes() throws Exception {
        Recorded r = new Recorded();
        for (int pid = 1; pid <= 14; pid++) { // 14 small processes with both kinds of I/O
            r.vfs(Fixtures.T0 + pid, pid, "small" + pid, "read", "ext4", "vda", "/f" + pid, 1000);
            r.disk(Fixtures.T0 + pid, pid, "small" + pid, "vda", "R", 1000L);
        }
        for (int i = 0; i < 50; i++) { // the big one: disk I/O only (O_DIRECT through another path, say)
            r.disk(Fixtures.T0 + 100 + i, 99, "bigdisk", "vda", "R", 1000L);
        }
        for (int i = 0; i < 40; i++) { // and one with only cached file reads
            r.vfs(Fixtures.T0 + 200 + i, 98, "bigcache", "read", "ext4", "vda", "/big", 1000);
        }
        Path dir = r.write(tmp.resolve("rec"), Fixtures.T0, Fixtures.T0 + 1_000_000_000L);
        String sql = query("incident-triage", "cache");
        try (Dataset ds = Dataset.open(dir)) {
            List<String> comms = ds.query("cache", sql, rs -> {
                List<String> c = new ArrayList<>();
                while (rs.next()) {
                    c.add(rs.getString("comm"));
                }
                return c;
            });
            assertTrue(comms.size() <= 12 && comms.get(0).equals("bigdisk") && comms.get(1).equals("bigcache"),
                    "the two busiest first: " + comms);
        }
    }

    /** Notebooks are committed as code, not as one run's results (issue 18): no outputs, no execution counts. */
    @Test
    void notebooksAreCommittedWithoutOutputs() throws Exception {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(Path.of(System.getProperty("sonde.root"),
                "notebooks"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".ipynb")).toList()) {
                for (JsonNode cell : new ObjectMapper().readTree(f.toFile()).get("cells")) {
                    assertTrue(cell.path("outputs").isEmpty() && cell.path("execution_count").isNull()
                            || !cell.get("cell_type").asText().equals("code"), f + " has outputs: clear them before committing");
                }
            }
        }
    }
}
