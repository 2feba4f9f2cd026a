package dev.parley.notify.inbound;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What is left of a reply mail's text once the mail program's additions are gone. */
class ReplyTextTest {

    @Test
    void englishAttributionAndEverythingAfterIt() {
        assertThat(ReplyText.strip("""
                Yes, that works now.

                On Sat, Dec 5, 2026 at 10:12 AM Parley Support <support+12-abcdefghijklmnop@example.com> wrote:
                > We deployed a fix.
                >
                > --
                > Parley
                """)).isEqualTo("Yes, that works now.");
    }

    @Test
    void anAttributionWrappedOverTwoLines() {
        assertThat(ReplyText.strip("""
                Fine by me.

                On Sat, 5 Dec 2026 at 10:12, Parley Support <support+12-abcdefghijklmnop@example.com>
                wrote:

                > We deployed a fix.
                """)).isEqualTo("Fine by me.");
    }

    @Test
    void germanAttribution() {
        assertThat(ReplyText.strip("""
                Danke, jetzt geht es.

                Am 05.12.2026 um 10:12 schrieb Parley Support <support@example.com>:
                > Wir haben den Fehler behoben.
                """)).isEqualTo("Danke, jetzt geht es.");
        assertThat(ReplyText.strip("""
                Passt.

                Am Sa., 5. Dez. 2026 um 10:12 Uhr schrieb Parley Support <support@example.com>:
                > Alt.
                """)).isEqualTo("Passt.");
    }

    @Test
    void outlookOriginalMessageSeparator() {
        assertThat(ReplyText.strip("""
                Please call me tomorrow.

                -----Original Message-----
                From: Parley Support <support@example.com>
                Sent: Saturday, December 5, 2026 10:12 AM
                To: Anna <anna@example.org>
                Subject: The checkout page is broken

                We deployed a fix.
                """)).isEqualTo("Please call me tomorrow.");
        assertThat(ReplyText.strip("""
                Bitte morgen anrufen.

                -----Ursprüngliche Nachricht-----
                Von: Parley Support <support@example.com>
                Gesendet: Samstag, 5. Dezember 2026 10:12
                """)).isEqualTo("Bitte morgen anrufen.");
    }

    @Test
    void outlookHeaderBlockWithoutSeparator() {
        assertThat(ReplyText.strip("""
                See the screenshot.

                ________________________________
                From: Parley Support <support@example.com>
                Sent: Saturday, December 5, 2026 10:12
                To: Anna
                Subject: Re: The checkout page is broken

                Could you send a screenshot?
                """)).isEqualTo("See the screenshot.");
        assertThat(ReplyText.strip("""
                Erledigt.

                Von: Parley Support <support@example.com>
                Datum: Samstag, 5. Dezember 2026 um 10:12
                An: Anna <anna@example.org>
                Betreff: Re: Kasse
                """)).isEqualTo("Erledigt.");
    }

    @Test
    void plainQuotesAreDroppedAndAnAnswerBetweenThemKept() {
        assertThat(ReplyText.strip("""
                > Which browser do you use?
                Firefox 133.
                > And which system?
                >> (earlier)
                Linux.
                """)).isEqualTo("Firefox 133.\nLinux.");
    }

    @Test
    void signatureDelimiterAndMobileFooters() {
        assertThat(ReplyText.strip("Thanks!\n\n-- \nAnna Example\nExample GmbH\n")).isEqualTo("Thanks!");
        assertThat(ReplyText.strip("Thanks!\n--\nAnna\n")).isEqualTo("Thanks!");
        assertThat(ReplyText.strip("Thanks!\n\nSent from my iPhone\n\n> quoted")).isEqualTo("Thanks!");
        assertThat(ReplyText.strip("Danke!\n\nVon meinem iPhone gesendet\n")).isEqualTo("Danke!");
    }

    @Test
    void aReplyAboveThisLineMarker() {
        assertThat(ReplyText.strip("Got it.\n\n-- Reply above this line --\nNew message in your conversation"))
                .isEqualTo("Got it.");
    }

    @Test
    void ordinaryTextIsLeftAloneApartFromBlankLinesAndLineEndings() {
        assertThat(ReplyText.strip("\r\n\r\nFirst line  \r\nOn second thought it works.\r\n\r\n\r\n\r\n"
                + "From now on I will use the new page.\r\nThe total is -- as expected -- right.\r\n\r\n"))
                .isEqualTo("First line\nOn second thought it works.\n\nFrom now on I will use the new page.\n"
                        + "The total is -- as expected -- right.");
    }

    @Test
    void aSentenceThatLooksLikeAnAttributionButHasNoDateIsKept() {
        assertThat(ReplyText.strip("Am Montag schrieb ich folgendes:\nDer Fehler kommt wieder.\n\nOn Monday I wrote:\nsame."))
                .isEqualTo("Am Montag schrieb ich folgendes:\nDer Fehler kommt wieder.\n\nOn Monday I wrote:\nsame.");
    }

    @Test
    void onlyQuotesLeaveNothing() {
        assertThat(ReplyText.strip("> all quoted\n> nothing new\n")).isEmpty();
        assertThat(ReplyText.strip(null)).isEmpty();
    }

    @Test
    void htmlBodiesAsText() {
        assertThat(HtmlText.of("<html><head><title>x</title><style>p{}</style></head><body>"
                + "<div>Hello&nbsp;there,</div><div><br></div><p>line&nbsp;two &lt;ok&gt; &#8364; &#x263A;</p>"
                + "<!-- a comment --><blockquote type=\"cite\">quoted</blockquote></body></html>"))
                .isEqualTo("Hello there,\n\nline two <ok> € ☺");
        assertThat(HtmlText.of("<div dir=\"ltr\">Works.</div><br><div class=\"gmail_quote\"><div class=\"gmail_attr\">"
                + "On Sat, Support wrote:<br></div><blockquote>old</blockquote></div>")).isEqualTo("Works.");
        assertThat(HtmlText.of("<p>Geht.</p><div id=\"divRplyFwdMsg\"><b>Von:</b> Support</div><div>alt</div>"))
                .isEqualTo("Geht.");
    }

    @Test
    void formatFlowedLinesAreJoined() {
        assertThat(MailContent.unflow("This is a long \nline that was \nwrapped.\n\n-- \nsig", false))
                .isEqualTo("This is a long line that was wrapped.\n\n-- \nsig");
        assertThat(MailContent.unflow("Zusammen \ngeschrieben", true)).isEqualTo("Zusammengeschrieben");
    }
}
