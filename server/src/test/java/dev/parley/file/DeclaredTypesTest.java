package dev.parley.file;

import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.Multipart;
import dev.parley.testing.SampleFiles;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The part type a browser declares for each allowed extension is accepted (application/json for
 * .json, text/csv and Windows' application/vnd.ms-excel for .csv, text/markdown and
 * text/x-markdown for .md, text/x-log for .log, image/pjpeg for .jpg, image/x-png for .png,
 * application/x-pdf for .pdf, application/octet-stream or no type at all for anything); a
 * declared type of another allowed type (image/png for a .txt, text/plain for a .pdf, image/gif
 * for a .jpg, application/pdf for a .json) or of no allowed type (application/zip for a .csv,
 * application/javascript for a .json) is 422 {@code contentMismatch}.
 */
class DeclaredTypesTest {
    static TestServer server;
    static ApiClient api;
    static String owner;
    static String conversationId;

    @BeforeAll
    static void start() {
        server = TestServer.startDemo();
        api = server.client();
        owner = server.user("customer-owner").token();
        conversationId = api.newConversation(owner, Map.of("title", "What browsers send"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** An upload: a name, the declared part type (null: none), the content. */
    record Upload(String name, String declared, byte[] content) {
    }

    @Test
    void whatBrowsersDeclareIsAccepted() {
        byte[] json = SampleFiles.text("{\"level\": \"error\", \"message\": \"checkout failed\"}\n");
        byte[] csv = SampleFiles.text("order,total\n1001,19.99\n1002,5.00\n");
        byte[] markdown = SampleFiles.text("# Steps\n\n1. open the shop\n2. pay\n");
        byte[] log = SampleFiles.log(2_000);
        byte[] jpeg = SampleFiles.jpeg(20, 10);
        byte[] png = SampleFiles.png(20, 10);
        List<Upload> accepted = List.of(
                new Upload("data.json", "application/json", json),
                new Upload("data.json", "application/json; charset=utf-8", json),
                new Upload("data.json", "text/json", json),
                new Upload("data.json", "text/plain", json),
                new Upload("orders.csv", "text/csv", csv),
                new Upload("orders.csv", "application/vnd.ms-excel", csv),
                new Upload("orders.csv", "text/comma-separated-values", csv),
                new Upload("orders.csv", "text/plain", csv),
                new Upload("steps.md", "text/markdown", markdown),
                new Upload("steps.md", "text/x-markdown", markdown),
                new Upload("server.log", "text/x-log", log),
                new Upload("server.log", "text/plain", log),
                new Upload("notes.txt", "text/plain", markdown),
                new Upload("photo.jpg", "image/jpeg", jpeg),
                new Upload("photo.jpg", "image/pjpeg", jpeg),
                new Upload("photo.jpeg", "image/pjpeg", jpeg),
                new Upload("photo.jpe", "image/jpeg", jpeg),
                new Upload("shot.png", "image/png", png),
                new Upload("shot.png", "image/x-png", png),
                new Upload("anim.gif", "image/gif", MalformedImages.validGif(20, 10)),
                new Upload("pic.webp", "image/webp", MalformedImages.validWebpLossless(20, 10)),
                new Upload("report.pdf", "application/pdf", SampleFiles.pdf()),
                new Upload("report.pdf", "application/x-pdf", SampleFiles.pdf()),
                new Upload("report.pdf", "application/octet-stream", SampleFiles.pdf()),
                new Upload("data.json", "application/octet-stream", json),
                new Upload("shot.png", "application/octet-stream", png),
                new Upload("data.json", null, json),
                new Upload("shot.png", null, png));
        List<String> refused = new ArrayList<>();
        for (Upload u : accepted) {
            ApiResponse r = api.uploadFile(uploadToken(), Multipart.file(u.name(), u.declared(), u.content()));
            if (r.status() != 201) {
                refused.add(u.name() + " declared " + u.declared() + ": " + r.status() + " " + r.text());
            }
        }
        assertThat(refused).as("uploads refused for what a browser declares").isEmpty();
    }

    @Test
    void aTypeOfAnotherKindIs422() {
        byte[] json = SampleFiles.text("{\"a\": 1}\n");
        List<Upload> mismatched = List.of(
                new Upload("notes.txt", "image/png", SampleFiles.text("plain words\n")),
                new Upload("report.pdf", "text/plain", SampleFiles.pdf()),
                new Upload("photo.jpg", "image/gif", SampleFiles.jpeg(20, 10)),
                new Upload("shot.png", "image/pjpeg", SampleFiles.png(20, 10)),
                new Upload("data.json", "application/pdf", json),
                new Upload("orders.csv", "application/zip", SampleFiles.text("a,b\n")),
                new Upload("data.json", "application/javascript", json));
        for (Upload u : mismatched) {
            ApiResponse r = api.uploadFile(uploadToken(), Multipart.file(u.name(), u.declared(), u.content()));
            FileRefusalsTest.assertValidationError(r, 422, ".file");
            assertThat(r.json().path("validationErrors").get(0).path("type").asText()).as(u.toString())
                    .isEqualTo("contentMismatch");
        }
    }

    private static String uploadToken() {
        return api.requestFileUpload(owner, conversationId).assertStatus(201).json().path("uploadToken").asText();
    }
}
