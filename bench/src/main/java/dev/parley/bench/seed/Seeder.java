package dev.parley.bench.seed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Json;
import dev.parley.bench.targets.BenchTargets;
import dev.parley.bench.targets.SearchQuery;
import dev.parley.bench.targets.SearchTerms;
import dev.parley.search.IndexBuilder;
import dev.parley.storage.Engine;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs a seed: the directory, then the conversations generated on one thread and written on
 * another (a bounded queue between them, so generation and the database work overlap on two
 * cores), then the event log in time order, then the indexes. Everything random comes from one
 * {@link SplittableRandom} seeded with {@code --seed}, consumed in a fixed order: the same seed
 * gives the same store.
 */
public final class Seeder {
    private static final int BATCH = 2000;
    private static final List<SyntheticConversation> END = List.of();

    private final SeedSettings settings;
    private final String jdbcUrl;
    private final PrintStream err;
    private final boolean progressBar;

    public Seeder(SeedSettings settings, String jdbcUrl, PrintStream err, boolean progressBar) {
        this.settings = settings;
        this.jdbcUrl = jdbcUrl;
        this.err = err;
        this.progressBar = progressBar;
    }

    /** What a seed wrote: the credentials document (its {@code counts} included) and the phase times. */
    public record Result(ObjectNode credentials, java.util.Map<String, Long> phaseMillis) {
    }

    public Result run() throws Exception {
        Engine engine = Engine.of(jdbcUrl);
        Phases phases = new Phases(err);
        WordList words = WordList.shipped();
        SplittableRandom root = new SplittableRandom(settings.seed());
        CredentialsCollector credentials;
        ObjectNode countNode;
        try (BulkWriter writer = engine == Engine.SQLITE ? new SqliteBulkWriter(jdbcUrl) : new PostgresBulkWriter(jdbcUrl)) {
            java.util.Map<String, String>[] existing = new java.util.Map[1];
            phases.time("prepare (migrate, drop indexes)", () -> existing[0] = writer.prepare());
            Directory directory = Directory.generate(settings, root.split());
            directory.adoptCategories(existing[0]);
            phases.time("directory", () -> writer.directory(directory));

            EventBuffer events = new EventBuffer(settings.until() - SeedSettings.SPAN_MILLIS);
            credentials = new CredentialsCollector(directory, words);
            ConversationGenerator generator = new ConversationGenerator(settings, directory, words, root.split(), events);
            String[] conversationIds = new String[settings.conversations()];
            long[] counts = new long[3]; // messages, timeline entries, search rows
            CredentialsCollector collector = credentials;
            // a SQLite store's Lucene search index is built from the generated conversations beside
            // the load, rather than read back afterwards or in the background of the first `parley serve`
            java.util.Optional<java.nio.file.Path> file = dev.parley.storage.StoreLock.sqliteFile(jdbcUrl);
            try (IndexBuilder index = file.map(IndexBuilder::create).orElse(null);
                 SearchIndexFeed feed = index == null ? null : new SearchIndexFeed(index, directory)) {
                String what = feed == null ? "conversations (generate + write)" : "conversations (generate + write + search index)";
                phases.time(what, () -> load(writer, directory, generator, collector, conversationIds, counts, feed));
                if (feed != null) {
                    phases.time("search index (Lucene): the rest", feed::drain);
                }
                // the index's merge (one thread, a minute and a half at 1M) runs beside the database's
                // last steps; it is committed only once they succeeded
                java.util.concurrent.CompletableFuture<Void> merged = index == null ? null
                        : java.util.concurrent.CompletableFuture.runAsync(() -> {
                            long start = System.nanoTime();
                            index.merge();
                            phases.record("search index (Lucene): merge (beside)", (System.nanoTime() - start) / 1_000_000);
                        });
                try {
                    phases.time("events (" + events.size() + ")", () -> writer.events(events, conversationIds, directory));
                    writer.finish(phases);
                } catch (Exception e) {
                    if (merged != null) {
                        merged.handle((done, failed) -> null).join(); // the merge ends before the index is rolled back
                    }
                    throw e;
                }
                if (merged != null) {
                    phases.time("search index (Lucene): rest of the merge", merged::join);
                }
                if (index != null) {
                    long position = events.size(); // positions are 1..n, written above
                    phases.time("search index (Lucene): commit", () -> index.finish(position));
                }
            }

            countNode = Json.MAPPER.createObjectNode()
                    .put("customers", directory.customers().size()).put("users", directory.users().size())
                    .put("projects", directory.projects().size()).put("conversations", settings.conversations())
                    .put("messages", counts[0]).put("timelineEntries", counts[1]).put("searchRows", counts[2])
                    .put("events", events.size());
        }
        // read from the finished store (its writer closed, the server's settings back) as the load
        // tool would on first use, so that a seeded store comes with its search queries
        Map<BenchTargets.Role, List<SearchQuery>>[] queries = new Map[1];
        CredentialsCollector collector = credentials;
        phases.time("search terms", () -> queries[0] = SearchTerms.forUsers(jdbcUrl, collector.searchingUsers()));
        ObjectNode doc = credentials.document(settings, engine.migrationFolder(), jdbcUrl, countNode, queries[0]);
        return new Result(doc, phases.millis());
    }

    private void load(BulkWriter writer, Directory directory, ConversationGenerator generator,
                      CredentialsCollector credentials, String[] ids, long[] counts, SearchIndexFeed feed) throws Exception {
        BlockingQueue<List<SyntheticConversation>> queue = new ArrayBlockingQueue<>(8);
        Throwable[] failure = new Throwable[1];
        Thread producer = new Thread(() -> {
            try {
                while (generator.hasNext()) {
                    List<SyntheticConversation> batch = new ArrayList<>(BATCH);
                    while (batch.size() < BATCH && generator.hasNext()) {
                        SyntheticConversation c = generator.next();
                        credentials.observe(c, directory.customerOf[c.index]);
                        ids[c.index] = c.id;
                        batch.add(c);
                    }
                    queue.put(batch);
                    if (feed != null) {
                        feed.accept(batch);
                    }
                }
                queue.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable t) {
                failure[0] = t;
                queue.offer(END);
            }
        }, "seed-generator");
        producer.setDaemon(true);
        producer.start();
        try (ProgressBar bar = progressBar ? bar(settings.conversations()) : null) {
            for (; ; ) {
                List<SyntheticConversation> batch = queue.poll(1, TimeUnit.SECONDS);
                if (batch == null) {
                    if (!producer.isAlive() && queue.isEmpty()) {
                        break;
                    }
                    continue;
                }
                if (batch == END) {
                    break;
                }
                writer.conversations(batch, directory);
                for (SyntheticConversation c : batch) {
                    counts[0] += c.messageCount();
                    counts[1] += c.entries.size();
                    counts[2] += 1 + c.entries.stream().filter(SyntheticConversation.Entry::indexed).count();
                }
                if (bar != null) {
                    bar.stepBy(batch.size());
                }
            }
        } finally {
            producer.interrupt();
            producer.join();
        }
        if (failure[0] != null) {
            throw new IllegalStateException("generating conversations failed: " + failure[0], failure[0]);
        }
    }

    private ProgressBar bar(long total) {
        return new ProgressBarBuilder().setTaskName("seed").setUnit(" conversations", 1).setInitialMax(total)
                .setUpdateIntervalMillis(500).setStyle(ProgressBarStyle.ASCII).showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(err)).build();
    }
}
