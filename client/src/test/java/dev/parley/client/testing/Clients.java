package dev.parley.client.testing;

import dev.parley.client.MittwaldClient;
import dev.parley.client.model.Category;

import java.util.UUID;

/** Clients of the demo users, through a proxy or straight at Parley. */
public final class Clients {
    private Clients() {
    }

    public static MittwaldClient as(TestParley parley, String role, String baseUrl) {
        return MittwaldClient.builder().baseUrl(baseUrl).token(parley.token(role)).build();
    }

    public static MittwaldClient.Builder builder(TestParley parley, String role, String baseUrl) {
        return MittwaldClient.builder().baseUrl(baseUrl).token(parley.token(role));
    }

    public static Category category(MittwaldClient client, String name) {
        return client.conversation().listCategories().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    /** A word no other test uses, for titles that a search should find alone. */
    public static String uniqueWord() {
        return "w" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}
