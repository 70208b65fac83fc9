package org.connectome.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.connectome.SparkTestBase;
import org.connectome.stats.TestConnectomes;
import org.junit.jupiter.api.Test;

/**
 * The report opened in a real browser, Debian's {@code chromium} headless: the page logs nothing to the console
 * (a resource it could not load would), every plot decodes to an image of nonzero size, and in a screenshot of
 * the whole page every plot's area is drawn (enough pixels that are not white). Skipped, saying so, when no
 * chromium is installed ({@code apt-get install -y chromium}; {@code CONNECTOME_CHROMIUM} names another binary).
 */
class ReportBrowserIT extends SparkTestBase {
    private static final int WIDTH = 1280;
    private static final int PLOTS = 7;
    /** Share of a plot's pixels that must differ from white: axes, labels, bars and curves. */
    private static final double MIN_DRAWN = 0.03;
    /**
     * Appended to a copy of the page (not the page itself, which has no script): once loaded, it records the page
     * size and each image's natural and laid-out box on the body, where --dump-dom shows it.
     */
    private static final String PROBE = "<script>window.addEventListener('load', () => {"
            + " const boxes = [...document.images].map(i => { const r = i.getBoundingClientRect();"
            + " return [i.naturalWidth, i.naturalHeight, r.left + scrollX, r.top + scrollY, r.width, r.height]"
            + ".map(Math.round).join(' '); });"
            + " document.body.setAttribute('data-probe', [document.documentElement.scrollWidth,"
            + " document.documentElement.scrollHeight].join(' ') + ';' + boxes.join(';')); });</script>";

    @Test
    void everyPlotIsDrawnAndTheConsoleStaysQuiet() throws Exception {
        assertPlotsDrawn(TestConnectomes.standard(), "browser-report", PLOTS);
    }

    /** A network's page: 18 plots (see ReportTest), every one drawn. */
    @Test
    void everyPlotOfANetworkIsDrawn() throws Exception {
        Path spec = Files.writeString(TestConnectomes.scratch().resolve("browser-net.yaml"),
                TestConnectomes.NETWORK_SPEC);
        Path net = TestConnectomes.generate("browser-net", "--model", spec.toString(), "--seed", "5");
        assertPlotsDrawn(net, "browser-net", 18);
    }

    private static void assertPlotsDrawn(Path connectome, String name, int plots) throws Exception {
        Optional<Path> browser = chromium();
        assumeTrue(browser.isPresent(), "chromium not found (PATH or CONNECTOME_CHROMIUM): the headless-browser"
                + " test of connectome report is SKIPPED; install it with: apt-get install -y chromium");
        Path scratch = TestConnectomes.scratch();
        Path page = scratch.resolve(name + ".html");
        TestConnectomes.Run run = TestConnectomes.run("report", connectome.toString(), "--out",
                page.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        String html = Files.readString(page, StandardCharsets.UTF_8);
        Path probe = scratch.resolve(name + "-probe.html");
        Files.writeString(probe, html.replace("</body>", PROBE + "</body>"), StandardCharsets.UTF_8);
        Result dom = chromium(browser.get(), scratch, "--window-size=" + WIDTH + ",1000", "--dump-dom",
                probe.toUri().toString());
        Matcher found = Pattern.compile("data-probe=\"([^\"]*)\"").matcher(dom.out());
        assertTrue(found.find(), "the probe ran:\n" + dom.err());
        String[] parts = found.group(1).split(";");
        int height = Integer.parseInt(parts[0].split(" ")[1]);
        List<int[]> boxes = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            boxes.add(Stream.of(parts[i].split(" ")).mapToInt(Integer::parseInt).toArray());
        }
        assertEquals(plots, boxes.size(), found.group(1));
        for (int[] box : boxes) {
            assertTrue(box[0] > 0 && box[1] > 0, "an image that decodes: natural size " + box[0] + "x" + box[1]);
            assertTrue(box[4] > 100 && box[5] > 100, "an image laid out at a readable size: " + box[4] + "x" + box[5]);
        }

        Path screenshot = scratch.resolve(name + ".png");
        Result shot = chromium(browser.get(), scratch, "--window-size=" + WIDTH + "," + height,
                "--screenshot=" + screenshot, page.toUri().toString());
        assertConsoleQuiet(shot);
        BufferedImage image = ImageIO.read(screenshot.toFile());
        assertEquals(WIDTH, image.getWidth());
        for (int[] box : boxes) {
            double drawn = drawnShare(image, box[2], box[3], box[4], box[5]);
            assertTrue(drawn >= MIN_DRAWN, String.format("plot at (%d, %d) %dx%d: only %.4f of its pixels drawn",
                    box[2], box[3], box[4], box[5], drawn));
        }
    }

    /** The share of pixels in a box that are not (nearly) white. */
    private static double drawnShare(BufferedImage image, int left, int top, int width, int height) {
        long drawn = 0;
        long all = 0;
        for (int y = Math.max(0, top); y < Math.min(image.getHeight(), top + height); y++) {
            for (int x = Math.max(0, left); x < Math.min(image.getWidth(), left + width); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                drawn += r < 235 || g < 235 || b < 235 ? 1 : 0;
                all++;
            }
        }
        assertTrue(all > 0, "the plot lies inside the screenshot");
        return (double) drawn / all;
    }

    /** Chromium writes the page's console messages to its log as lines with CONSOLE. */
    private static void assertConsoleQuiet(Result result) {
        List<String> console = result.err().lines().filter(line -> line.contains(":CONSOLE")).toList();
        assertEquals(List.of(), console, "console messages of the page");
    }

    private record Result(String out, String err) {
    }

    private static Result chromium(Path browser, Path scratch, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(browser.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--hide-scrollbars", "--force-device-scale-factor=1", "--enable-logging=stderr",
                "--v=0", "--user-data-dir=" + scratch.resolve("chromium-profile")));
        command.addAll(List.of(arguments));
        Path out = scratch.resolve("chromium.out");
        Path err = scratch.resolve("chromium.err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s: " + command);
        }
        Result result = new Result(Files.readString(out), Files.readString(err));
        assertEquals(0, process.exitValue(), "chromium failed: " + result.err());
        return result;
    }

    static Optional<Path> chromium() {
        String named = System.getenv("CONNECTOME_CHROMIUM");
        if (named != null && !named.isBlank()) {
            return Optional.of(Path.of(named)).filter(Files::isExecutable);
        }
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path candidate = Path.of(directory, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
