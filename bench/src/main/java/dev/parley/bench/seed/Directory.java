package dev.parley.bench.seed;

import dev.parley.conversation.CategoryRepository;
import dev.parley.identity.Tokens;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The synthetic identity data: employees, customers with their members, projects (with the
 * customer's owner as project owner and sometimes an external project member), placement
 * groups, conversation preferences, categories and the API tokens handed out in the
 * credentials file. Users are referred to by index into {@link #users}.
 */
public final class Directory {
    private static final String[] FIRST = {"Anna", "Ben", "Clara", "David", "Emma", "Felix", "Greta", "Hannah", "Jonas",
            "Julia", "Karl", "Laura", "Lena", "Lukas", "Marie", "Max", "Mia", "Noah", "Olivia", "Paul", "Sophie", "Tim",
            "Leon", "Elias", "Finn", "Lina", "Ida", "Jan", "Nora", "Oskar", "Petra", "Ralf", "Sven", "Tanja", "Uwe",
            "Vera", "Wolf", "Yusuf", "Zoe", "Aylin"};
    private static final String[] LAST = {"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner",
            "Becker", "Schulz", "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz",
            "Braun", "Hofmann", "Zimmermann", "Hartmann", "Krüger", "Lange", "Werner", "Krause", "Lehmann", "Köhler",
            "Walter", "Mayer", "König", "Huber", "Kaiser", "Fuchs", "Peters", "Jung", "Möller", "Keller", "Vogel"};
    private static final String[] FORMS = {"GmbH", "AG", "KG", "UG", "e.K.", "GmbH & Co. KG", "Ltd", "Inc"};

    /** Extra categories beside the server's defaults, so that lists filter over more than six. */
    static final List<String[]> EXTRA_CATEGORIES = List.of(
            new String[]{"domains", "project"}, new String[]{"email", "project"},
            new String[]{"databases", "project"}, new String[]{"security", "unspecified"});

    public record User(String id, String clearName, String email, boolean employee, long createdAt) {
    }

    public record Customer(String id, String name, long createdAt, int[] members, String[] roles, int[] projects,
                           int placementGroup, int fallbackUser, int conversations) {
        int owner() {
            return members[0];
        }
    }

    public record Project(String id, int customer, String name, long createdAt, int[] members, String[] roles) {
    }

    public record PlacementGroup(String id, int customer, String name, long createdAt) {
    }

    /** {@code existed}: already in the store (a Parley started on it created its defaults). */
    public record Category(String id, String name, String referenceType, int sortOrder, boolean existed) {
        String referenceTypesJson() {
            return "[\"" + referenceType + "\"]";
        }
    }

    public record Token(String token, String hash, String tokenId, int user, String description, long createdAt) {
    }

    final List<User> users = new ArrayList<>();
    final List<Customer> customers = new ArrayList<>();
    final List<Project> projects = new ArrayList<>();
    final List<PlacementGroup> placementGroups = new ArrayList<>();
    final List<Category> categories = new ArrayList<>();
    final List<Token> tokens = new ArrayList<>();
    int[] employees;
    /** For each conversation, in order, the index of its customer. */
    int[] customerOf;
    int biggestCustomer;
    int medianCustomer;

    private Directory() {
    }

    public List<User> users() {
        return users;
    }

    public List<Customer> customers() {
        return customers;
    }

    public List<Project> projects() {
        return projects;
    }

    public List<PlacementGroup> placementGroups() {
        return placementGroups;
    }

    public List<Category> categories() {
        return categories;
    }

    public List<Token> tokens() {
        return tokens;
    }

    public String userId(int user) {
        return users.get(user).id();
    }

    /** Generates the directory and decides which customer each conversation belongs to. */
    static Directory generate(SeedSettings settings, SplittableRandom random) {
        Directory d = new Directory();
        long start = settings.until() - SeedSettings.SPAN_MILLIS;
        long before = start - 365L * 24 * 3600 * 1000; // the directory predates the conversations
        int n = settings.conversations();
        int c = settings.customers();

        d.customerOf = zipfAssignment(n, c, settings.customerSkew(), random);
        int[] counts = new int[c];
        for (int customer : d.customerOf) {
            counts[customer]++;
        }

        List<String[]> categoryDefs = new ArrayList<>();
        CategoryRepository.DEFAULTS.forEach(k -> categoryDefs.add(new String[]{k.name(), k.referenceTypes().get(0)}));
        categoryDefs.addAll(EXTRA_CATEGORIES);
        for (int i = 0; i < categoryDefs.size(); i++) {
            // sort_order as CategoryRepository.create gives it: 1, 2, … in creation order
            d.categories.add(new Category(uuid(random), categoryDefs.get(i)[0], categoryDefs.get(i)[1], i + 1, false));
        }

        int employeeCount = Math.max(5, Math.min(200, n / 5000));
        d.employees = new int[employeeCount];
        for (int i = 0; i < employeeCount; i++) {
            d.employees[i] = d.user(random, before, true);
        }

        for (int k = 0; k < c; k++) {
            long created = before + (long) (random.nextDouble() * (start - before));
            int size = counts[k];
            int log = 31 - Integer.numberOfLeadingZeros(size + 1); // floor(log2(size + 1))
            int memberCount = 1 + Math.min(8, log / 2) + random.nextInt(2);
            int[] members = new int[memberCount];
            String[] roles = new String[memberCount];
            for (int m = 0; m < memberCount; m++) {
                members[m] = d.user(random, created, false);
                roles[m] = m == 0 ? "owner" : random.nextInt(4) == 0 ? "accountant" : "member";
            }
            int projectCount = 1 + Math.min(9, log / 2);
            int[] projectIds = new int[projectCount];
            for (int p = 0; p < projectCount; p++) {
                boolean external = random.nextInt(10) < 3;
                int[] pm = external ? new int[]{members[0], d.user(random, created, false)} : new int[]{members[0]};
                String[] pr = external ? new String[]{"owner", "external"} : new String[]{"owner"};
                projectIds[p] = d.projects.size();
                d.projects.add(new Project(uuid(random), k, "p-" + Integer.toString(d.projects.size() + 10000, 36),
                        created, pm, pr));
            }
            int group = -1;
            if (random.nextInt(5) == 0) {
                group = d.placementGroups.size();
                d.placementGroups.add(new PlacementGroup(uuid(random), k, "server-" + (group + 1), created));
            }
            int fallback = random.nextInt(4) == 0 ? members[random.nextInt(memberCount)] : -1;
            String name = LAST[random.nextInt(LAST.length)] + " " + (k + 1) + " " + FORMS[random.nextInt(FORMS.length)];
            d.customers.add(new Customer(uuid(random), name, created, members, roles, projectIds, group, fallback, size));
        }

        d.biggestCustomer = argMax(counts);
        d.medianCustomer = median(counts);
        d.token(random, d.member(d.biggestCustomer), "bench: member of the biggest customer", before);
        d.token(random, d.member(d.medianCustomer), "bench: member of a median customer", before);
        d.token(random, d.employees[0], "bench: employee", before);
        return d;
    }

    /** Uses the ids of categories the store already has (by name) instead of new ones. */
    void adoptCategories(java.util.Map<String, String> existing) {
        categories.replaceAll(k -> existing.containsKey(k.name())
                ? new Category(existing.get(k.name()), k.name(), k.referenceType(), k.sortOrder(), true) : k);
    }

    /** A member of the customer who is not its owner, when it has one (the typical user). */
    int member(int customer) {
        Customer k = customers.get(customer);
        for (int m = 1; m < k.members().length; m++) {
            if ("member".equals(k.roles()[m])) {
                return k.members()[m];
            }
        }
        return k.owner();
    }

    private int user(SplittableRandom random, long createdAt, boolean employee) {
        String first = FIRST[random.nextInt(FIRST.length)];
        String last = LAST[random.nextInt(LAST.length)];
        int index = users.size();
        String email = (first + "." + last).toLowerCase(java.util.Locale.ROOT) + "." + index
                + (employee ? "@support.example" : "@example.com");
        users.add(new User(uuid(random), first + " " + last, email, employee, createdAt));
        return index;
    }

    private void token(SplittableRandom random, int user, String description, long createdAt) {
        byte[] bytes = new byte[32];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        // the format of Tokens.newToken, drawn from the seeded generator
        String token = Tokens.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        tokens.add(new Token(token, Tokens.hash(token), uuid(random), user, description, createdAt));
    }

    /** Each conversation's customer, drawn with P(rank r) proportional to 1/r^skew. */
    private static int[] zipfAssignment(int n, int c, double skew, SplittableRandom random) {
        double[] cumulative = new double[c];
        double sum = 0;
        for (int i = 0; i < c; i++) {
            sum += 1 / Math.pow(i + 1, skew);
            cumulative[i] = sum;
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble() * sum;
            int at = java.util.Arrays.binarySearch(cumulative, u);
            out[i] = Math.min(c - 1, at >= 0 ? at : -at - 1);
        }
        return out;
    }

    private static int argMax(int[] counts) {
        int best = 0;
        for (int i = 1; i < counts.length; i++) {
            if (counts[i] > counts[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The customer with the median count among those that have conversations. */
    private static int median(int[] counts) {
        long[] keyed = java.util.stream.IntStream.range(0, counts.length).filter(i -> counts[i] > 0)
                .mapToLong(i -> ((long) counts[i] << 32) | i).sorted().toArray();
        return keyed.length == 0 ? 0 : (int) keyed[keyed.length / 2];
    }

    /** A version-4 UUID string from the seeded generator. */
    static String uuid(SplittableRandom random) {
        long msb = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long lsb = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new java.util.UUID(msb, lsb).toString();
    }
}
