package dev.parley.desk;

import org.commonmark.Extension;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Messages are CommonMark (with GFM autolinks, strikethrough and tables), rendered in two steps
 * that each hold on their own: commonmark escapes raw HTML and drops unsafe URLs, then the
 * OWASP allow-list sanitiser keeps only plain formatting elements, {@code http}, {@code https}
 * and {@code mailto} links (with {@code rel="noopener noreferrer nofollow"}) and no attributes
 * that could style or script. Images are turned into links before rendering: a message must not
 * make the reader's browser load anything from outside (tracking pixels) — the CSP would block
 * it anyway.
 */
public final class Markdown {
    private static final List<Extension> EXTENSIONS = List.of(
            AutolinkExtension.create(), StrikethroughExtension.create(), TablesExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().extensions(EXTENSIONS)
            .escapeHtml(true).sanitizeUrls(true).softbreak("<br>").build();
    private static final PolicyFactory POLICY = new HtmlPolicyBuilder()
            .allowElements("p", "br", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li",
                    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td", "a")
            .allowAttributes("href").onElements("a")
            .allowUrlProtocols("http", "https", "mailto")
            .requireRelsOnLinks("noopener", "noreferrer", "nofollow")
            .allowAttributes("start").matching(Pattern.compile("[0-9]{1,9}")).onElements("ol")
            .allowAttributes("align").matching(true, "left", "center", "right").onElements("th", "td")
            .allowAttributes("class").matching(Pattern.compile("language-[A-Za-z0-9_+-]{1,40}")).onElements("code")
            .toFactory();

    private Markdown() {
    }

    /** Safe HTML for a message's Markdown source; null or blank gives "". */
    public static String render(String markdown) {
        if (markdown == null || markdown.isBlank()) {
            return "";
        }
        Node document = PARSER.parse(markdown);
        imagesToLinks(document);
        unsafeLinksToText(document);
        return POLICY.sanitize(RENDERER.render(document));
    }

    private static final Pattern SCHEME = Pattern.compile("^([a-z][a-z0-9+.-]*):");
    private static final Pattern SAFE_SCHEME = Pattern.compile("https?|mailto");

    /**
     * A link whose target is not http(s), mailto or a local path shows as its text: better than
     * an empty link (what the renderer and the sanitiser would leave of it). The destination is
     * already entity- and escape-decoded by the parser; whitespace and control characters are
     * dropped before reading the scheme, as browsers do.
     */
    private static void unsafeLinksToText(Node document) {
        List<Link> links = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Link link) {
                links.add(link);
                visitChildren(link);
            }
        });
        for (Link link : links) {
            if (isSafe(link.getDestination())) {
                continue;
            }
            Node child = link.getFirstChild();
            while (child != null) {
                Node next = child.getNext();
                link.insertBefore(child);
                child = next;
            }
            link.unlink();
        }
    }

    static boolean isSafe(String destination) {
        if (destination == null) {
            return false;
        }
        String compact = destination.replaceAll("[\\s\\p{Cntrl}]", "").toLowerCase(java.util.Locale.ROOT);
        if (compact.startsWith("//")) {
            return true; // protocol-relative: http(s) on this page's scheme
        }
        int colon = compact.indexOf(':');
        if (colon < 0) {
            return true; // a relative path
        }
        for (char delimiter : new char[] {'/', '?', '#'}) {
            int at = compact.indexOf(delimiter);
            if (at >= 0 && at < colon) {
                return true; // the colon is in a relative path, query or fragment
            }
        }
        java.util.regex.Matcher m = SCHEME.matcher(compact);
        return m.find() && SAFE_SCHEME.matcher(m.group(1)).matches();
    }

    /** Each image becomes a link to it, labelled with its alt text (or its address). */
    private static void imagesToLinks(Node document) {
        List<Image> images = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Image image) {
                images.add(image);
                visitChildren(image);
            }
        });
        for (Image image : images) {
            Link link = new Link(image.getDestination(), image.getTitle());
            Node child = image.getFirstChild();
            if (child == null) {
                link.appendChild(new Text(image.getDestination()));
            }
            while (child != null) {
                Node next = child.getNext();
                link.appendChild(child);
                child = next;
            }
            image.insertBefore(link);
            image.unlink();
        }
    }
}
