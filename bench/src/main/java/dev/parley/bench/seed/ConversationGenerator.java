package dev.parley.bench.seed;

import dev.parley.conversation.ShortIds;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Generates conversations one after another from one seeded generator, following the rules the
 * server applies (ConversationService): the timeline starts with {@code CONVERSATION_CREATED},
 * the first message is part of the creation, a staff message answers, a customer message
 * reopens, staff notes change nothing and are not the last message, explicit status changes
 * append a status update only when the status changes. Every mutation adds its event.
 */
final class ConversationGenerator {
    private static final long MINUTE = 60_000;

    private final SeedSettings settings;
    private final Directory directory;
    private final WordList words;
    private final SplittableRandom random;
    private final EventBuffer events;
    private final Set<String> shortIds = new HashSet<>();
    private final long start;
    private int next;

    ConversationGenerator(SeedSettings settings, Directory directory, WordList words, SplittableRandom random,
                          EventBuffer events) {
        this.settings = settings;
        this.directory = directory;
        this.words = words;
        this.random = random;
        this.events = events;
        this.start = settings.until() - SeedSettings.SPAN_MILLIS;
    }

    boolean hasNext() {
        return next < settings.conversations();
    }

    SyntheticConversation next() {
        SyntheticConversation c = new SyntheticConversation();
        c.index = next;
        int customer = directory.customerOf[next++];
        Directory.Customer k = directory.customers.get(customer);
        c.id = Directory.uuid(random);
        c.shortId = uniqueShortId();
        c.title = title();
        c.createdAt = start + (long) (random.nextDouble() * SeedSettings.SPAN_MILLIS);
        boolean byEmployee = random.nextInt(10) == 0;

        // visibility mix: 60 % shared with the customer, 25 % with a project, 15 % private
        int share = random.nextInt(100);
        Directory.Project project = null;
        if (share < 60) {
            c.sharedAggregate = "customer";
            c.sharedId = k.id();
            c.createdBy = byEmployee ? employee() : k.members()[random.nextInt(k.members().length)];
        } else if (share < 85) {
            project = directory.projects.get(k.projects()[random.nextInt(k.projects().length)]);
            c.sharedAggregate = "project";
            c.sharedId = project.id();
            // only the project's members (or staff) may share with it
            c.createdBy = byEmployee ? employee() : project.members()[random.nextInt(project.members().length)];
        } else {
            c.createdBy = k.members()[random.nextInt(k.members().length)];
        }
        // ReferenceChecks.defaultMainUser: the customer's preferred user for shares, else the creator
        c.mainUser = c.sharedAggregate != null && k.fallbackUser() >= 0 ? k.fallbackUser() : c.createdBy;
        category(c, k, project);

        c.status = "open";
        c.entries.add(new SyntheticConversation.Entry(Directory.uuid(random), 1, "STATUS_UPDATE", c.createdAt,
                c.createdBy, "CONVERSATION_CREATED", false, -1));
        events.add(EventBuffer.CREATED, c.index, c.createdBy, c.createdAt);
        timeline(c, k, project);
        return c;
    }

    private void category(SyntheticConversation c, Directory.Customer k, Directory.Project project) {
        Directory.Category category = directory.categories.get(random.nextInt(directory.categories.size()));
        // the server lets a caller refer only to a customer (or its servers) it is a member of;
        // an external project member is not
        boolean seesCustomer = directory.users.get(c.createdBy).employee() || contains(k.members(), c.createdBy);
        switch (category.referenceType()) {
            case "project" -> {
                Directory.Project p = project != null ? project
                        : directory.projects.get(k.projects()[random.nextInt(k.projects().length)]);
                related(c, "project", "project", p.id());
            }
            case "server" -> {
                if (k.placementGroup() < 0 || !seesCustomer) {
                    category = directory.categories.get(0); // general: no server to refer to
                } else {
                    related(c, "project", "placementgroup", directory.placementGroups.get(k.placementGroup()).id());
                }
            }
            case "organisation" -> {
                if (seesCustomer) {
                    related(c, "customer", "customer", k.id());
                } else {
                    category = directory.categories.get(0);
                }
            }
            case "extensionInstance" -> related(c, "extension", "extensionInstance", Directory.uuid(random));
            default -> {
                if (seesCustomer && random.nextBoolean()) {
                    related(c, "customer", "customer", k.id());
                }
            }
        }
        c.categoryId = category.id();
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    private static void related(SyntheticConversation c, String domain, String aggregate, String id) {
        c.relatedDomain = domain;
        c.relatedAggregate = aggregate;
        c.relatedId = id;
    }

    private void timeline(SyntheticConversation c, Directory.Customer k, Directory.Project project) {
        int messages = messageCount();
        long at = c.createdAt;
        boolean lastByStaff = false;
        for (int m = 0; m < messages; m++) {
            if (m == 0) {
                // the messageContent of the creation: same time, same author, no event of its own
                message(c, c.createdBy, at, false, true);
                lastByStaff = directory.users.get(c.createdBy).employee();
                continue;
            }
            at += gap();
            if (random.nextInt(100) < 6) {
                message(c, employee(), at, true, false); // staff note
                continue;
            }
            boolean staff = lastByStaff ? random.nextInt(100) < 20 : random.nextInt(100) < 75;
            int author = staff ? employee() : customerAuthor(c, k, project);
            message(c, author, at, false, false);
            lastByStaff = staff;
            if (!staff && random.nextInt(10) == 0) {
                at += gap() / 4;
                setStatus(c, "inProgress", employee(), at);
            }
        }
        int r = random.nextInt(100);
        if (r < 45) {
            at += gap();
            setStatus(c, "closed", random.nextBoolean() ? employee() : c.createdBy, at);
        } else if (r < 52) {
            at += gap();
            setStatus(c, "waiting", employee(), at);
        } else if (r < 58) {
            at += gap();
            setStatus(c, "inProgress", employee(), at);
        }
    }

    /**
     * One message, with the status consequences of ConversationService.createMessage; the
     * creation's message ({@code creation}) changes no status and has no event of its own.
     */
    private void message(SyntheticConversation c, int author, long at, boolean internal, boolean creation) {
        SyntheticConversation.Entry m = new SyntheticConversation.Entry(Directory.uuid(random), c.entries.size() + 1,
                "MESSAGE", at, author, content(), internal, -1);
        if (random.nextInt(50) == 0) {
            long edited = at + MINUTE + random.nextLong(30 * MINUTE);
            m = new SyntheticConversation.Entry(m.id(), m.seq(), m.type(), at, author, m.content(), internal, edited);
            events.add(EventBuffer.EDITED, c.index, author, edited);
        }
        c.entries.add(m);
        if (!creation) {
            events.add(EventBuffer.MESSAGE, c.index, author, at);
        }
        if (internal) {
            return;
        }
        c.lastMessageId = m.id();
        c.lastMessageAt = at;
        c.lastMessageBy = author;
        if (creation) {
            return;
        }
        if (directory.users.get(author).employee()) {
            changeStatus(c, "answered", author, at);
        } else if (Set.of("closed", "answered", "waiting").contains(c.status)) {
            changeStatus(c, "open", author, at);
        }
    }

    /** PUT …/status: the event is there even when the status does not change (nothing is appended). */
    private void setStatus(SyntheticConversation c, String status, int by, long at) {
        changeStatus(c, status, by, at);
        events.add(EventBuffer.STATUS, c.index, by, at);
    }

    private void changeStatus(SyntheticConversation c, String status, int by, long at) {
        if (status.equals(c.status)) {
            return;
        }
        c.status = status;
        c.entries.add(new SyntheticConversation.Entry(Directory.uuid(random), c.entries.size() + 1, "STATUS_UPDATE",
                at, by, statusMessage(status), false, -1));
    }

    private static String statusMessage(String status) {
        return switch (status) {
            case "open" -> "STATUS_OPEN";
            case "answered" -> "STATUS_ANSWERED";
            case "closed" -> "STATUS_CLOSED";
            case "inProgress" -> "STATUS_IN_PROGRESS";
            case "waiting" -> "STATUS_WAITING";
            default -> throw new IllegalArgumentException(status);
        };
    }

    /** Someone of the customer's side who sees the conversation. */
    private int customerAuthor(SyntheticConversation c, Directory.Customer k, Directory.Project project) {
        if (random.nextInt(3) > 0 || c.sharedAggregate == null) {
            boolean creatorIsStaff = directory.users.get(c.createdBy).employee();
            return creatorIsStaff || random.nextInt(4) == 0 ? c.mainUser : c.createdBy;
        }
        return project != null ? project.members()[random.nextInt(project.members().length)]
                : k.members()[random.nextInt(k.members().length)];
    }

    private int employee() {
        // a few employees answer most conversations
        int[] staff = directory.employees;
        return staff[Math.min(staff.length - 1, (int) (Math.abs(random.nextGaussian()) * staff.length / 3))];
    }

    /** Messages per conversation: the first, plus a geometric number of replies, mean as asked. */
    private int messageCount() {
        double mean = settings.messages();
        if (mean <= 1) {
            return random.nextDouble() < mean ? 1 : 0;
        }
        double p = 1 / mean; // geometric on {0, 1, …} with mean (1 - p) / p = mean - 1
        return 1 + (int) Math.floor(Math.log(1 - random.nextDouble()) / Math.log(1 - p));
    }

    /** Time to the next reply: minutes to days, log-normal. */
    private long gap() {
        return MINUTE + (long) (Math.exp(random.nextGaussian() * 1.6 + 5.5) * MINUTE / 4);
    }

    private String title() {
        int count = 3 + random.nextInt(6);
        StringBuilder out = new StringBuilder(60);
        for (int i = 0; i < count; i++) {
            String word = words.next(random);
            if (i == 0) {
                out.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
            } else {
                out.append(' ').append(word);
            }
        }
        return out.toString();
    }

    /** A message: log-normal length around the median, in sentences, sometimes with a greeting. */
    private String content() {
        int total = (int) Math.round(settings.wordsPerMessage() * Math.exp(random.nextGaussian() * 0.75));
        total = Math.max(2, Math.min(total, 600));
        StringBuilder out = new StringBuilder(total * 8);
        if (random.nextInt(3) == 0) {
            out.append(random.nextBoolean() ? "Hello,\n\n" : "Hi there,\n\n");
        }
        int sentences = 0;
        while (total > 0) {
            int n = Math.min(total, 4 + random.nextInt(11));
            if (sentences > 0) {
                out.append(random.nextInt(5) == 0 ? "\n\n" : " ");
            }
            words.sentence(random, n, out);
            total -= n;
            sentences++;
        }
        return out.toString();
    }

    private String uniqueShortId() {
        // ~10^12 values: at a million conversations a repeat is likely once; draw again, as the server does
        for (; ; ) {
            String candidate = ShortIds.next(random);
            if (shortIds.add(candidate)) {
                return candidate;
            }
        }
    }
}
