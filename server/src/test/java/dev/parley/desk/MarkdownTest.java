package dev.parley.desk;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages' Markdown: the formatting people use survives; nothing that could run script, style
 * the page, load from outside or hide a link's target does. The XSS inputs below are the usual
 * families: raw tags, event handlers, {@code javascript:} in every disguise, {@code data:}
 * URLs, Markdown link tricks, comments, SVG and MathML, style attributes.
 */
class MarkdownTest {

    @Test
    void plainFormattingSurvives() {
        String html = Markdown.render("# Title\n\n**bold** _em_ ~~gone~~ `code`\n\n- one\n- two\n\n> quoted\n\n```java\nint x;\n```");
        assertThat(html).contains("<h1>Title</h1>", "<strong>bold</strong>", "<em>em</em>", "<del>gone</del>",
                "<code>code</code>", "<li>one</li>", "<blockquote>", "<code class=\"language-java\">");
    }

    @Test
    void linksGetTheSafeRelAndKeepTheirTarget() {
        String html = Markdown.render("[docs](https://example.com/a?b=c) and https://example.org/auto and <mailto:a@example.com>");
        assertThat(html).contains("href=\"https://example.com/a?b&#61;c\"", "href=\"https://example.org/auto\"");
        assertThat(html).contains("mailto:a&#64;example.com");
        assertThat(rels(html)).hasSize(3).allSatisfy(rel -> assertThat(rel).containsExactlyInAnyOrder("noopener", "noreferrer", "nofollow"));
    }

    @Test
    void tablesRender() {
        String html = Markdown.render("| a | b |\n|:--|--:|\n| 1 | 2 |");
        assertThat(html).contains("<table>", "<th align=\"left\">a</th>", "<td align=\"right\">2</td>");
    }

    @Test
    void imagesBecomeLinksAndLoadNothing() {
        String html = Markdown.render("![tracking pixel](https://evil.example/p.png) ![](https://evil.example/q.png)");
        assertThat(html).doesNotContain("<img");
        assertThat(html).containsPattern("<a href=\"https://evil.example/p.png\" rel=\"[a-z ]+\">tracking pixel</a>");
        assertThat(rels(html)).hasSize(2);
        assertThat(html).contains(">https://evil.example/q.png</a>");
    }

    @Test
    void rawHtmlIsShownAsText() {
        String html = Markdown.render("<b>hi</b> <script>alert(1)</script>\n\n<div onclick=\"x()\">block</div>");
        assertThat(html).doesNotContain("<b>", "<script", "<div");
        assertThat(html).contains("&lt;b&gt;hi&lt;/b&gt;", "&lt;script&gt;");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<script>alert(1)</script>",
            "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
            "<img src=x onerror=alert(1)>",
            "<svg onload=alert(1)><circle r=1 /></svg>",
            "<svg><script>alert(1)</script></svg>",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            "<iframe src=\"javascript:alert(1)\"></iframe>",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<p style=\"background:url(javascript:alert(1))\">x</p>",
            "<style>body{display:none}</style>",
            "<!-- <script>alert(1)</script> -->",
            "<!--><img src=x onerror=alert(1)>-->",
            "<details open ontoggle=alert(1)>",
            "<object data=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\"></object>",
            "<form action=javascript:alert(1)><button>x</button></form>",
            "<base href=\"https://evil.example/\">",
            "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](javascript&#58;alert(1))",
            "[x](javascript&colon;alert(1))",
            "[x](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
            "[x](&#x6A;avascript:alert(1))",
            "[x](<javascript:alert(1)>)",
            "[x]( javascript:alert(1))",
            "[x](java\tscript:alert(1))",
            "[x](java%0ascript:alert(1))",
            "[x](%6A%61%76%61script:alert(1))",
            "[x](vbscript:msgbox(1))",
            "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "[x](DATA:text/html,<script>alert(1)</script>)",
            "[x](file:///etc/passwd)",
            "![x](javascript:alert(1))",
            "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
            "[x][ref]\n\n[ref]: javascript:alert(1)",
            "[x](https://ok.example \"title\" onmouseover=\"alert(1)\")",
            "[x](https://ok.example\" onmouseover=\"alert(1))",
            "[<img src=x onerror=alert(1)>](https://ok.example)",
            "[[x](javascript:alert(1))](https://ok.example)",
            "[x](https://ok.example)<script>alert(1)</script>",
            "`<script>` is code, <script>alert(1)</script> is not",
            "<javascript:alert(1)>",
            "javascript:alert(1)",
            "<a href=\"&#x6A;avascript:alert(1)\">x</a>",
            "\"><script>alert(1)</script>",
            "<x onmouseover=alert(1)>hover</x>",
            "| <img src=x onerror=alert(1)> |\n|---|\n| <script>alert(1)</script> |",
    })
    void nothingExecutableSurvives(String input) {
        String html = Markdown.render(input);
        String lower = html.toLowerCase(Locale.ROOT);
        // no live element that runs, styles, embeds or redirects
        for (String tag : new String[] {"<script", "<img", "<svg", "<math", "<iframe", "<object", "<embed", "<style",
                "<form", "<base", "<meta", "<details", "<x ", "<link", "<!--"}) {
            assertThat(lower).as(input + " → " + html).doesNotContain(tag);
        }
        // no attribute but href/rel/class/align/start on the allowed elements: no handlers, no style
        assertThat(lower).as(input + " → " + html).doesNotContainPattern("<[a-z0-9]+[^>]*\\s(on[a-z]+|style|src|action|formaction)\\s*=");
        // every href is http(s), mailto or local
        java.util.regex.Matcher hrefs = java.util.regex.Pattern.compile("href=\"([^\"]*)\"").matcher(lower);
        while (hrefs.find()) {
            assertThat(hrefs.group(1)).as(input + " → " + html).matches("(https?:|mailto:|/|#|\\?|[a-z0-9._~%-]+(/|$)).*")
                    .doesNotContain("javascript", "vbscript", "data:", "file:");
        }
    }

    @Test
    void emptyAndBlankRenderNothing() {
        assertThat(Markdown.render(null)).isEmpty();
        assertThat(Markdown.render("  \n ")).isEmpty();
    }

    /** The rel tokens of each link (the sanitiser's order varies). */
    private static java.util.List<java.util.List<String>> rels(String html) {
        java.util.List<java.util.List<String>> found = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<a [^>]*rel=\"([^\"]*)\"").matcher(html);
        while (m.find()) {
            found.add(java.util.List.of(m.group(1).split(" ")));
        }
        return found;
    }
}
