package vn.cantho.ioc.core.command;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import vn.cantho.ioc.core.device.Device;

/**
 * A transport for tests: records what it is asked to send and answers as each device is scripted
 * to. By default a device takes the command (SENT) and says nothing, as a device offline behind a
 * broker would; the test answers for it through {@link CommandReplies}. Public in the test-jar, so
 * features' tests command devices the same way.
 */
public final class ScriptedDownlink implements Downlink {
  /** How a scripted device answers. */
  public enum Behaviour {
    SILENT,
    ACKNOWLEDGE,
    REJECT,
    TRANSPORT_FAILS
  }

  private final CommandReplies replies;
  private final Behaviour byDefault;
  private final Map<String, Behaviour> script = new ConcurrentHashMap<>();

  /** What it was asked to send, in order. */
  public final List<OutgoingCommand> sent = new CopyOnWriteArrayList<>();

  /** Devices not scripted otherwise stay silent. */
  public ScriptedDownlink(CommandReplies replies) {
    this(replies, Behaviour.SILENT);
  }

  public ScriptedDownlink(CommandReplies replies, Behaviour byDefault) {
    this.replies = replies;
    this.byDefault = byDefault;
  }

  public ScriptedDownlink behave(String deviceId, Behaviour behaviour) {
    script.put(deviceId, behaviour);
    return this;
  }

  public List<OutgoingCommand> sentTo(String deviceId) {
    return sent.stream().filter(c -> c.device().id().equals(deviceId)).toList();
  }

  @Override
  public String name() {
    return "scripted";
  }

  @Override
  public boolean reaches(Device device, String action) {
    return true;
  }

  @Override
  public CompletionStage<Delivery> send(OutgoingCommand command) {
    sent.add(command);
    Behaviour b = script.getOrDefault(command.device().id(), byDefault);
    switch (b) {
      case TRANSPORT_FAILS:
        return CompletableFuture.failedFuture(new IllegalStateException("link down"));
      case ACKNOWLEDGE:
        // Answered before the transport reports SENT: the race a fast device wins on a real link.
        replies.reply(command.id(), command.device().id(), CommandStatus.ACKNOWLEDGED, null);
        break;
      case REJECT:
        replies.reply(
            command.id(), command.device().id(), CommandStatus.REJECTED, "dim out of range");
        break;
      case SILENT:
        break;
    }
    return CompletableFuture.completedFuture(Delivery.sent());
  }
}
