package dev.parley.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.PromisedSkip;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract bundled in the jar is mittwald's, and Parley's document only adds to it. */
class BundledContractTest {

    @Test
    void bundledContractIsTheSharedSpecUnchanged() throws Exception {
        Path shared = Path.of("..", "..", "shared", "spec", "mittwald-conversation-file-v2.openapi.json");
        if (!Files.exists(shared)) {
            PromisedSkip.skipOrFail("BundledContractTest", "shared/spec is not beside the repository ("
                    + shared.toAbsolutePath().normalize() + "); nothing to compare the bundled contract with");
        }
        JsonNode expected = Json.MAPPER.readTree(shared.toFile());
        assertThat(ContractDocument.contract().document()).isEqualTo(expected);
    }

    @Test
    void contractHasTwentyOperations() {
        assertThat(ContractDocument.contract().operations()).hasSize(20);
    }

    @Test
    void parleyDocumentKeepsEveryOperationAndOnlyWidensSchemas() {
        ContractDocument contract = ContractDocument.contract();
        ContractDocument parley = ContractDocument.parley();
        assertThat(parley.operations().keySet()).containsAll(contract.operations().keySet());
        List<String> widened = new ArrayList<>();
        for (String id : contract.operations().keySet()) {
            JsonNode before = contract.requestBodySchema(id);
            JsonNode after = parley.requestBodySchema(id);
            if (before != null && !before.equals(after)) {
                widened.add(id);
            }
        }
        // the two documented extensions of request bodies: staff statuses and staff notes
        assertThat(widened).containsExactlyInAnyOrder("conversation-set-conversation-status", "conversation-create-message");
        JsonNode statuses = parley.requestBodySchema("conversation-set-conversation-status").at("/properties/status/enum");
        assertThat(statuses.toString()).contains("open", "answered", "closed", "inProgress", "waiting");
    }

    @Test
    void publicOperationsAreTheOnesTheContractMarks() {
        ContractDocument contract = ContractDocument.contract();
        assertThat(contract.operations().keySet().stream().filter(contract::isPublic).toList())
                .containsExactlyInAnyOrder("conversation-list-categories", "conversation-get-category",
                        "file-get-file-upload-type-rules");
    }
}
