package dev.parley.identity;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PostgreSQL notification listener: a notified version is taken as it is, and when
 * notifications may have been lost (the listening connection was re-established) or one is not
 * a version, the stored counter is read again.
 */
class IdentityNoticesTest {
    private final IdentityVersion versions = new IdentityVersion();
    private final AtomicInteger rereads = new AtomicInteger();
    private final IdentityChanges.Notices notices = new IdentityChanges.Notices(versions, () -> {
        rereads.incrementAndGet();
        versions.seen(40);
    });

    @Test
    void aNotifiedVersionIsTakenWithoutARead() {
        notices.signalled("17");
        assertThat(versions.latest()).isEqualTo(17);
        notices.signalled("12"); // an older notice, delivered late, lowers nothing
        assertThat(versions.latest()).isEqualTo(17);
        assertThat(rereads).hasValue(0);
    }

    @Test
    void missedNoticesAreMadeUpForByAReread() {
        notices.missed();
        assertThat(rereads).hasValue(1);
        assertThat(versions.latest()).isEqualTo(40);
    }

    @Test
    void aPayloadThatIsNoVersionMeansReadAgain() {
        notices.signalled("by hand");
        assertThat(rereads).hasValue(1);
        assertThat(versions.latest()).isEqualTo(40);
    }

    @Test
    void aFailingRereadIsLeftToTheNextPoll() {
        IdentityChanges.Notices failing = new IdentityChanges.Notices(versions, () -> {
            throw new IllegalStateException("database away");
        });
        failing.missed(); // no exception out of the listener thread
        assertThat(versions.latest()).isZero();
    }
}
