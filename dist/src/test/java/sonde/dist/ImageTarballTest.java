package sonde.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sonde.recorder.testing.Jvm;
import sonde.recorder.testing.Privileged;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The image tarball (an OCI layout: index.json → manifest → config and layers), read as a runtime
 * would: its entry point is there and executable, it holds the release archive's jars, its layers
 * unpacked give a root file system in which the entry point runs (chroot: no container runtime here),
 * and the manifests of deploy/k8s name it and run its entry point.
 */
class ImageTarballTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void itsEntryPointRunsTheSameJarsAndDeployNamesIt(@TempDir Path tmp) throws Exception {
        Path tar = Installed.artifact("sonde-*-image.tar");
        Path layout = Files.createDirectory(tmp.resolve("layout"));
        Installed.run(List.of("tar", "-xf", tar.toString(), "-C", layout.toString()), Map.of());
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        JsonNode ref = index.path("manifests").get(0);
        String name = ref.path("annotations").path("org.opencontainers.image.ref.name").asText();
        assertEquals("sonde:" + Installed.VERSION, name);
        JsonNode manifest = JSON.readTree(blob(layout, ref.path("digest").asText()).toFile());
        JsonNode config = JSON.readTree(blob(layout, manifest.path("config").path("digest").asText()).toFile());
        assertEquals("linux", config.path("os").asText());
        List<String> entrypoint = new ArrayList<>();
        config.path("config").path("Entrypoint").forEach(a -> entrypoint.add(a.asText()));
        assertEquals(List.of("/opt/sonde/bin/sonde"), entrypoint);

        Path rootfs = Files.createDirectory(tmp.resolve("rootfs"));
        for (JsonNode layer : manifest.path("layers")) {
            Installed.run(List.of("tar", "-xzf", blob(layout, layer.path("digest").asText()).toString(), "-C",
                    rootfs.toString()), Map.of());
        }
        Path sonde = rootfs.resolve(entrypoint.get(0).substring(1));
        assertTrue(Files.isExecutable(sonde), "the entry point is an executable file");
        assertEquals(jars(Path.of(System.getProperty("sonde.tree"), "lib")), jars(rootfs.resolve("opt/sonde/lib")),
                "the image's jars are the archive's");
        ReleaseArchiveTest.assertOneOfEachJar(rootfs.resolve("opt/sonde/lib"));
        runsInside(rootfs, config.path("config").path("Env"));
        deployNames(name, entrypoint.get(0));
    }

    /** The entry point in a chroot of the layers, with the image's environment only: Java, bash and libraries are all the image's. */
    private static void runsInside(Path rootfs, JsonNode env) throws Exception {
        Privileged.require("root".equals(System.getProperty("user.name")), "runs the image in a chroot: needs root");
        List<String> cmd = new ArrayList<>(List.of("chroot", rootfs.toString(), "env", "-i"));
        env.forEach(e -> cmd.add(e.asText()));
        cmd.addAll(List.of("/opt/sonde/bin/sonde", "--version"));
        Path proc = Files.createDirectories(rootfs.resolve("proc"));
        // as in a container: the JVM's launcher finds its libraries through /proc/self/exe
        Installed.run(List.of("mount", "-t", "proc", "proc", proc.toString()), Map.of());
        try {
            Jvm.Result r = Installed.run(cmd, Map.of());
            assertTrue(r.out().contains(Installed.VERSION), r.out());
        } finally {
            Jvm.run(List.of("umount", proc.toString()), Map.of());
        }
    }

    /** The DaemonSet and the ingest Deployment run this image's entry point, under this image's name. */
    private static void deployNames(String name, String entrypoint) throws Exception {
        Path k8s = Path.of(System.getProperty("sonde.root"), "deploy/k8s");
        for (String file : List.of("sonde-record-daemonset.yaml", "sonde-ingest-deployment.yaml")) {
            String yaml = Files.readString(k8s.resolve(file));
            Matcher image = Pattern.compile("image: (\\S+)").matcher(yaml);
            assertTrue(image.find(), file);
            assertEquals(name, image.group(1), file + " names the image dist builds");
            assertTrue(yaml.contains("command: [\"" + entrypoint + "\""), file + " runs " + entrypoint);
        }
    }

    private static Path blob(Path layout, String digest) {
        return layout.resolve("blobs").resolve(digest.replace(':', '/'));
    }

    private static Set<String> jars(Path lib) throws Exception {
        try (Stream<Path> s = Files.list(lib)) {
            return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
        }
    }
}
