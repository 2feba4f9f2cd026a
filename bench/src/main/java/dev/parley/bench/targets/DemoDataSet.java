package dev.parley.bench.targets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.client.MittwaldClient;
import dev.parley.client.model.Category;
import dev.parley.client.model.CreateConversationRequest;
import dev.parley.client.model.ShareableAggregateReference;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A small data set made through the API on a {@code parley serve --demo} store, for when no seeded
 * store is at hand: {@code count} conversations, four of five shared with Demo GmbH by its member
 * (the "biggest customer"), the rest with Outsider AG by its owner (the "median customer"), each
 * with a first message; every tenth message mentions the search phrase.
 */
public final class DemoDataSet {
    static final String WORD = "gateway";
    static final String PHRASE = "bad gateway";
    private static final String[] TOPICS = {"shop", "mail", "backup", "domain", "database", "cronjob", "certificate"};

    private DemoDataSet() {
    }

    /** @param demoCredentials the parsed demo-credentials.json of the store at {@code baseUrl} */
    public static BenchTargets create(String baseUrl, JsonNode demoCredentials, int count) {
        Map<String, String> tokenByRole = new java.util.HashMap<>();
        demoCredentials.path("users").forEach(u -> tokenByRole.put(u.path("role").asText(), u.path("token").asText()));
        String member = require(tokenByRole, "customer-member");
        String outsider = require(tokenByRole, "outsider");
        String employee = require(tokenByRole, "employee");
        String demoCustomer = demoCredentials.path("customers").path(0).path("customerId").asText();
        String otherCustomer = demoCredentials.path("customers").path(1).path("customerId").asText();
        MittwaldClient asMember = client(baseUrl, member);
        MittwaldClient asOutsider = client(baseUrl, outsider);
        String category = generalCategory(asMember);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> created = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                boolean demo = n % 5 != 4;
                created.add(pool.submit(() -> create(demo ? asMember : asOutsider, category,
                        demo ? demoCustomer : otherCustomer, n)));
            }
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String id = created.get(i).get();
                if (i % 5 != 4) {
                    ids.add(id);
                }
            }
            Map<BenchTargets.Role, String> tokens = new EnumMap<>(BenchTargets.Role.class);
            tokens.put(BenchTargets.Role.CUSTOMER, member);
            tokens.put(BenchTargets.Role.CUSTOMER_MEDIAN, outsider);
            tokens.put(BenchTargets.Role.EMPLOYEE, employee);
            return new BenchTargets(ids, tokens, WORD, PHRASE);
        } catch (Exception e) {
            throw new IllegalStateException("could not create the demo data set: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static MittwaldClient client(String baseUrl, String token) {
        return MittwaldClient.builder().baseUrl(baseUrl).token(token).eventConsistency(false).build();
    }

    private static String create(MittwaldClient client, String category, String customerId, int n) {
        String topic = TOPICS[n % TOPICS.length];
        return client.conversation().createConversation(CreateConversationRequest.of("Bench " + topic + " problem " + n, category)
                .withSharedWith(ShareableAggregateReference.customer(customerId))
                .withMessageContent(n % 10 == 0
                        ? "Since this morning our " + topic + " answers with a " + PHRASE + " error."
                        : "Our " + topic + " behind the " + WORD + " is slow since the update, request " + n + "."))
                .conversationId();
    }

    private static String generalCategory(MittwaldClient client) {
        return client.conversation().listCategories().stream().filter(c -> "general".equals(c.name()))
                .map(Category::categoryId).findFirst()
                .orElseThrow(() -> new IllegalStateException("no category 'general'"));
    }

    private static String require(Map<String, String> tokens, String role) {
        String token = tokens.get(role);
        if (token == null) {
            throw new IllegalStateException("demo-credentials.json has no user with role " + role);
        }
        return token;
    }
}
