package dev.chatscale.protocol.state;

import java.util.concurrent.locks.ReentrantLock;

/**
 * One channel: display name, creation time, topic, and members (with the op flag of the founder).
 *
 * <p>Modes are fixed at {@code +nt}: no external messages, topic settable by ops only.
 *
 * <p>Thread-safety: membership changes take {@link #lock}; readers use the immutable
 * {@link #members()} snapshot without locking (see package-info for the rules). The topic is a
 * volatile immutable record.
 */
public final class Channel {
    /** One membership: the client and its status (op {@code @}, voice {@code +}). */
    public record Member(Client client, boolean op, boolean voice) {}

    /** A channel topic. @param setAt epoch seconds */
    public record Topic(String text, String setBy, long setAt) {}

    private static final Member[] NO_MEMBERS = new Member[0];

    private final String name;
    private final String foldedName;
    private final long createdAt;
    private final ReentrantLock lock = new ReentrantLock();
    /** Immutable member array; replaced while holding {@link #lock}. */
    private volatile Member[] members = NO_MEMBERS;
    /** Set once the last member left; guarded by {@link #lock}. A dead channel is never rejoined. */
    private boolean dead;
    private volatile Topic topic;

    Channel(String name, String foldedName, long createdAtSeconds) {
        this.name = name;
        this.foldedName = foldedName;
        this.createdAt = createdAtSeconds;
    }

    /** The name as first created. */
    public String name() {
        return name;
    }

    /** The ASCII-folded name (the map key). */
    public String foldedName() {
        return foldedName;
    }

    /** Creation time in epoch seconds (329). */
    public long createdAt() {
        return createdAt;
    }

    /** The current members; an immutable snapshot, never modify. */
    public Member[] members() {
        return members;
    }

    /** Number of members now. */
    public int size() {
        return members.length;
    }

    public Topic topic() {
        return topic;
    }

    void topic(Topic value) {
        this.topic = value;
    }

    /** The membership of {@code c}, or {@code null}. */
    public Member member(Client c) {
        for (Member m : members) {
            if (m.client() == c) {
                return m;
            }
        }
        return null;
    }

    /**
     * Adds {@code c}; the first member becomes op.
     *
     * @return the member snapshot including {@code c}, or {@code null} if the channel died (retry with a fresh one)
     */
    Member[] add(Client c) {
        lock.lock();
        try {
            if (dead) {
                return null;
            }
            Member[] old = members;
            for (Member m : old) {
                if (m.client() == c) {
                    return old;
                }
            }
            Member[] next = new Member[old.length + 1];
            System.arraycopy(old, 0, next, 0, old.length);
            next[old.length] = new Member(c, old.length == 0, false); // the founder gets op
            members = next;
            return next;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Gives or takes op ({@code o}) or voice ({@code v}) from member {@code c}.
     *
     * @return {@code false} if {@code c} is not a member
     */
    boolean status(Client c, char mode, boolean on) {
        lock.lock();
        try {
            Member[] old = members;
            for (int i = 0; i < old.length; i++) {
                Member m = old[i];
                if (m.client() == c) {
                    Member changed = mode == 'o'
                            ? new Member(c, on, m.voice())
                            : new Member(c, m.op(), on);
                    Member[] next = old.clone();
                    next[i] = changed;
                    members = next;
                    return true;
                }
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes {@code c}; when the channel empties it dies and leaves {@code channels}.
     *
     * @return the members left after removal, or {@code null} if {@code c} was not a member
     */
    Member[] remove(Client c, java.util.concurrent.ConcurrentHashMap<String, Channel> channels) {
        lock.lock();
        try {
            Member[] old = members;
            int i = 0;
            while (i < old.length && old[i].client() != c) {
                i++;
            }
            if (i == old.length) {
                return null;
            }
            if (old.length == 1) {
                members = NO_MEMBERS;
                dead = true;
                channels.remove(foldedName, this);
                return NO_MEMBERS;
            }
            Member[] next = new Member[old.length - 1];
            System.arraycopy(old, 0, next, 0, i);
            System.arraycopy(old, i + 1, next, i, old.length - i - 1);
            members = next;
            return next;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "Channel[" + name + ", " + members.length + " members]";
    }
}
