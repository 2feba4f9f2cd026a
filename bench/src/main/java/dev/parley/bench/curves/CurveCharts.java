package dev.parley.bench.curves;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Draws the curves as PNG files with XChart (headless). */
public final class CurveCharts {
    private CurveCharts() {
    }

    /** Throughput and p99 against connections, one series per store; returns the files written. */
    public static List<Path> drawConcurrency(String scenario, List<Point> points, Path dir) {
        Map<String, List<Point>> byStore = byStore(points);
        return List.of(
                xy(dir.resolve("bench-" + scenario + "-throughput.png"), scenario + ": throughput against connections",
                        "requests/s", byStore, Point::throughput),
                xy(dir.resolve("bench-" + scenario + "-p99.png"), scenario + ": p99 latency against connections",
                        "p99 (ms)", byStore, p -> p.p99Micros() / 1000));
    }

    /** Throughput and p99 against store size at one connection count (the stores in the given order). */
    public static List<Path> drawStoreSize(String scenario, List<Point> atConnections, Path dir) {
        if (atConnections.isEmpty()) {
            return List.of();
        }
        int connections = atConnections.get(0).connections();
        List<String> stores = atConnections.stream().map(Point::store).toList();
        return List.of(
                bars(dir.resolve("bench-" + scenario + "-stores-throughput.png"),
                        scenario + ": throughput against store size (" + connections + " connections)", "requests/s",
                        stores, atConnections.stream().map(Point::throughput).toList()),
                bars(dir.resolve("bench-" + scenario + "-stores-p99.png"),
                        scenario + ": p99 against store size (" + connections + " connections)", "p99 (ms)",
                        stores, atConnections.stream().map(p -> p.p99Micros() / 1000).toList()));
    }

    private static Path xy(Path file, String title, String yTitle, Map<String, List<Point>> byStore, ToDoubleFunction<Point> y) {
        XYChart chart = new XYChartBuilder().width(900).height(520).title(title).xAxisTitle("connections").yAxisTitle(yTitle).build();
        // connections double at each step: a log axis spaces them evenly
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setXAxisDecimalPattern("#");
        byStore.forEach((store, points) -> chart.addSeries(store,
                points.stream().mapToDouble(Point::connections).toArray(),
                points.stream().mapToDouble(y).toArray()).setMarker(SeriesMarkers.CIRCLE));
        return save(chart, file);
    }

    private static Path bars(Path file, String title, String yTitle, List<String> stores, List<Double> values) {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(520).title(title).xAxisTitle("store").yAxisTitle(yTitle).build();
        chart.getStyler().setLegendVisible(false);
        chart.addSeries(yTitle, new ArrayList<>(stores), values);
        return save(chart, file);
    }

    private static Map<String, List<Point>> byStore(List<Point> points) {
        Map<String, List<Point>> byStore = new LinkedHashMap<>();
        points.forEach(p -> byStore.computeIfAbsent(p.store(), s -> new ArrayList<>()).add(p));
        return byStore;
    }

    private static Path save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
