package io.jetway.benchmarks.report;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws {@code latest.png} with JFreeChart: end-to-end throughput per variant, snapshot duration by key
 * count (log-log), and each figure with a target as a fraction of that target (1 = just met).
 */
public final class ResultsChart {

    private static final int WIDTH = 1200;
    private static final int PANEL_HEIGHT = 520;
    private static final double MAX_FRACTION = 3;

    private ResultsChart() {
    }

    /** Writes the chart of {@code results} to {@code file} as PNG. */
    public static void write(Results results, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<JFreeChart> charts = new ArrayList<>();
        charts.add(throughput(results));
        JFreeChart snapshots = snapshots(results);
        if (snapshots != null) {
            charts.add(snapshots);
        }
        JFreeChart targets = targets(results);
        if (targets != null) {
            charts.add(targets);
        }
        BufferedImage image = new BufferedImage(WIDTH, PANEL_HEIGHT * charts.size(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        for (int i = 0; i < charts.size(); i++) {
            charts.get(i).draw(g, new Rectangle2D.Double(0, i * PANEL_HEIGHT, WIDTH, PANEL_HEIGHT));
        }
        g.dispose();
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    private static JFreeChart throughput(Results r) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Stats s : r.measurements()) {
            if (s.name().endsWith(".throughput")) {
                data.addValue(s.median() / 1e6, "median", s.name().substring(0, s.name().length() - ".throughput".length()));
            }
        }
        JFreeChart chart = ChartFactory.createBarChart("End-to-end throughput (" + r.settings().get("records")
                        + " records, median of " + r.settings().get("runs") + " runs, " + r.machine().get("cores")
                        + " cores)", null, "million records/s", data, PlotOrientation.HORIZONTAL, false, false, false);
        style(chart.getCategoryPlot(), new Color(0x2E, 0x6D, 0xB4));
        return chart;
    }

    private static JFreeChart snapshots(Results r) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Series series : r.series()) {
            if (!series.name().endsWith("_snapshot_ms_by_keys")) {
                continue;
            }
            XYSeries xy = new XYSeries(series.name().replace("_snapshot_ms_by_keys", " backend"));
            for (Map.Entry<Long, Stats> e : series.byKeys().entrySet()) {
                if (e.getValue().median() > 0) {
                    xy.add(e.getKey().doubleValue(), e.getValue().median());
                }
            }
            if (xy.getItemCount() > 0) {
                data.addSeries(xy);
            }
        }
        if (data.getSeriesCount() == 0) {
            return null;
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Snapshot duration by state size (median)", "keys",
                "snapshot duration (ms)", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        LogAxis x = new LogAxis("keys");
        x.setBase(10);
        x.setTickUnit(new NumberTickUnit(1));            // one tick per power of ten
        x.setNumberFormatOverride(new DecimalFormat("#,##0"));
        double lowestKeys = data.getDomainLowerBound(false);
        if (lowestKeys == data.getDomainUpperBound(false)) {     // one key count: a log axis cannot auto-range
            x.setAutoRange(false);
            x.setRange(lowestKeys / 10, lowestKeys * 10);
        }
        LogAxis y = new LogAxis("snapshot duration (ms)");
        y.setBase(10);
        y.setSmallestValue(0.1);
        y.setTickUnit(new NumberTickUnit(1));
        y.setNumberFormatOverride(new DecimalFormat("#,##0.#"));
        plot.setDomainAxis(x);
        plot.setRangeAxis(y);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2.5f));
        }
        plot.setRenderer(renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return chart;
    }

    private static JFreeChart targets(Results r) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        Map<Comparable<?>, String> labels = new HashMap<>();
        for (Ratio ratio : r.ratios()) {
            if (ratio.stats() == null || ratio.target() == null) {
                continue;
            }
            double bound = Double.parseDouble(ratio.target().substring(2).trim());
            double value = ratio.stats().median();
            double fraction = ratio.target().startsWith(">=") ? value / bound : bound / value;
            data.addValue(Math.min(fraction, MAX_FRACTION), "median / target", ratio.name());
            labels.put(ratio.name(), String.format(Locale.ROOT, "%.3g (target %s)%s", value, ratio.target(),
                    fraction > MAX_FRACTION ? " >>" : ""));
        }
        if (data.getColumnCount() == 0) {
            return null;
        }
        JFreeChart chart = ChartFactory.createBarChart("Figures against their targets (1 = target just met; "
                        + "bars cut at " + (int) MAX_FRACTION + ")", null,
                "median / target (\u2265 targets) or target / median (\u2264 targets)", data, PlotOrientation.HORIZONTAL,
                false, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        style(plot, new Color(0x3A, 0x9A, 0x5B));
        plot.getRangeAxis().setRange(0, MAX_FRACTION * 1.15);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator() {
            @Override
            public String generateLabel(CategoryDataset dataset, int row, int column) {
                return labels.get(dataset.getColumnKey(column));
            }
        });
        renderer.setDefaultItemLabelsVisible(true);
        ValueMarker one = new ValueMarker(1.0, Color.RED, new BasicStroke(2f));
        plot.addRangeMarker(one);
        return chart;
    }

    private static void style(CategoryPlot plot, Color color) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, color);
        renderer.setMaximumBarWidth(0.08);
    }
}
