package dev.parley.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.client.model.CreateConversationRequest;
import dev.parley.client.model.CreateMessageRequest;
import dev.parley.client.model.ConversationStatus;
import dev.parley.client.model.FileMeta;
import dev.parley.client.model.FileRequestOptions;
import dev.parley.client.model.FileUploadType;
import dev.parley.client.model.ListConversationsQuery;
import dev.parley.client.model.ShareableAggregateReference;
import dev.parley.client.model.UpdateConversationRequest;
import dev.parley.client.model.UpdateMessageRequest;
import dev.parley.client.testing.Clients;
import dev.parley.client.testing.RecordingProxy;
import dev.parley.client.testing.RecordingProxy.Exchange;
import dev.parley.client.testing.TestParley;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operation of the contract (the copy bundled with Parley) is called through the SDK and
 * answered with a success, and what the SDK sent fits the operation: its method and path
 * template, query parameters and header parameters the contract declares for it.
 */
class ContractCoverageTest {

    /** One operation of the contract: method, path template as a pattern, declared parameters. */
    private record Operation(String id, String method, String template, Pattern path, Set<String> query, Set<String> headers) {
        int literalSegments() {
            return (int) java.util.Arrays.stream(template.split("/")).filter(s -> !s.startsWith("{")).count();
        }
    }

    private static List<Operation> contract() throws Exception {
        JsonNode doc;
        try (InputStream in = ContractCoverageTest.class.getResourceAsStream("/contract/mittwald-conversation-file-v2.openapi.json")) {
            assertThat(in).as("the contract bundled with parley-server").isNotNull();
            doc = new ObjectMapper().readTree(in);
        }
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!op.getValue().has("operationId")) {
                    continue;
                }
                Set<String> query = new HashSet<>();
                Set<String> headers = new HashSet<>();
                for (JsonNode p : op.getValue().path("parameters")) {
                    if (p.path("in").asText().equals("query")) {
                        query.add(p.path("name").asText());
                    } else if (p.path("in").asText().equals("header")) {
                        headers.add(p.path("name").asText().toLowerCase(Locale.ROOT));
                    }
                }
                Pattern pattern = Pattern.compile(path.getKey().replaceAll("\\{[^}]+}", "[^/]+"));
                operations.add(new Operation(op.getValue().path("operationId").asText(), op.getKey().toUpperCase(Locale.ROOT),
                        path.getKey(), pattern, query, headers));
            }
        }
        return operations;
    }

    /** The operation an exchange was: the matching template with the most literal segments (…/meta before …/{fileName}). */
    private static Operation operationOf(List<Operation> contract, Exchange e) {
        return contract.stream()
                .filter(o -> o.method().equals(e.method()) && o.path().matcher(e.path()).matches())
                .max(Comparator.comparingInt(Operation::literalSegments))
                .orElseThrow(() -> new AssertionError("not an operation of the contract: " + e.method() + " " + e.path()));
    }

    @Test
    void everyOperationOfTheContractIsCallableAndSentAsTheContractDeclaresIt() throws Exception {
        List<Operation> contract = contract();
        assertThat(contract).hasSize(20);
        TestParley parley = TestParley.shared();
        try (RecordingProxy proxy = new RecordingProxy(parley.baseUrl())) {
            MittwaldClient owner = Clients.as(parley, "customer-owner", proxy.url());
            MittwaldClient anonymous = MittwaldClient.builder().baseUrl(proxy.url()).build();
            var conversations = owner.conversation();
            var files = anonymous.file();

            var category = conversations.listCategories().get(0);
            conversations.getCategory(category.categoryId());
            String id = conversations.createConversation(CreateConversationRequest.of("Coverage", category.categoryId())
                    .withSharedWith(ShareableAggregateReference.customer(parley.demoCustomerId()))).conversationId();
            conversations.getConversation(id);
            conversations.listConversations(ListConversationsQuery.all().withFullTextSearch("Coverage")
                    .withStatus(ListConversationsQuery.StatusFilter.OPEN).withLimit(5).withSkip(0).withPage(1)
                    .withSort(ListConversationsQuery.SortField.TITLE).withOrder(ListConversationsQuery.SortOrder.ASC));
            conversations.updateConversation(id, UpdateConversationRequest.title("Coverage, renamed"));
            String upload = conversations.requestFileUpload(id).uploadToken();
            files.getFileUploadTokenRules(upload);
            files.getFileUploadTypeRules(FileUploadType.CONVERSATION);
            FileMeta file = files.createFile(upload, "coverage.txt", new ByteArrayInputStream("covered\n".getBytes(StandardCharsets.UTF_8)));
            String messageId = conversations.createMessage(id, CreateMessageRequest.text("with a file")
                    .withFileIds(List.of(file.id()))).messageId();
            conversations.updateMessage(id, messageId, new UpdateMessageRequest("with a file, edited"));
            conversations.listMessagesByConversation(id);
            conversations.getConversationMembers(id);
            conversations.getConversationPreferencesOfCustomer(parley.demoCustomerId());
            String token = conversations.getFileAccessToken(id, file.id()).accessToken();
            files.getFileMeta(file.id(), token);
            files.getFile(file.id(), FileRequestOptions.token(token).withAccept(FileRequestOptions.Encoding.OCTET_STREAM)
                    .withContentDisposition(FileRequestOptions.Disposition.INLINE));
            files.getFileWithName(file.id(), file.name(), FileRequestOptions.token(token).inQuery()
                    .withAccept(FileRequestOptions.Encoding.BASE64).withContentDisposition(FileRequestOptions.Disposition.ATTACHMENT));
            conversations.setConversationStatus(id, ConversationStatus.CLOSED);

            Map<String, Integer> answered = new TreeMap<>();
            for (Exchange e : proxy.exchanges()) {
                Operation op = operationOf(contract, e);
                answered.put(op.id(), e.status());
                if (e.query() != null) {
                    for (String pair : e.query().split("&")) {
                        String key = URLDecoder.decode(pair.substring(0, pair.indexOf('=')), StandardCharsets.UTF_8);
                        assertThat(op.query()).as(op.id() + " declares query parameter " + key).contains(key);
                    }
                }
                // headers the SDK sets for an operation (beyond authentication, content negotiation and consistency)
                Set<String> sent = new TreeSet<>(e.requestHeaders().keySet());
                sent.retainAll(Set.of("token", "accept", "content-disposition"));
                if ("application/json".equals(e.header("accept"))) {
                    sent.remove("accept"); // content negotiation of every JSON operation
                }
                assertThat(op.headers()).as(op.id() + " declares the headers sent").containsAll(sent);
            }
            assertThat(answered.keySet()).containsExactlyInAnyOrderElementsOf(contract.stream().map(Operation::id).toList());
            assertThat(answered).allSatisfy((op, status) -> assertThat(status).as(op).isBetween(200, 299));
            // the header and query parameters of the file operations were both used
            assertThat(proxy.exchanges()).anySatisfy(e -> assertThat(e.query()).contains("content-disposition=attachment"));
            assertThat(proxy.exchanges()).anySatisfy(e -> assertThat(e.header("content-disposition")).isEqualTo("inline"));
        }
    }
}
