package dev.parley.events;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Raising a key changes its stamp, and raising all changes every key's; slots must be a power of two (tried 0, 3, 1000). */
class SlotStampsTest {
    @Test
    void aRaisedKeyHasANewStampAndOthersMostlyKeepTheirs() {
        SlotStamps stamps = new SlotStamps(1 << 10);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            keys.add("conversation-" + i);
        }
        List<Long> before = keys.stream().map(stamps::stamp).toList();
        stamps.raise("conversation-7");
        assertThat(stamps.stamp("conversation-7")).isNotEqualTo(before.get(7));
        long unchanged = keys.stream().filter(k -> stamps.stamp(k) == before.get(keys.indexOf(k))).count();
        assertThat(unchanged).isGreaterThanOrEqualTo(90); // only keys sharing its slot changed with it
    }

    @Test
    void raisingAllChangesEveryKey() {
        SlotStamps stamps = new SlotStamps(1 << 4);
        List<String> keys = List.of("a", "b", "user-1", "user-2", "x".repeat(40));
        List<Long> before = keys.stream().map(stamps::stamp).toList();
        stamps.raiseAll();
        for (int i = 0; i < keys.size(); i++) {
            assertThat(stamps.stamp(keys.get(i))).as(keys.get(i)).isNotEqualTo(before.get(i));
        }
    }

    @Test
    void slotsMustBeAPowerOfTwo() {
        for (int slots : new int[]{0, 3, 1000}) {
            assertThatThrownBy(() -> new SlotStamps(slots)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
