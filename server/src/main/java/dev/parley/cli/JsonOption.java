package dev.parley.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.Json;
import picocli.CommandLine.Option;

/**
 * {@code --json}, on every admin command: the result as one JSON document on stdout for scripts
 * (an object for what was created or changed, an array for a list) instead of text for people.
 * Messages about a running server stay on stderr either way.
 */
public final class JsonOption {
    @Option(names = "--json", description = "Print the result as JSON for scripts: an object for what was created or "
            + "changed, an array for a list.")
    boolean json;

    /** Whether JSON was asked for. */
    boolean on() {
        return json;
    }

    static ObjectNode object() {
        return Json.MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return Json.MAPPER.createArrayNode();
    }

    static void print(JsonNode node) {
        System.out.println(Json.string(node));
    }

    /** Prints {@code node} as JSON with {@code --json}, else {@code text} (when not null) as a line. */
    void print(JsonNode node, String text) {
        if (json) {
            print(node);
        } else if (text != null) {
            System.out.println(text);
        }
    }
}
