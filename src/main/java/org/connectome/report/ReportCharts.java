package org.connectome.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * The report's plots, drawn by JFreeChart and rendered to SVG by JFreeSVG; each is returned as a
 * {@code data:image/svg+xml;base64,...} URI, so the page holds its images and an image's ids can never clash
 * with another's. Measured values are bars, the law is a line over them, in the same two colours throughout.
 */
public final class ReportCharts {
    public static final int WIDTH = 640;
    public static final int HEIGHT = 400;
    static final Color MEASURED = new Color(0x4C, 0x78, 0xA8);
    static final Color LAW = new Color(0xE4, 0x57, 0x2E);
    private static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    /** Colours of the heat maps, low to high (viridis anchors, interpolated). */
    private static final Color[] VIRIDIS = {new Color(0x44, 0x01, 0x54), new Color(0x3B, 0x52, 0x8B),
        new Color(0x21, 0x91, 0x8C), new Color(0x5E, 0xC9, 0x62), new Color(0xFD, 0xE7, 0x25)};

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private ReportCharts() {
    }

    /** A series of bars {@code [left, left + width)} of height {@code heights[i]}. */
    public record Bars(String label, double[] lefts, double[] widths, double[] heights) {
    }

    /** A law's curve: points joined by a line, with markers when the law is discrete. */
    public record Curve(String label, double[] x, double[] y, boolean discrete) {
    }

    /** Bars with a curve over them. */
    public static String histogram(String title, String xLabel, String yLabel, Bars bars, Curve curve) {
        XYIntervalSeries measured = new XYIntervalSeries(bars.label());
        for (int i = 0; i < bars.heights().length; i++) {
            double left = bars.lefts()[i];
            double right = left + bars.widths()[i];
            measured.add((left + right) / 2, left, right, bars.heights()[i], bars.heights()[i], bars.heights()[i]);
        }
        XYIntervalSeriesCollection bands = new XYIntervalSeriesCollection();
        bands.addSeries(measured);
        XYBarRenderer barRenderer = new XYBarRenderer();
        barRenderer.setBarPainter(new StandardXYBarPainter());
        barRenderer.setShadowVisible(false);
        barRenderer.setDrawBarOutline(false);
        barRenderer.setSeriesPaint(0, new Color(MEASURED.getRed(), MEASURED.getGreen(), MEASURED.getBlue(), 200));
        barRenderer.setDefaultToolTipGenerator(null);

        NumberAxis xAxis = axis(xLabel);
        xAxis.setAutoRangeIncludesZero(false);
        NumberAxis yAxis = axis(yLabel);
        XYPlot plot = new XYPlot(bands, xAxis, yAxis, barRenderer);
        if (curve != null) {
            XYSeries law = new XYSeries(curve.label(), false, true);
            for (int i = 0; i < curve.x().length; i++) {
                law.add(curve.x()[i], curve.y()[i]);
            }
            XYLineAndShapeRenderer lineRenderer = new XYLineAndShapeRenderer(true, curve.discrete());
            lineRenderer.setSeriesPaint(0, LAW);
            lineRenderer.setSeriesStroke(0, new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            lineRenderer.setSeriesShape(0, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
            plot.setDataset(1, new XYSeriesCollection(law));
            plot.setRenderer(1, lineRenderer);
            plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        }
        style(plot);
        return svg(chart(title, plot, true));
    }

    /**
     * A heat map of a population x population matrix ({@code values[post][pre]}, targets as rows, sources as
     * columns, as connectivity tables are written), each cell labelled with its value.
     */
    public static String heatMap(String title, List<String> populations, double[][] values, double lower,
            double upper, String scaleLabel) {
        int p = populations.size();
        double[][] xyz = new double[3][p * p];
        for (int post = 0; post < p; post++) {
            for (int pre = 0; pre < p; pre++) {
                int i = post * p + pre;
                xyz[0][i] = pre;
                xyz[1][i] = post;
                xyz[2][i] = values[post][pre];
            }
        }
        DefaultXYZDataset dataset = new DefaultXYZDataset();
        dataset.addSeries(title, xyz);
        String[] names = populations.toArray(new String[0]);
        SymbolAxis xAxis = new SymbolAxis("source (pre) population", names);
        SymbolAxis yAxis = new SymbolAxis("target (post) population", names);
        for (SymbolAxis axis : new SymbolAxis[] {xAxis, yAxis}) {
            axis.setGridBandsVisible(false);
            axis.setLabelFont(LABEL);
            axis.setTickLabelFont(LABEL);
        }
        yAxis.setInverted(true); // the first population on top, as in a table
        double bottom = Math.min(lower, upper);
        double top = upper > bottom ? upper : bottom + 1;
        LookupPaintScale scale = new LookupPaintScale(bottom, top + (top - bottom) * 1e-9, VIRIDIS[0]);
        int steps = 128;
        for (int i = 0; i < steps; i++) {
            scale.add(bottom + (top - bottom) * i / steps, viridis((double) i / (steps - 1)));
        }
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(scale);
        XYPlot plot = new XYPlot(dataset, xAxis, yAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        plot.setOutlineVisible(false);
        Font cellFont = new Font(Font.SANS_SERIF, Font.BOLD, p <= 4 ? 14 : p <= 8 ? 10 : 8);
        for (int i = 0; i < p * p; i++) {
            double value = xyz[2][i];
            XYTextAnnotation label = new XYTextAnnotation(format(value), xyz[0][i], xyz[1][i]);
            label.setFont(cellFont);
            label.setTextAnchor(TextAnchor.CENTER);
            label.setPaint((value - bottom) / (top - bottom) > 0.6 ? Color.BLACK : Color.WHITE);
            plot.addAnnotation(label);
        }
        JFreeChart chart = chart(title, plot, false);
        NumberAxis scaleAxis = axis(scaleLabel);
        scaleAxis.setRange(bottom, top);
        PaintScaleLegend legend = new PaintScaleLegend(scale, scaleAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
        legend.setMargin(new RectangleInsets(10, 10, 10, 10));
        legend.setStripWidth(14);
        legend.setSubdivisionCount(128);
        chart.addSubtitle(legend);
        return svg(chart);
    }

    /** Four significant digits. */
    static String format(double value) {
        if (value == 0) {
            return "0";
        }
        return String.format(Locale.ROOT, Math.abs(value) >= 1e-3 && Math.abs(value) < 1e4 ? "%.4g" : "%.3e", value);
    }

    private static Color viridis(double t) {
        double position = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
        int i = Math.min(VIRIDIS.length - 2, (int) Math.floor(position));
        double f = position - i;
        Color a = VIRIDIS[i];
        Color b = VIRIDIS[i + 1];
        return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }

    private static NumberAxis axis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setLabelFont(LABEL);
        axis.setTickLabelFont(TICK);
        return axis;
    }

    private static void style(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setDomainGridlineStroke(new BasicStroke(0.6f));
        plot.setRangeGridlineStroke(new BasicStroke(0.6f));
        plot.setOutlinePaint(new Color(0xBB, 0xBB, 0xBB));
        plot.setAxisOffset(new RectangleInsets(4, 4, 4, 4));
    }

    private static JFreeChart chart(String title, XYPlot plot, boolean legend) {
        JFreeChart chart = new JFreeChart(title, TITLE, plot, legend);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(6, 6, 6, 12));
        TextTitle heading = chart.getTitle();
        heading.setPaint(new Color(0x22, 0x22, 0x22));
        LegendTitle legendTitle = chart.getLegend();
        if (legendTitle != null) {
            legendTitle.setFrame(BlockBorder.NONE);
            legendTitle.setItemFont(LABEL);
            legendTitle.setPosition(RectangleEdge.TOP);
        }
        return chart;
    }

    /** The chart as an SVG document in a data URI, scalable by its view box. */
    private static String svg(JFreeChart chart) {
        SVGGraphics2D graphics = new SVGGraphics2D(WIDTH, HEIGHT);
        // A tenth of a pixel of a 640-pixel plot is finer than any screen shows; full doubles triple the page.
        graphics.setGeomDoubleConverter(ReportCharts::tenths);
        graphics.setTransformDoubleConverter(ReportCharts::tenths);
        chart.draw(graphics, new Rectangle2D.Double(0, 0, WIDTH, HEIGHT));
        String element = graphics.getSVGElement(null, true, new ViewBox(0, 0, WIDTH, HEIGHT), null, null);
        return "data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(
                ("<?xml version=\"1.0\"?>\n" + element).getBytes(StandardCharsets.UTF_8));
    }

    /** A coordinate to one decimal, without a trailing ".0". */
    static String tenths(double value) {
        long tenths = Math.round(value * 10);
        String sign = tenths < 0 ? "-" : "";
        long magnitude = Math.abs(tenths);
        return sign + (magnitude / 10) + (magnitude % 10 == 0 ? "" : "." + (magnitude % 10));
    }
}
