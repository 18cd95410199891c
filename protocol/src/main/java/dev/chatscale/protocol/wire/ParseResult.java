package dev.chatscale.protocol.wire;

/**
 * What {@link IrcParser} makes of one line: a message, nothing (an empty or verb-less line, ignored
 * silently), or a typed error. Peer input never makes the parser throw.
 */
public sealed interface ParseResult permits IrcMessage, ParseResult.Empty, ParseResult.TooLong {

    /** Nothing to do: an empty line, or one that held only tags and/or a source. */
    record Empty() implements ParseResult {}

    /**
     * The line exceeds 512 bytes including CRLF (tags excluded): reply
     * {@code 417 <me> :Input line was too long} and drop it.
     *
     * @param bytes the length of the line without tags and terminator
     */
    record TooLong(int bytes) implements ParseResult {}

    /** The shared {@link Empty} instance. */
    Empty EMPTY = new Empty();
}
