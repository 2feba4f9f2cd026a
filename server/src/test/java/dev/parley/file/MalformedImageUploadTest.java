package dev.parley.file;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testing.ApiClient;
import dev.parley.testing.ApiResponse;
import dev.parley.testing.Multipart;
import dev.parley.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Broken images are refused as the other image-dimension refusals are: 422 ValidationError at
 * {@code .file} with type {@code imageDimensions}, never a 500, and the upload token stays
 * usable. The variants ({@link MalformedImages}): PNG cut off at 8, 16 and 20 bytes and inside
 * IDAT, without IEND, with an IHDR length of 2 GiB, negative or short, a first chunk other than
 * IHDR, no IHDR, a chunk type that is not letters, and iCCP/zTXt/iTXt/tEXt chunks claiming 2 GiB
 * before and after IHDR; JPEG cut off after SOI, at a marker, inside APP0, before and inside SOF,
 * an APP1 longer than the file, a segment length below 2, no SOF, a SOF too short for the size;
 * GIF cut off in the header, the screen descriptor, the colour table, the image, before the
 * trailer, an unknown block, a sub-block longer than the file; WebP cut off in the chunk header,
 * RIFF and chunk sizes of 2 GiB or negative, VP8/VP8L/VP8X headers cut short or without their
 * signature, a first chunk that is no image, EXIF and ICCP chunks claiming 2 GiB.
 */
class MalformedImageUploadTest {
    static TestServer server;
    static ApiClient api;
    static String owner;
    static String conversationId;

    @BeforeAll
    static void start() {
        server = TestServer.startDemo();
        api = server.client();
        owner = server.user("customer-owner").token();
        conversationId = api.newConversation(owner, Map.of("title", "Broken screenshots"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyBrokenImageIs422() {
        List<String> wrong = new ArrayList<>();
        for (MalformedImages.Sample sample : MalformedImages.all().values()) {
            String token = uploadToken();
            ApiResponse r;
            try {
                r = api.uploadFile(token, Multipart.file(sample.name(), sample.mimeType(), sample.bytes()));
            } catch (AssertionError e) { // the client refuses a 5xx, or a body outside the contract
                wrong.add(sample.name() + ": " + e.getMessage());
                continue;
            }
            JsonNode errors = r.status() == 422 ? r.json().path("validationErrors") : null;
            if (r.status() != 422 || !"ValidationError".equals(r.json().path("type").asText())
                    || !".file".equals(errors.path(0).path("path").asText())
                    || !"imageDimensions".equals(errors.path(0).path("type").asText())) {
                wrong.add(sample.name() + ": " + r.status() + " " + r.text());
                continue;
            }
            // a refused upload leaves its token usable
            api.uploadFile(token, Multipart.file("fine.gif", "image/gif", MalformedImages.validGif(4, 4)))
                    .assertStatus(201);
        }
        assertThat(wrong).as("broken images not refused with 422 imageDimensions").isEmpty();
    }

    @Test
    void wellFormedGifAndWebpAreAccepted() {
        Map<String, byte[]> valid = Map.of(
                "a.gif", MalformedImages.validGif(30, 20),
                "lossless.webp", MalformedImages.validWebpLossless(30, 20),
                "lossy.webp", MalformedImages.validWebpLossy(30, 20),
                "extended.webp", MalformedImages.validWebpExtended(30, 20));
        valid.forEach((name, bytes) -> {
            String type = name.endsWith(".gif") ? "image/gif" : "image/webp";
            api.uploadFile(uploadToken(), Multipart.file(name, type, bytes)).assertStatus(201);
        });
    }

    private static String uploadToken() {
        return api.requestFileUpload(owner, conversationId).assertStatus(201).json().path("uploadToken").asText();
    }
}
