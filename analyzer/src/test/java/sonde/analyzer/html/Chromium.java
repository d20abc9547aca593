package sonde.analyzer.html;

import sonde.analyzer.testing.MiniJson;
import sonde.recorder.testing.Workloads;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Headless Chromium (Debian's /usr/bin/chromium) driven over the DevTools protocol with the
 * JDK's WebSocket client: load a page, collect console errors and exceptions, evaluate
 * JavaScript, take a screenshot. For tests only.
 */
final class Chromium implements AutoCloseable {
    private final Process process;
    /** Chromium's TMPDIR (its singleton socket goes there, and a socket's path must be short: 108 bytes) and home directories. */
    private final Path sockets;
    private final WebSocket ws;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    private final BlockingQueue<Map<String, Object>> events = new LinkedBlockingQueue<>();
    private final List<String> errors = new ArrayList<>();

    @SuppressWarnings("unchecked")
    Chromium(Path profile) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,1600", "--remote-debugging-port=0", "--user-data-dir=" + profile, "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile());
        // its temporary files, and what it keeps in the user's home (crash report settings, dconf), in a
        // directory of their own, removed on close: nothing of a test run is left in /tmp or ~/.config
        sockets = Files.createTempDirectory(Path.of("/tmp"), "sonde-chromium-");
        pb.environment().put("TMPDIR", sockets.toString());
        pb.environment().put("XDG_CONFIG_HOME", Files.createDirectories(sockets.resolve("config")).toString());
        pb.environment().put("XDG_CACHE_HOME", Files.createDirectories(sockets.resolve("cache")).toString());
        process = pb.start();
        Path port = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + 120_000_000_000L; // slow to start on a busy host
        while (!Files.exists(port) || Files.readAllLines(port).size() < 2) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IOException("chromium did not start (" + (process.isAlive() ? "running" : "status "
                        + process.exitValue()) + "): " + Files.readString(profile.resolve("chromium.log")).strip());
            }
            Thread.sleep(50);
        }
        String p = Files.readAllLines(port).get(0).trim();
        HttpClient http = HttpClient.newHttpClient();
        String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p + "/json/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String url = null;
        for (Object t : (List<Object>) MiniJson.parse(list)) {
            Map<String, Object> target = (Map<String, Object>) t;
            if ("page".equals(target.get("type"))) {
                url = (String) target.get("webSocketDebuggerUrl");
            }
        }
        ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(URI.create(url), new Listener())
                .get(10, TimeUnit.SECONDS);
        send("Runtime.enable", "{}");
        send("Log.enable", "{}");
        send("Page.enable", "{}");
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder buf = new StringBuilder();

        @Override
        @SuppressWarnings("unchecked")
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            buf.append(data);
            if (last) {
                Map<String, Object> m = (Map<String, Object>) MiniJson.parse(buf.toString());
                buf.setLength(0);
                if (m.containsKey("id")) {
                    CompletableFuture<Map<String, Object>> f = pending.remove(((Number) m.get("id")).intValue());
                    if (f != null) {
                        f.complete(m);
                    }
                } else {
                    noteError(m);
                    events.add(m);
                }
            }
            w.request(1);
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private void noteError(Map<String, Object> m) {
        Map<String, Object> params = (Map<String, Object>) m.get("params");
        switch (String.valueOf(m.get("method"))) {
            case "Runtime.exceptionThrown" -> errors.add("exception: " + params.get("exceptionDetails"));
            case "Runtime.consoleAPICalled" -> {
                if ("error".equals(params.get("type")) || "assert".equals(params.get("type"))) {
                    errors.add("console." + params.get("type") + ": " + params.get("args"));
                }
            }
            case "Log.entryAdded" -> {
                Map<String, Object> e = (Map<String, Object>) params.get("entry");
                if ("error".equals(e.get("level"))) {
                    errors.add("log: " + e.get("text"));
                }
            }
            default -> {
            }
        }
    }

    /** Sends a command and waits for its result. */
    @SuppressWarnings("unchecked")
    Map<String, Object> send(String method, String paramsJson) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<Map<String, Object>> f = new CompletableFuture<>();
        pending.put(id, f);
        ws.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}", true);
        Map<String, Object> reply = f.get(60, TimeUnit.SECONDS);
        if (reply.containsKey("error")) {
            throw new IOException(method + ": " + reply.get("error"));
        }
        return (Map<String, Object>) reply.get("result");
    }

    /** Navigates and waits for the load event. */
    void load(String url) throws Exception {
        events.clear();
        send("Page.navigate", "{\"url\":" + MiniJson.quote(url) + "}");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            Map<String, Object> e = events.poll(1, TimeUnit.SECONDS);
            if (e != null && "Page.loadEventFired".equals(e.get("method"))) {
                return;
            }
        }
        throw new IOException("page did not load: " + url);
    }

    /** Evaluates an expression in the page and returns its value (JSON-decoded). */
    @SuppressWarnings("unchecked")
    Object eval(String expression) throws Exception {
        Map<String, Object> r = send("Runtime.evaluate", "{\"expression\":" + MiniJson.quote(expression)
                + ",\"returnByValue\":true,\"awaitPromise\":true}");
        if (r.containsKey("exceptionDetails")) {
            throw new IOException("evaluating " + expression + ": " + r.get("exceptionDetails"));
        }
        return ((Map<String, Object>) r.get("result")).get("value");
    }

    void screenshot(Path png) throws Exception {
        Map<String, Object> r = send("Page.captureScreenshot", "{\"format\":\"png\",\"captureBeyondViewport\":true}");
        Files.write(png, Base64.getDecoder().decode((String) r.get("data")));
    }

    /** Console errors, uncaught exceptions and error log entries seen so far. */
    List<String> errors() {
        return errors;
    }

    @Override
    public void close() {
        if (ws != null) {
            ws.abort();
        }
        // Chromium's helpers (renderer, GPU, crash handler) keep writing to the profile for a
        // moment after the browser dies; kill and wait for all of them so the directory can go.
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // gone or stuck: the temporary directory's removal will say so
            }
        }
        Workloads.deleteTree(sockets);
    }
}
