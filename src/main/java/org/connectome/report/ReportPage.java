package org.connectome.report;

import java.util.List;

/**
 * The report's HTML: one self-contained page (its style inline, its images data URIs, no script), laid out as
 * a header, a table of contents and sections of cards. Values are escaped; this class knows layout only.
 */
final class ReportPage {
    private static final String STYLE = """
            :root { --ink: #1f2933; --muted: #616e7c; --line: #e4e7eb; --card: #ffffff; --back: #f5f7fa;
                    --measured: #4c78a8; --law: #e4572e; --pass: #1e7b34; --fail: #b42318; }
            * { box-sizing: border-box; }
            body { margin: 0; background: var(--back); color: var(--ink);
                   font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", "Liberation Sans", sans-serif; }
            header { background: #1f2933; color: #fff; padding: 28px 40px 22px; }
            header h1 { margin: 0 0 4px; font-size: 26px; font-weight: 600; }
            header .sub { color: #cbd2d9; font-size: 14px; }
            header code { color: #fff; }
            nav { background: #fff; border-bottom: 1px solid var(--line); padding: 10px 40px; position: sticky; top: 0; }
            nav a { color: var(--measured); text-decoration: none; margin-right: 18px; font-size: 14px; }
            main { max-width: 1380px; margin: 0 auto; padding: 24px 40px 60px; }
            section { margin-top: 28px; }
            h2 { font-size: 20px; margin: 0 0 6px; font-weight: 600; }
            h3 { font-size: 16px; margin: 18px 0 6px; font-weight: 600; }
            p.note { color: var(--muted); margin: 4px 0 12px; max-width: 1000px; }
            .tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; }
            .tile { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; }
            .tile .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
            .tile .value { font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; }
            .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 16px; }
            figure { margin: 0; background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 8px; }
            figure img { width: 100%; height: auto; display: block; }
            figcaption { color: var(--muted); font-size: 13px; padding: 4px 8px 2px; }
            .card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 4px 0; overflow-x: auto; }
            table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
            th, td { text-align: left; padding: 6px 14px; border-bottom: 1px solid var(--line); vertical-align: top; }
            th { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; font-weight: 600; }
            tr:last-child td { border-bottom: none; }
            td.num { text-align: right; }
            .columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 16px; }
            .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 700; color: #fff; }
            .pass { background: var(--pass); } .fail { background: var(--fail); }
            .legend-measured { color: var(--measured); font-weight: 600; } .legend-law { color: var(--law); font-weight: 600; }
            footer { color: var(--muted); font-size: 13px; margin-top: 40px; }
            """;

    private final StringBuilder html = new StringBuilder();

    ReportPage(String title, String subtitle, List<String[]> contents) {
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(title)).append("</title>\n<style>\n").append(STYLE)
                .append("</style>\n</head>\n<body>\n<header><h1>").append(escape(title)).append("</h1><div class=\"sub\">")
                .append(subtitle).append("</div></header>\n<nav>");
        for (String[] entry : contents) {
            html.append("<a href=\"#").append(entry[0]).append("\">").append(escape(entry[1])).append("</a>");
        }
        html.append("</nav>\n<main>\n");
    }

    ReportPage section(String id, String heading, String note) {
        html.append("<section id=\"").append(id).append("\">\n<h2>").append(escape(heading)).append("</h2>\n");
        if (note != null) {
            html.append("<p class=\"note\">").append(note).append("</p>\n");
        }
        return this;
    }

    ReportPage endSection() {
        html.append("</section>\n");
        return this;
    }

    ReportPage heading(String text) {
        html.append("<h3>").append(escape(text)).append("</h3>\n");
        return this;
    }

    ReportPage note(String text) {
        html.append("<p class=\"note\">").append(text).append("</p>\n");
        return this;
    }

    /** Tiles of a headline value each: {label, value}. */
    ReportPage tiles(List<String[]> tiles) {
        html.append("<div class=\"tiles\">");
        for (String[] tile : tiles) {
            html.append("<div class=\"tile\"><div class=\"label\">").append(escape(tile[0]))
                    .append("</div><div class=\"value\">").append(tile[1]).append("</div></div>");
        }
        html.append("</div>\n");
        return this;
    }

    /** Figures side by side: each {image data URI, alternative text, caption}. */
    ReportPage figures(List<String[]> figures) {
        html.append("<div class=\"grid\">\n");
        for (String[] figure : figures) {
            html.append("<figure><img class=\"plot\" src=\"").append(figure[0]).append("\" alt=\"")
                    .append(escape(figure[1])).append("\" width=\"").append(ReportCharts.WIDTH).append("\" height=\"")
                    .append(ReportCharts.HEIGHT).append("\"><figcaption>").append(figure[2])
                    .append("</figcaption></figure>\n");
        }
        html.append("</div>\n");
        return this;
    }

    /** Tables side by side. */
    ReportPage columns(String... tables) {
        html.append("<div class=\"columns\">");
        for (String table : tables) {
            html.append(table);
        }
        html.append("</div>\n");
        return this;
    }

    ReportPage raw(String fragment) {
        html.append(fragment);
        return this;
    }

    /**
     * A table; cells are HTML (escape text with {@link #escape}); a column whose header starts with '#' is
     * numeric (right-aligned, the '#' dropped).
     */
    static String table(List<String> headers, List<List<String>> rows) {
        StringBuilder table = new StringBuilder("<div class=\"card\"><table><thead><tr>");
        boolean[] numeric = new boolean[headers.size()];
        for (int i = 0; i < headers.size(); i++) {
            String header = headers.get(i);
            numeric[i] = header.startsWith("#");
            table.append(numeric[i] ? "<th style=\"text-align:right\">" : "<th>")
                    .append(escape(numeric[i] ? header.substring(1) : header)).append("</th>");
        }
        table.append("</tr></thead><tbody>");
        for (List<String> row : rows) {
            table.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                table.append(i < numeric.length && numeric[i] ? "<td class=\"num\">" : "<td>").append(row.get(i))
                        .append("</td>");
            }
            table.append("</tr>");
        }
        return table.append("</tbody></table></div>\n").toString();
    }

    static String badge(boolean passed) {
        return passed ? "<span class=\"badge pass\">PASS</span>" : "<span class=\"badge fail\">FAIL</span>";
    }

    String finish(String footer) {
        html.append("<footer>").append(footer).append("</footer>\n</main>\n</body>\n</html>\n");
        return html.toString();
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
