package sonde.analyzer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import sonde.analyzer.ingest.IngestCommand;
import sonde.recorder.RecordOptions;
import sonde.recorder.cli.Args;
import sonde.recorder.testing.Jvm;

/** deploy/: the manifests parse, have what a recorder or an ingester needs, and run commands the CLI accepts. */
class DeployFilesTest {
    private static final Path DEPLOY = Path.of(System.getProperty("sonde.root", "..")).resolve("deploy");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String name) throws Exception {
        return (Map<String, Object>) new Yaml().load(Files.readString(DEPLOY.resolve(name)));
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Object node, String... path) {
        Object o = node;
        for (String p : path) {
            o = o instanceof List<?> l ? l.get(Integer.parseInt(p)) : ((Map<String, Object>) o).get(p);
            assertNotNull(o, "missing " + String.join(".", path) + " (at " + p + ")");
        }
        return (T) o;
    }

    /** The container's command with the Kubernetes $(VAR) references filled in, after the "sonde" word. */
    private static String[] args(List<String> command, Map<String, String> vars) {
        assertTrue(command.get(0).endsWith("/sonde"), command.toString());
        return command.subList(2, command.size()).stream().map(a -> {
            String s = a;
            for (var v : vars.entrySet()) {
                s = s.replace("$(" + v.getKey() + ")", v.getValue());
            }
            return s;
        }).toArray(String[]::new);
    }

    @Test
    void theDaemonSetRecordsEveryNodeToKafkaWithTracefs() throws Exception {
        Map<String, Object> ds = yaml("k8s/sonde-record-daemonset.yaml");
        assertEquals("apps/v1", ds.get("apiVersion"));
        assertEquals("DaemonSet", ds.get("kind"));
        assertEquals("sonde-record", (String) at(ds, "metadata", "name"));
        Object selector = at(ds, "spec", "selector", "matchLabels");
        assertEquals(selector, at(ds, "spec", "template", "metadata", "labels"));
        Map<String, Object> pod = at(ds, "spec", "template", "spec");
        assertEquals(Boolean.TRUE, pod.get("hostPID"));
        Map<String, Object> c = at(pod, "containers", "0");
        assertEquals(Boolean.TRUE, (Boolean) at(c, "securityContext", "privileged"));
        assertNotNull(c.get("image"));
        List<String> command = at(c, "command");
        assertEquals("record", command.get(1));
        Map<String, String> hostPaths = new LinkedHashMap<>();
        List<Map<String, Object>> volumes = at(pod, "volumes");
        for (Map<String, Object> v : volumes) {
            hostPaths.put((String) v.get("name"), at(v, "hostPath", "path"));
        }
        Map<String, String> mounts = new LinkedHashMap<>();
        List<Map<String, Object>> volumeMounts = at(c, "volumeMounts");
        for (Map<String, Object> m : volumeMounts) {
            mounts.put(hostPaths.get((String) m.get("name")), (String) m.get("mountPath"));
        }
        assertEquals("/sys/kernel/tracing", mounts.get("/sys/kernel/tracing"), "tracefs from the node: " + mounts);
        assertEquals("/sys", mounts.get("/sys"));
        String[] argv = args(command, Map.of("KAFKA", "kafka:9092", "NODE_NAME", "node-1"));
        RecordOptions o = RecordOptions.parse(argv, RecordOptions.SPEC.parse(argv));
        assertEquals("kafka:9092", o.kafka().bootstrap());
        assertEquals("node-1", o.host());
        assertEquals(mounts.get("/var/lib/sonde/spool"), o.kafka().spoolDir().toString(), "the spool survives the pod");
    }

    @Test
    void theIngestDeploymentWritesToItsSharedVolume() throws Exception {
        Map<String, Object> d = yaml("k8s/sonde-ingest-deployment.yaml");
        assertEquals("apps/v1", d.get("apiVersion"));
        assertEquals("Deployment", d.get("kind"));
        assertEquals("sonde-ingest", (String) at(d, "metadata", "name"));
        Object ingestSelector = at(d, "spec", "selector", "matchLabels");
        assertEquals(ingestSelector, at(d, "spec", "template", "metadata", "labels"));
        Map<String, Object> c = at(d, "spec", "template", "spec", "containers", "0");
        List<String> command = at(c, "command");
        assertEquals("ingest", command.get(1));
        Args a = IngestCommand.SPEC.parse(args(command, Map.of()));
        assertTrue(a.has("kafka") && a.has("group"));
        assertEquals(a.get("out"), (String) at(c, "volumeMounts", "0", "mountPath"));
        assertNotNull(at(d, "spec", "template", "spec", "volumes", "0", "persistentVolumeClaim", "claimName"));
    }

    @Test
    void theSystemdUnitRestartsAContinuousKafkaRecording() throws Exception {
        Map<String, Map<String, String>> unit = new LinkedHashMap<>();
        Map<String, String> section = null;
        for (String line : Files.readAllLines(DEPLOY.resolve("systemd/sonde-record.service"))) {
            if (line.startsWith("[")) {
                section = new LinkedHashMap<>();
                unit.put(line, section);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                int eq = line.indexOf('=');
                assertTrue(eq > 0 && section != null, "key=value in a section: " + line);
                section.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        assertEquals(List.of("[Unit]", "[Service]", "[Install]"), List.copyOf(unit.keySet()));
        Map<String, String> s = unit.get("[Service]");
        assertTrue(s.get("ExecStart").contains("\"$SONDE\" record --kafka \"$KAFKA\""), s.get("ExecStart"));
        // the Debian package's launcher unless /etc/default/sonde names another (archive, checkout)
        assertTrue(Files.readString(DEPLOY.resolve("systemd/sonde-record.service")).contains("\nEnvironment=SONDE=/usr/bin/sonde\n"));
        assertEquals("always", s.get("Restart"));
        assertEquals("SIGINT", s.get("KillSignal"), "the recorder finishes cleanly on SIGINT");
        assertTrue(Integer.parseInt(s.get("TimeoutStopSec")) > 10, "longer than the recorder's 10 s wait for Kafka");
        assertEquals("multi-user.target", unit.get("[Install]").get("WantedBy"));
        assertNotNull(unit.get("[Unit]").get("Description"));
    }

    @Test
    void theKafkaScriptIsValidBashAndShowsItsUsage() throws Exception {
        Path script = DEPLOY.resolve("kafka-local.sh");
        assertTrue(Files.isExecutable(script));
        assertEquals(0, Jvm.run(List.of("bash", "-n", script.toString()), Map.of()).exit());
        Jvm.Result r = Jvm.run(List.of("bash", script.toString()), Map.of());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("USAGE: deploy/kafka-local.sh start|stop|status|run"), r.err());
        r = Jvm.run(List.of("bash", script.toString(), "status", "--port", "x1"), Map.of());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("bad --port 'x1'"), r.err());
    }
}
