package dev.parley.transfer;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;

/** Rows (and files) done, shown as a progress bar on stderr; {@link #none()} shows nothing. */
public interface Progress extends AutoCloseable {

    /** The total became known (or changed). */
    void total(long total);

    void step();

    @Override
    void close();

    static Progress none() {
        return new Progress() {
            @Override
            public void total(long total) {
            }

            @Override
            public void step() {
            }

            @Override
            public void close() {
            }
        };
    }

    /** A progress bar named {@code task} on {@code err}, counting rows. */
    static Progress bar(String task, PrintStream err) {
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setUnit(" rows", 1)
                .setInitialMax(-1)
                .setUpdateIntervalMillis(250)
                .setStyle(ProgressBarStyle.ASCII)
                .showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(err))
                .build();
        return new Progress() {
            @Override
            public void total(long total) {
                bar.maxHint(total);
            }

            @Override
            public void step() {
                bar.step();
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }
}
