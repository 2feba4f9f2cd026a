package dev.parley.client;

import dev.parley.client.error.ValidationException;
import dev.parley.client.model.Category;
import dev.parley.client.model.ConversationFile;
import dev.parley.client.model.CreateConversationRequest;
import dev.parley.client.model.CreateMessageRequest;
import dev.parley.client.model.FileAccessToken;
import dev.parley.client.model.FileContent;
import dev.parley.client.model.FileMeta;
import dev.parley.client.model.FileRequestOptions;
import dev.parley.client.model.FileRequestOptions.Disposition;
import dev.parley.client.model.FileRequestOptions.Encoding;
import dev.parley.client.model.FileUploadRules;
import dev.parley.client.model.FileUploadToken;
import dev.parley.client.model.FileUploadType;
import dev.parley.client.model.Message;
import dev.parley.client.model.ShareableAggregateReference;
import dev.parley.client.testing.Clients;
import dev.parley.client.testing.RecordingProxy;
import dev.parley.client.testing.TestParley;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Uploads, attachments, access tokens and downloads, each way the contract allows. */
class FileApiTest {
    private static final String LOG = "10:00:01 upstream timed out (110: Connection timed out)\n";

    private static TestParley parley;
    private static RecordingProxy proxy;
    private static MittwaldClient owner;
    /** No API token: uploads with the upload token alone, downloads with the access token alone. */
    private static MittwaldClient anonymous;

    @BeforeAll
    static void start() {
        parley = TestParley.shared();
        proxy = new RecordingProxy(parley.baseUrl());
        owner = Clients.as(parley, "customer-owner", proxy.url());
        anonymous = MittwaldClient.builder().baseUrl(proxy.url()).build();
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    private static String conversation() {
        Category general = Clients.category(owner, "general");
        return owner.conversation().createConversation(CreateConversationRequest.of("Attachments", general.categoryId())
                .withSharedWith(ShareableAggregateReference.customer(parley.demoCustomerId()))).conversationId();
    }

    /** An uploaded, attached log file: [conversationId, fileId]. */
    private static String[] attachedLog() {
        String id = conversation();
        FileUploadToken upload = owner.conversation().requestFileUpload(id);
        FileMeta meta = anonymous.file().createFile(upload.uploadToken(), "error.log",
                new ByteArrayInputStream(LOG.getBytes(StandardCharsets.UTF_8)));
        owner.conversation().createMessage(id, CreateMessageRequest.text("Here is the log.").withFileIds(List.of(meta.id())));
        return new String[]{id, meta.id()};
    }

    @Test
    void requestFileUploadIssuesATokenWhoseRulesCanBeReadBack() {
        String id = conversation();

        FileUploadToken upload = owner.conversation().requestFileUpload(id);

        assertThat(proxy.last().method()).isEqualTo("POST");
        assertThat(proxy.last().path()).isEqualTo("/v2/conversations/" + id + "/files");
        assertThat(upload.conversationId()).isEqualTo(id);
        assertThat(upload.uploadToken()).isNotBlank();
        assertThat(upload.rules().mimeTypes()).contains("text/plain", "image/png", "application/pdf");
        assertThat(upload.rules().maxSizeInKB()).isPositive();
        assertThat(upload.rules().properties().imageDimensions().max().width()).isPositive();
        assertThat(upload.rules().properties().imageDimensions().min().height()).isNotNull();

        FileUploadRules rules = anonymous.file().getFileUploadTokenRules(upload.uploadToken());
        assertThat(proxy.last().path()).isEqualTo("/v2/file-upload-tokens/" + upload.uploadToken() + "/rules");
        assertThat(rules.mimeTypes()).containsExactlyInAnyOrderElementsOf(upload.rules().mimeTypes());
        assertThat(rules.maxSizeInBytes()).isEqualTo(upload.rules().maxSizeInKB() * 1024);
        assertThat(rules.maxSizeInKB()).isEqualTo(rules.maxSizeInKb()).isEqualTo(upload.rules().maxSizeInKB());
        assertThat(rules.properties().imageDimensions()).isEqualTo(upload.rules().properties().imageDimensions());
        assertThat(rules.fileTypes()).anySatisfy(t -> {
            assertThat(t.mimeType()).isEqualTo("text/plain");
            assertThat(t.extensions()).isNotEmpty();
        });
    }

    @Test
    void getFileUploadTypeRulesIsPublic() {
        FileUploadRules rules = anonymous.file().getFileUploadTypeRules(FileUploadType.CONVERSATION);

        assertThat(proxy.last().path()).isEqualTo("/v2/file-upload-types/conversation/rules");
        assertThat(proxy.last().header("x-access-token")).isNull();
        assertThat(rules.mimeTypes()).contains("text/plain");
        assertThat(rules.maxSizeInBytes()).isPositive();
        assertThat(rules.maxNameLength()).isPositive();
    }

    @Test
    void createFileStreamsAMultipartUploadWithTheUploadTokenAlone() {
        String id = conversation();
        FileUploadToken upload = owner.conversation().requestFileUpload(id);

        FileMeta meta = anonymous.file().createFile(upload.uploadToken(), "error.log",
                new ByteArrayInputStream(LOG.getBytes(StandardCharsets.UTF_8)));

        RecordingProxy.Exchange post = proxy.last();
        assertThat(post.path()).isEqualTo("/v2/files");
        assertThat(post.header("token")).isEqualTo(upload.uploadToken());
        assertThat(post.header("x-access-token")).isNull();
        assertThat(post.header("content-type")).startsWith("multipart/form-data; boundary=");
        assertThat(post.body()).contains("name=\"file\"; filename=\"error.log\"").contains(LOG);
        assertThat(post.status()).isEqualTo(201);
        assertThat(meta.name()).isEqualTo("error.log");
        assertThat(meta.sizeInBytes()).isEqualTo(LOG.length());
        assertThat(meta.mimeType()).isEqualTo("text/plain");
        assertThat(meta.id()).isNotBlank();

        // a used token is refused in the contract's ValidationError shape (409)
        assertThatThrownBy(() -> anonymous.file().createFile(upload.uploadToken(), "again.log",
                new ByteArrayInputStream(LOG.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.status()).isEqualTo(409));
    }

    @Test
    void createFileFromAPathAndAsync(@TempDir Path dir) throws Exception {
        String id = conversation();
        Path notes = Files.writeString(dir.resolve("notes.txt"), "some notes\n");

        FileMeta fromPath = owner.file().createFile(owner.conversation().requestFileUpload(id).uploadToken(), notes);
        FileMeta async = owner.file().createFileAsync(owner.conversation().requestFileUpload(id).uploadToken(), "more.txt",
                "text/plain", new ByteArrayInputStream("more\n".getBytes(StandardCharsets.UTF_8))).join();

        assertThat(fromPath.name()).isEqualTo("notes.txt");
        assertThat(fromPath.sizeInBytes()).isEqualTo(11);
        assertThat(async.name()).isEqualTo("more.txt");
        assertThat(proxy.last().body()).contains("Content-Type: text/plain");
    }

    @Test
    void anAttachedFileShowsInTheTimelineAndOpensWithItsAccessToken() {
        String[] ids = attachedLog();
        String id = ids[0];
        String fileId = ids[1];

        Message message = owner.conversation().listMessagesByConversation(id).stream()
                .filter(Message.class::isInstance).map(Message.class::cast)
                .filter(m -> "Here is the log.".equals(m.messageContent())).findFirst().orElseThrow();
        assertThat(message.files()).singleElement().isEqualTo(new ConversationFile.Uploaded(fileId, "error.log", "text/plain"));

        FileAccessToken access = owner.conversation().getFileAccessToken(id, fileId);
        assertThat(proxy.last().path()).isEqualTo("/v2/conversations/" + id + "/files/" + fileId + "/access-token");
        assertThat(access.accessToken()).isNotBlank();
        assertThat(access.expiresAt()).isAfter(Instant.now());

        FileContent content = anonymous.file().getFile(fileId, access.accessToken());
        assertThat(proxy.last().path()).isEqualTo("/v2/files/" + fileId);
        assertThat(proxy.last().header("token")).isEqualTo(access.accessToken());
        assertThat(proxy.last().header("accept")).isNull();
        assertThat(content.text()).isEqualTo(LOG);
        assertThat(content.isBase64()).isFalse();
        assertThat(content.contentType()).startsWith("text/plain");
        assertThat(content.contentDisposition()).startsWith("inline");

        FileContent named = anonymous.file().getFileWithName(fileId, "error.log", access.accessToken());
        assertThat(proxy.last().path()).isEqualTo("/v2/files/" + fileId + "/error.log");
        assertThat(named.text()).isEqualTo(LOG);
    }

    @Test
    void getFileSendsTokenAcceptAndDispositionAsHeadersOrAsQuery() {
        String[] ids = attachedLog();
        String fileId = ids[1];
        String token = owner.conversation().getFileAccessToken(ids[0], fileId).accessToken();

        FileContent viaHeaders = anonymous.file().getFile(fileId, FileRequestOptions.token(token)
                .withAccept(Encoding.BASE64).withContentDisposition(Disposition.ATTACHMENT));
        RecordingProxy.Exchange sent = proxy.last();
        assertThat(sent.header("token")).isEqualTo(token);
        assertThat(sent.header("accept")).isEqualTo("text/plain;base64");
        assertThat(sent.header("content-disposition")).isEqualTo("attachment");
        assertThat(sent.query()).isNull();
        assertThat(viaHeaders.isBase64()).isTrue();
        assertThat(new String(viaHeaders.body(), StandardCharsets.US_ASCII))
                .isEqualTo(java.util.Base64.getEncoder().encodeToString(LOG.getBytes(StandardCharsets.UTF_8)));
        assertThat(viaHeaders.text()).isEqualTo(LOG);
        assertThat(viaHeaders.contentDisposition()).startsWith("attachment");

        FileContent viaQuery = anonymous.file().getFileWithName(fileId, "error.log", FileRequestOptions.token(token)
                .withAccept(Encoding.BASE64).withContentDisposition(Disposition.ATTACHMENT).inQuery());
        sent = proxy.last();
        assertThat(sent.query()).isEqualTo("token=" + token + "&accept=text%2Fplain%3Bbase64&content-disposition=attachment");
        assertThat(sent.header("token")).isNull();
        assertThat(viaQuery.text()).isEqualTo(LOG);
        assertThat(viaQuery.contentDisposition()).startsWith("attachment");
    }

    @Test
    void getFileMetaWithTheTokenInHeaderOrQuery() {
        String[] ids = attachedLog();
        String fileId = ids[1];
        String token = owner.conversation().getFileAccessToken(ids[0], fileId).accessToken();

        FileMeta meta = anonymous.file().getFileMeta(fileId, token);
        assertThat(proxy.last().path()).isEqualTo("/v2/files/" + fileId + "/meta");
        assertThat(proxy.last().header("token")).isEqualTo(token);
        assertThat(meta.id()).isEqualTo(fileId);
        assertThat(meta.name()).isEqualTo("error.log");
        assertThat(meta.sizeInBytes()).isEqualTo(LOG.length());
        assertThat(meta.mimeType()).isEqualTo("text/plain");
        assertThat(meta.type()).isEqualTo("text/plain");
        assertThat(meta.friendlyUrl()).isEqualTo(meta.friendlyURL()).contains("error.log");
        assertThat(meta.shortId()).isNotBlank();

        FileMeta viaQuery = anonymous.file().getFileMeta(fileId, FileRequestOptions.token(token).inQuery());
        assertThat(proxy.last().query()).isEqualTo("token=" + token);
        assertThat(viaQuery).isEqualTo(meta);
    }
}
