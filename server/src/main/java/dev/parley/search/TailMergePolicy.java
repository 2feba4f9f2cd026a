package dev.parley.search;

import org.apache.lucene.index.FilterMergePolicy;
import org.apache.lucene.index.MergePolicy;
import org.apache.lucene.index.MergeTrigger;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.TieredMergePolicy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * How the search index merges its segments: Lucene's {@link TieredMergePolicy}, plus a rule for
 * the small segments a running desk adds. Each message re-indexes its conversation, and each
 * refresh (a search waits for the writes before it) writes them as a new small segment.
 * Tiered merging lets a 1M index keep a couple of dozen such segments, and every segment costs
 * each search its own setup (looking up each word and filter; measured at 1M: seven segments cut
 * a customer's searches per second by half against one). Here, whenever more than
 * {@link #MAX_SMALL} segments are under {@link #SMALL_BYTES}, the smaller of them are merged
 * into one, at the refresh that made them, so a search sees at most two small segments beside
 * the big ones.
 *
 * <p>Which ones: from the largest small segment down, the first that is at most {@link #FACTOR}
 * times the size of all the smaller ones together, and all smaller ones. A large small segment
 * is so rewritten only after enough has gathered beside it, not at every refresh.
 */
final class TailMergePolicy extends FilterMergePolicy {
    /** Segments under this size are the tail this policy keeps short (about 2,500 conversations at 1M). */
    static final long SMALL_BYTES = 8L << 20;
    /** Small segments a search may meet before they are merged. */
    static final int MAX_SMALL = 2;
    static final int FACTOR = 4;
    /** At most this many segments in one merge (a refresh after a long pause may find many). */
    private static final int MAX_AT_ONCE = 100;

    TailMergePolicy() {
        super(new TieredMergePolicy());
    }

    /**
     * At a refresh: the tail, which the writer waits for (up to half a second by default), so
     * the new reader holds the merged segment. Not in {@link #findMerges} as well: a merge
     * started there, at a flush, runs in the background while the refresh opens its reader on
     * the segments not yet merged.
     */
    @Override
    public MergeSpecification findFullFlushMerges(MergeTrigger trigger, SegmentInfos infos, MergeContext context) throws IOException {
        OneMerge tail = tail(infos, context);
        if (tail == null) {
            return null;
        }
        MergeSpecification spec = new MergeSpecification();
        spec.add(tail);
        return spec;
    }

    /** The small segments to merge now, or null; segments already being merged are left out. */
    private OneMerge tail(SegmentInfos infos, MergeContext context) throws IOException {
        Set<SegmentCommitInfo> merging = context.getMergingSegments();
        record Sized(SegmentCommitInfo info, long bytes) {
        }
        List<Sized> small = new ArrayList<>();
        for (SegmentCommitInfo info : infos) {
            long bytes = size(info, context);
            if (!merging.contains(info) && bytes < SMALL_BYTES) {
                small.add(new Sized(info, bytes));
            }
        }
        if (small.size() <= MAX_SMALL) {
            return null;
        }
        small.sort(Comparator.comparingLong(Sized::bytes).reversed());
        long smaller = 0;
        for (Sized s : small) {
            smaller += s.bytes();
        }
        int from = small.size() - 2; // at least the two smallest
        for (int i = 0; i < small.size() - 2; i++) {
            smaller -= small.get(i).bytes();
            if (small.get(i).bytes() <= FACTOR * smaller) {
                from = i;
                break;
            }
        }
        List<SegmentCommitInfo> merge = new ArrayList<>();
        for (Sized s : small.subList(Math.max(from, small.size() - MAX_AT_ONCE), small.size())) {
            merge.add(s.info());
        }
        return new OneMerge(merge);
    }
}
