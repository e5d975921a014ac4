package vn.cantho.ioc.lighting;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import vn.cantho.ioc.core.command.CommandReplies;
import vn.cantho.ioc.core.command.CommandStatus;
import vn.cantho.ioc.core.command.Delivery;
import vn.cantho.ioc.core.command.Downlink;
import vn.cantho.ioc.core.command.OutgoingCommand;
import vn.cantho.ioc.core.device.Device;

/** A transport whose lights all carry out what they are told at once; it keeps what it sent. */
final class AnsweringDownlink implements Downlink {
  private final CommandReplies replies;
  final List<OutgoingCommand> sent = new CopyOnWriteArrayList<>();

  AnsweringDownlink(CommandReplies replies) {
    this.replies = replies;
  }

  @Override
  public String name() {
    return "answering";
  }

  @Override
  public boolean reaches(Device device, String action) {
    return true;
  }

  @Override
  public CompletionStage<Delivery> send(OutgoingCommand command) {
    sent.add(command);
    replies.reply(command.id(), command.device().id(), CommandStatus.ACKNOWLEDGED, null);
    return CompletableFuture.completedFuture(Delivery.sent());
  }
}
