import io.javalin.Javalin;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the servers Parley is built on cost for one fixed answer, with none of Parley's work: the
 * same bytes from a Javalin route (port 18101), from a bare Jetty handler with nginx's few
 * headers (18102) and from a bare Jetty handler with the headers Parley sends (18104). The
 * libraries are those of Parley's jar: {@code java -cp server/target/parley.jar Ceiling.java BODY}.
 */
public class Ceiling {
    public static void main(String[] args) throws Exception {
        byte[] body = Files.readAllBytes(Path.of(args[0]));
        Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.routes.get("/v2/conversations/{id}", ctx -> {
                ctx.contentType("application/json");
                ctx.result(body);
            });
        }).start("127.0.0.1", 18101);
        start(18102, body, false);
        start(18104, body, true);
        System.out.println("ready");
        Thread.currentThread().join();
    }

    private static void start(int port, byte[] body, boolean parleysHeaders) throws Exception {
        Server server = new Server(new java.net.InetSocketAddress("127.0.0.1", port));
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(200);
                HttpFields.Mutable h = response.getHeaders();
                h.put(HttpHeader.CONTENT_TYPE, "application/json");
                if (parleysHeaders) {
                    h.put("X-Content-Type-Options", "nosniff");
                    h.put("Cache-Control", "no-store");
                    h.put("Referrer-Policy", "no-referrer");
                    h.put("X-Request-Id", Long.toHexString(System.nanoTime()) + "0123456789abcdef");
                    h.put("X-Ratelimit-Limit", "100000000");
                    h.put("X-Ratelimit-Remaining", "99999999");
                    h.put("X-Ratelimit-Reset", "1");
                }
                h.put(HttpHeader.CONTENT_LENGTH, body.length);
                response.write(true, ByteBuffer.wrap(body), callback);
                return true;
            }
        });
        server.start();
    }
}
