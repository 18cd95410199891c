package dev.chatscale.blocking;

import dev.chatscale.protocol.wire.EncodedLine;

/**
 * How one {@link EncodedLine} becomes bytes on a connection's wire: as is over TCP
 * ({@link #TCP}), or as one WebSocket frame of the line without its CRLF.
 *
 * <p>Implementations are stateless and thread-safe; one instance serves every connection.
 */
interface LineFormat {
    /** Plain IRC over TCP: the line's bytes, CRLF included. */
    LineFormat TCP = new LineFormat() {
        @Override
        public int encodedLength(EncodedLine line) {
            return line.length();
        }

        @Override
        public int encode(EncodedLine line, byte[] dst, int off) {
            System.arraycopy(line.array(), 0, dst, off, line.length());
            return off + line.length();
        }
    };

    /** Bytes {@link #encode} writes for this line (at most 512 plus a small header). */
    int encodedLength(EncodedLine line);

    /**
     * Writes the line's wire form into {@code dst} at {@code off}, which has room for
     * {@link #encodedLength} bytes.
     *
     * @return the offset just past what was written
     */
    int encode(EncodedLine line, byte[] dst, int off);
}
