package vn.cantho.ioc.adapters.opcua;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodResult;
import org.eclipse.milo.opcua.stack.core.types.structured.CallResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.cantho.ioc.core.command.CommandStatus;
import vn.cantho.ioc.core.command.Delivery;
import vn.cantho.ioc.core.command.Downlink;
import vn.cantho.ioc.core.command.OutgoingCommand;
import vn.cantho.ioc.core.device.Device;

/**
 * Carries commands to the devices an OPC UA server exposes, by the mapping file's {@code commands}
 * section: each parameter is written to its variable in one Write request, or a method is called
 * with the parameters as its inputs. The server's StatusCodes are the device's answer, so the
 * delivery is final at once (docs/opcua.md, "Commands (downlink)"):
 *
 * <ul>
 *   <li>every result Good: {@link CommandStatus#ACKNOWLEDGED};
 *   <li>the server refused the value (Bad_OutOfRange, Bad_TypeMismatch, Bad_NotWritable,
 *       Bad_UserAccessDenied, Bad_WriteNotSupported, Bad_InvalidArgument and the method-call
 *       equivalents), or a parameter that cannot be sent as the mapped type: {@link
 *       CommandStatus#REJECTED} with the StatusCode's name;
 *   <li>anything else (no session, Bad_Timeout, a closed connection or session, an unknown node, an
 *       exception): {@link CommandStatus#FAILED} with the reason.
 * </ul>
 *
 * <p>Uses the ingest adapter's client, so the IOC keeps one session per server. Never blocks the
 * caller: Milo's asynchronous Write and Call complete the returned stage on Milo's threads.
 */
public final class OpcUaDownlink implements Downlink {
  private static final Logger LOG = LoggerFactory.getLogger(OpcUaDownlink.class);

  /** StatusCodes that mean "the server (device) will not do this", not "it did not get there". */
  static final Set<Long> REJECTING =
      Set.of(
          StatusCodes.Bad_OutOfRange,
          StatusCodes.Bad_TypeMismatch,
          StatusCodes.Bad_NotWritable,
          StatusCodes.Bad_UserAccessDenied,
          StatusCodes.Bad_WriteNotSupported,
          StatusCodes.Bad_InvalidArgument,
          StatusCodes.Bad_NotExecutable,
          StatusCodes.Bad_ArgumentsMissing,
          StatusCodes.Bad_TooManyArguments);

  /** The session the downlink sends through; the ingest adapter's. */
  interface Session {
    /** The client while its session is active, else empty. */
    Optional<OpcUaClient> activeClient();

    /** Why there is no session, for the FAILED detail. */
    String problem();
  }

  private final String endpointUrl;
  private final Map<String, CommandMapping> byDeviceAndAction = new HashMap<>();
  private final Session session;
  private final Clock clock;

  OpcUaDownlink(OpcUaMapping mapping, Session session, Clock clock) {
    this.endpointUrl = mapping.endpointUrl();
    for (CommandMapping c : mapping.commands()) {
      byDeviceAndAction.put(key(c.deviceId(), c.action()), c);
    }
    this.session = session;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "opcua";
  }

  @Override
  public boolean reaches(Device device, String action) {
    return byDeviceAndAction.containsKey(key(device.id(), action));
  }

  // Every failure, whatever its kind, becomes a FAILED delivery rather than an exception.
  @SuppressWarnings("CatchingUnchecked")
  @Override
  public CompletionStage<Delivery> send(OutgoingCommand command) {
    try {
      return sendChecked(command).exceptionally(e -> failure(command, e)).toCompletableFuture();
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(failure(command, e));
    }
  }

  private CompletableFuture<Delivery> sendChecked(OutgoingCommand command) {
    CommandMapping mapping = byDeviceAndAction.get(key(command.device().id(), command.action()));
    if (mapping == null) {
      return done(
          Delivery.failed(
              "no OPC UA mapping for action " + command.action() + " of " + command.device().id()));
    }
    if (!clock.instant().isBefore(command.deadline())) {
      return done(Delivery.failed("deadline passed before sending"));
    }
    Optional<OpcUaClient> client = session.activeClient();
    if (client.isEmpty()) {
      return done(
          Delivery.failed("no OPC UA session with " + endpointUrl + ": " + session.problem()));
    }
    JsonObject params = command.params() == null ? new JsonObject() : command.params();
    return mapping.call() != null
        ? call(client.get(), mapping.call(), params)
        : write(client.get(), mapping.writes(), params);
  }

  private CompletableFuture<Delivery> write(
      OpcUaClient client, List<CommandMapping.ParamWrite> writes, JsonObject params) {
    List<CommandMapping.ParamWrite> sent = new ArrayList<>();
    List<Variant> values = new ArrayList<>();
    for (CommandMapping.ParamWrite w : writes) {
      if (!params.containsKey(w.param())) {
        continue; // a set with only "state" leaves the dim level alone
      }
      try {
        values.add(w.dataType().toVariant(params.getValue(w.param())));
      } catch (IllegalArgumentException e) {
        return done(rejected(w.param() + ": " + e.getMessage()));
      }
      sent.add(w);
    }
    Optional<String> unmapped =
        params.fieldNames().stream()
            .filter(p -> writes.stream().noneMatch(w -> w.param().equals(p)))
            .findFirst();
    if (unmapped.isPresent()) {
      return done(rejected("parameter " + unmapped.get() + " is not mapped to a variable"));
    }
    if (sent.isEmpty()) {
      return done(rejected("no parameter to write"));
    }
    return resolve(client, sent.stream().map(CommandMapping.ParamWrite::nodeId).toList())
        .thenCompose(
            nodeIds -> {
              List<WriteValue> request = new ArrayList<>();
              for (int i = 0; i < nodeIds.size(); i++) {
                request.add(
                    new WriteValue(
                        nodeIds.get(i),
                        AttributeId.Value.uid(),
                        null,
                        DataValue.valueOnly(values.get(i))));
              }
              return client.writeAsync(request);
            })
        .thenApply(response -> writeOutcome(sent, response));
  }

  private static Delivery writeOutcome(
      List<CommandMapping.ParamWrite> sent, WriteResponse response) {
    StatusCode service = response.getResponseHeader().getServiceResult();
    if (service.isBad()) {
      return Delivery.failed(DataValueConverter.statusName(service));
    }
    StatusCode[] results = response.getResults();
    if (results == null || results.length != sent.size()) {
      return Delivery.failed(
          "the server answered "
              + (results == null ? 0 : results.length)
              + " results for "
              + sent.size()
              + " writes");
    }
    List<String> params = sent.stream().map(CommandMapping.ParamWrite::param).toList();
    return outcome(params, List.of(results));
  }

  /**
   * One answer from the StatusCodes of a Write: FAILED before REJECTED before ACKNOWLEDGED, with
   * each parameter that was not Good named, and the ones that were written listed too (a Write of
   * several variables is not atomic; a method call is).
   */
  static Delivery outcome(List<String> params, List<StatusCode> results) {
    List<String> bad = new ArrayList<>();
    List<String> written = new ArrayList<>();
    boolean failed = false;
    for (int i = 0; i < results.size(); i++) {
      StatusCode s = results.get(i);
      if (s.isGood()) {
        written.add(params.get(i));
        continue;
      }
      failed |= !REJECTING.contains(s.getValue());
      bad.add(params.get(i) + ": " + DataValueConverter.statusName(s));
    }
    if (bad.isEmpty()) {
      return new Delivery(CommandStatus.ACKNOWLEDGED, null);
    }
    String detail = String.join("; ", bad);
    if (!written.isEmpty()) {
      detail += " (written: " + String.join(", ", written) + ")";
    }
    return new Delivery(failed ? CommandStatus.FAILED : CommandStatus.REJECTED, detail);
  }

  private CompletableFuture<Delivery> call(
      OpcUaClient client, CommandMapping.MethodCall call, JsonObject params) {
    Variant[] inputs = new Variant[call.inputs().size()];
    for (int i = 0; i < inputs.length; i++) {
      CommandMapping.MethodInput input = call.inputs().get(i);
      if (!params.containsKey(input.param())) {
        return done(rejected("parameter " + input.param() + " is missing"));
      }
      try {
        inputs[i] = input.dataType().toVariant(params.getValue(input.param()));
      } catch (IllegalArgumentException e) {
        return done(rejected(input.param() + ": " + e.getMessage()));
      }
    }
    Optional<String> unmapped =
        params.fieldNames().stream()
            .filter(p -> call.inputs().stream().noneMatch(in -> in.param().equals(p)))
            .findFirst();
    if (unmapped.isPresent()) {
      return done(rejected("parameter " + unmapped.get() + " is not an input of the method"));
    }
    return resolve(client, List.of(call.objectId(), call.methodId()))
        .thenCompose(
            ids -> client.callAsync(List.of(new CallMethodRequest(ids.get(0), ids.get(1), inputs))))
        .thenApply(response -> callOutcome(call, response));
  }

  private static Delivery callOutcome(CommandMapping.MethodCall call, CallResponse response) {
    StatusCode service = response.getResponseHeader().getServiceResult();
    if (service.isBad()) {
      return Delivery.failed(DataValueConverter.statusName(service));
    }
    CallMethodResult[] results = response.getResults();
    if (results == null || results.length != 1) {
      return Delivery.failed("the server answered no result for the method call");
    }
    StatusCode status = results[0].getStatusCode();
    if (status.isGood()) {
      return new Delivery(CommandStatus.ACKNOWLEDGED, null);
    }
    String detail = DataValueConverter.statusName(status);
    StatusCode[] perInput = results[0].getInputArgumentResults();
    if (perInput != null) {
      List<String> badInputs = new ArrayList<>();
      for (int i = 0; i < perInput.length && i < call.inputs().size(); i++) {
        if (!perInput[i].isGood()) {
          badInputs.add(
              call.inputs().get(i).param() + " " + DataValueConverter.statusName(perInput[i]));
        }
      }
      if (!badInputs.isEmpty()) {
        detail += ": " + String.join(", ", badInputs);
      }
    }
    return new Delivery(
        REJECTING.contains(status.getValue()) ? CommandStatus.REJECTED : CommandStatus.FAILED,
        detail);
  }

  /**
   * The NodeIds in the server's current numbering. {@code nsu=} ids are resolved against the
   * client's copy of the namespace table, read again once when a namespace is missing from it.
   */
  private static CompletableFuture<List<NodeId>> resolve(OpcUaClient client, List<String> ids) {
    List<ExpandedNodeId> parsed = ids.stream().map(ExpandedNodeId::parse).toList();
    Optional<List<NodeId>> known = resolve(parsed, client.getNamespaceTable());
    if (known.isPresent()) {
      return CompletableFuture.completedFuture(known.get());
    }
    return client
        .readNamespaceTableAsync()
        .thenApply(
            table ->
                resolve(parsed, table)
                    .orElseThrow(
                        () ->
                            new CompletionException(
                                new UaException(
                                    StatusCodes.Bad_NodeIdUnknown,
                                    "namespace not served by this server"))));
  }

  private static Optional<List<NodeId>> resolve(List<ExpandedNodeId> ids, NamespaceTable table) {
    List<NodeId> resolved = new ArrayList<>(ids.size());
    for (ExpandedNodeId id : ids) {
      Optional<NodeId> nodeId = id.toNodeId(table);
      if (nodeId.isEmpty()) {
        return Optional.empty();
      }
      resolved.add(nodeId.get());
    }
    return Optional.of(resolved);
  }

  private Delivery failure(OutgoingCommand command, Throwable e) {
    Throwable cause = e;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    String reason =
        cause instanceof UaException ua
            ? DataValueConverter.statusName(ua.getStatusCode())
                + (ua.getMessage() == null ? "" : ": " + ua.getMessage())
            : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    LOG.warn(
        "OPC UA command {} ({} of {}) failed: {}",
        command.id(),
        command.action(),
        command.device().id(),
        reason);
    return Delivery.failed(reason);
  }

  private static Delivery rejected(String detail) {
    return new Delivery(CommandStatus.REJECTED, detail);
  }

  private static CompletableFuture<Delivery> done(Delivery delivery) {
    return CompletableFuture.completedFuture(delivery);
  }

  private static String key(String deviceId, String action) {
    return deviceId + "\n" + action;
  }
}
