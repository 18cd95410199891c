package dev.chatscale.netty;

import dev.chatscale.protocol.metrics.Metrics;
import dev.chatscale.protocol.state.Hub;
import dev.chatscale.protocol.wire.EncodedLine;
import java.util.function.BiFunction;

/**
 * What every {@link ChannelOutbound} of a server shares: the SendQ bound, the metrics, and how to
 * build the {@code ERROR :Closing Link: <ip> (<reason>)} line. One instance per server, so a
 * connection pays one reference for all of it.
 *
 * @param maxSendQBytes the per-connection SendQ bound in bytes
 * @param metrics where SendQ drops are counted
 * @param closingLink (peer IP, reason) to the closing-link line, normally {@link Hub#closingLink}
 */
record OutboundSettings(int maxSendQBytes, Metrics metrics, BiFunction<String, String, EncodedLine> closingLink) {
    static OutboundSettings of(Hub hub) {
        return new OutboundSettings(hub.config().maxSendQBytes(), hub.metrics(), hub::closingLink);
    }
}
