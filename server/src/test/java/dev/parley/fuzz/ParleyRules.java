package dev.parley.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.Pagination;
import dev.parley.conversation.ConversationService;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where Parley is deliberately stricter than mittwald's contract (each rule is documented and
 * has its own example-based test): the generators of valid requests stay inside these rules,
 * and a mutation that breaks only one of them may be refused.
 *
 * <ul>
 *   <li>A conversation needs a title that is not blank, at most {@value ConversationService#MAX_TITLE_LENGTH}
 *       characters; it is stored without leading and trailing whitespace.</li>
 *   <li>A new message (without files) and an edited message need text that is not blank.</li>
 *   <li>{@code limit} at most 10 000; {@code skip} and {@code page} at least 0 and at most 2^31-1.</li>
 *   <li>The request line and headers together at most 16 KiB (longer: 414), so query text of at most
 *       {@value #MAX_QUERY_TEXT} characters in valid requests.</li>
 *   <li>No text may hold U+0000 or an unpaired surrogate (neither is storable text on every engine).</li>
 * </ul>
 */
final class ParleyRules {
    static final int MAX_LIMIT = 10_000;
    /** Request line and headers may take 16 KiB (Jetty's request header size): a longer URI is a 414. */
    static final int MAX_REQUEST_HEAD_BYTES = 16 * 1024;
    /** Text for a query parameter in valid requests: at most 12 KiB once percent-encoded. */
    static final int MAX_QUERY_TEXT = 1_000;

    private static final Map<String, Set<String>> EXTRA_REQUIRED = Map.of(
            "conversation-create-conversation", Set.of("title"),
            "conversation-create-message", Set.of("messageContent"),
            "conversation-update-message", Set.of("messageContent"));

    private ParleyRules() {
    }

    /** Body properties Parley requires beyond the contract's {@code required}. */
    static Set<String> extraRequired(String operationId) {
        return EXTRA_REQUIRED.getOrDefault(operationId, Set.of());
    }

    /** The largest length (code points) Parley takes for a text property, when stricter than the contract. */
    static Integer maxLength(String path) {
        return ".title".equals(path) ? ConversationService.MAX_TITLE_LENGTH : null;
    }

    /** Whether Parley needs some non-whitespace text in the property. */
    static boolean needsNonBlank(String operationId, String path) {
        return ".title".equals(path)
                || (".messageContent".equals(path) && !"conversation-create-conversation".equals(operationId));
    }

    /** The bounds Parley takes for an integer query parameter: {min, max}. */
    static long[] integerBounds(String name, JsonNode schema) {
        long min = schema.has("minimum") ? schema.get("minimum").asLong() : 0;
        long max = "limit".equals(name) ? MAX_LIMIT : Pagination.MAX_SKIP;
        return new long[]{Math.max(0, min), max};
    }

    /** Whether the text is storable: no U+0000 and no unpaired surrogate. */
    static boolean storable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Every text value of a JSON tree. */
    static List<String> texts(JsonNode node) {
        List<String> out = new java.util.ArrayList<>();
        collect(node, out);
        return out;
    }

    private static void collect(JsonNode node, List<String> out) {
        if (node.isTextual()) {
            out.add(node.textValue());
        }
        node.forEach(child -> collect(child, out));
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(out::add);
        }
    }
}
