package vn.cantho.ioc.sim.opcua;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.methods.AbstractMethodInvocationHandler;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaMethodNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilter;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilterContext;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;

/**
 * The simulator's address space: a pumping station folder and a lighting cabinet folder under
 * Objects, with values pushed in by {@link #update(Instant)}. The cabinet's {@code Switch} and
 * {@code DimLevel}, like its {@code SetLight} method, take a command: the cabinet then follows it
 * until its timer next switches. The station's {@code Pump1}–{@code Pump3} and {@code
 * GateSetpoint}, like its {@code SetPump} method, take an actuator out of the PLC's automatic until
 * {@code SetAuto} is called. Every other variable is read-only.
 */
final class StationNamespace extends ManagedNamespaceWithLifecycle {
  private final SubscriptionModel subscriptionModel;
  private final Map<String, UaVariableNode> variables = new ConcurrentHashMap<>();
  private final PumpingStationModel station = new PumpingStationModel();
  private final LightingCabinetModel cabinet = new LightingCabinetModel();
  private final Clock clock;

  // Guarded by this: the last remote command, or null while the timer rules.
  private LightingCabinetModel.RemoteOverride override;

  StationNamespace(OpcUaServer server, Clock clock) {
    super(server, StationNodes.NAMESPACE_URI);
    this.clock = clock;
    // Milo 1.1 leaves sampling of monitored items to the namespace; SubscriptionModel samples
    // the node attributes at each item's sampling interval.
    subscriptionModel = new SubscriptionModel(server, this);
    getLifecycleManager().addLifecycle(subscriptionModel);
    getLifecycleManager().addStartupTask(this::createNodes);
  }

  private void createNodes() {
    UaFolderNode station = folder(StationNodes.STATION, "Trạm bơm Cái Khế");
    doubleVariable(station, StationNodes.LEVEL_INSIDE, "WaterLevelInside");
    doubleVariable(station, StationNodes.LEVEL_OUTSIDE, "WaterLevelOutside");
    writableVariable(
        station, StationNodes.PUMP_1, "Pump1", NodeIds.Boolean, false, v -> writePump(1, v));
    writableVariable(
        station, StationNodes.PUMP_2, "Pump2", NodeIds.Boolean, false, v -> writePump(2, v));
    writableVariable(
        station, StationNodes.PUMP_3, "Pump3", NodeIds.Boolean, false, v -> writePump(3, v));
    doubleVariable(station, StationNodes.GATE_POSITION, "GatePosition");
    writableVariable(
        station,
        StationNodes.GATE_SETPOINT,
        "GateSetpoint",
        NodeIds.Double,
        0.0,
        this::writeGateSetpoint);
    booleanVariable(station, StationNodes.AUTO, "Auto");
    method(
        station,
        StationNodes.SET_PUMP,
        "SetPump",
        "Runs or stops one pump (1–3).",
        node ->
            new CommandMethod(
                node,
                in -> {
                  int pump = (Integer) in[0];
                  if (pump < 1 || pump > 3) {
                    throw CommandMethod.outOfRange(0, 2);
                  }
                  commandPump(pump, (Boolean) in[1]);
                },
                new CommandMethod.Input("pump", NodeIds.Int32, "pump number, 1–3"),
                new CommandMethod.Input("on", NodeIds.Boolean, "true runs the pump")));
    method(
        station,
        StationNodes.SET_AUTO,
        "SetAuto",
        "Hands every pump and the gate back to the station's PLC.",
        node -> new CommandMethod(node, in -> setAuto()));

    UaFolderNode cabinet = folder(StationNodes.CABINET, "Tủ chiếu sáng Ninh Kiều 01");
    booleanVariable(cabinet, StationNodes.CONTACTOR_ON, "ContactorOn");
    doubleVariable(cabinet, StationNodes.TOTAL_POWER, "TotalPower");
    doubleVariable(cabinet, StationNodes.VOLTAGE, "Voltage");
    doubleVariable(cabinet, StationNodes.CURRENT, "Current");
    writableVariable(
        cabinet, StationNodes.SWITCH, "Switch", NodeIds.Boolean, false, this::writeSwitch);
    writableVariable(
        cabinet, StationNodes.DIM_LEVEL, "DimLevel", NodeIds.Double, 100.0, this::writeDimLevel);
    // SetLight(on, dim): both at once, so the change is atomic.
    method(
        cabinet,
        StationNodes.SET_LIGHT,
        "SetLight",
        "Switches the cabinet on or off and sets its dim level.",
        node ->
            new CommandMethod(
                node,
                in -> {
                  double dim = (Double) in[1];
                  if (!validPercent(dim)) {
                    throw CommandMethod.outOfRange(1, 2);
                  }
                  commandCabinet((Boolean) in[0], dim);
                },
                new CommandMethod.Input("on", NodeIds.Boolean, "true closes the contactor"),
                new CommandMethod.Input("dim", NodeIds.Double, "lamp level, 0–100 %")));
  }

  /** Sets every variable to the models' values at {@code at}, stamped with that source time. */
  synchronized void update(Instant at) {
    PumpingStationModel.State s = station.step(at);
    LightingCabinetModel.State c = cabinet.at(at, override);
    DateTime sourceTime = new DateTime(at);
    set(StationNodes.LEVEL_INSIDE, s.levelInsideCm(), sourceTime);
    set(StationNodes.LEVEL_OUTSIDE, s.levelOutsideCm(), sourceTime);
    set(StationNodes.PUMP_1, s.pump1(), sourceTime);
    set(StationNodes.PUMP_2, s.pump2(), sourceTime);
    set(StationNodes.PUMP_3, s.pump3(), sourceTime);
    set(StationNodes.GATE_POSITION, s.gatePositionPercent(), sourceTime);
    set(StationNodes.GATE_SETPOINT, s.gateSetpointPercent(), sourceTime);
    set(StationNodes.AUTO, s.auto(), sourceTime);
    set(StationNodes.CONTACTOR_ON, c.contactorOn(), sourceTime);
    set(StationNodes.TOTAL_POWER, c.totalPowerW(), sourceTime);
    set(StationNodes.VOLTAGE, c.voltageV(), sourceTime);
    set(StationNodes.CURRENT, c.currentA(), sourceTime);
    set(StationNodes.SWITCH, c.contactorOn(), sourceTime);
    set(StationNodes.DIM_LEVEL, c.dimPercent(), sourceTime);
  }

  /**
   * Applies a remote command to the cabinet and publishes its new state at once.
   *
   * @param on the new output, or null to keep the present one
   * @param dimPercent the new level, or null to keep the present one
   */
  synchronized void commandCabinet(Boolean on, Double dimPercent) {
    Instant now = clock.instant();
    LightingCabinetModel.Output current = cabinet.at(now, override).output();
    LightingCabinetModel.Output next =
        new LightingCabinetModel.Output(
            on != null ? on : current.on(), dimPercent != null ? dimPercent : current.dimPercent());
    override = LightingCabinetModel.override(now, next);
    update(now);
  }

  /** Applies a remote command to a pump and publishes the station's new state at once. */
  synchronized void commandPump(int pump, boolean on) {
    Instant now = clock.instant();
    station.step(now);
    station.commandPump(pump, on);
    update(now);
  }

  /** Applies a remote gate setpoint and publishes the station's new state at once. */
  synchronized void commandGate(double percent) {
    Instant now = clock.instant();
    station.step(now);
    station.commandGate(percent);
    update(now);
  }

  /** Hands the station back to its PLC and publishes its new state at once. */
  synchronized void setAuto() {
    Instant now = clock.instant();
    station.step(now);
    station.setAuto();
    update(now);
  }

  private void writePump(int pump, Object value) throws UaException {
    if (!(value instanceof Boolean on)) {
      throw new UaException(StatusCodes.Bad_TypeMismatch);
    }
    commandPump(pump, on);
  }

  private void writeGateSetpoint(Object value) throws UaException {
    if (!(value instanceof Double percent)) {
      throw new UaException(StatusCodes.Bad_TypeMismatch);
    }
    if (!validPercent(percent)) {
      throw new UaException(StatusCodes.Bad_OutOfRange, "GateSetpoint must be 0–100 %");
    }
    commandGate(percent);
  }

  private void writeSwitch(Object value) throws UaException {
    if (!(value instanceof Boolean on)) {
      throw new UaException(StatusCodes.Bad_TypeMismatch);
    }
    commandCabinet(on, null);
  }

  private void writeDimLevel(Object value) throws UaException {
    if (!(value instanceof Double dim)) {
      throw new UaException(StatusCodes.Bad_TypeMismatch);
    }
    if (!validPercent(dim)) {
      throw new UaException(StatusCodes.Bad_OutOfRange, "DimLevel must be 0–100 %");
    }
    commandCabinet(null, dim);
  }

  private static boolean validPercent(double percent) {
    return percent >= 0 && percent <= 100; // false for NaN
  }

  private void set(String identifier, Object value, DateTime sourceTime) {
    UaVariableNode node = variables.get(identifier);
    if (node != null) {
      node.setValue(new DataValue(new Variant(value), StatusCode.GOOD, sourceTime, DateTime.now()));
    }
  }

  private UaFolderNode folder(String identifier, String displayName) {
    UaFolderNode folder =
        new UaFolderNode(
            getNodeContext(),
            newNodeId(identifier),
            newQualifiedName(identifier),
            LocalizedText.english(displayName));
    getNodeManager().addNode(folder);
    folder.addReference(
        new Reference(
            folder.getNodeId(),
            NodeIds.Organizes,
            NodeIds.ObjectsFolder.expanded(),
            Reference.Direction.INVERSE));
    return folder;
  }

  private void doubleVariable(UaFolderNode parent, String identifier, String browseName) {
    variable(parent, identifier, browseName, NodeIds.Double, 0.0);
  }

  private void booleanVariable(UaFolderNode parent, String identifier, String browseName) {
    variable(parent, identifier, browseName, NodeIds.Boolean, false);
  }

  private void variable(
      UaFolderNode parent, String identifier, String browseName, NodeId dataType, Object initial) {
    UaVariableNode node =
        variableNode(identifier, browseName, dataType, initial, AccessLevel.READ_ONLY);
    getNodeManager().addNode(node);
    parent.addOrganizes(node);
    variables.put(identifier, node);
  }

  /** A base data variable of this namespace, not yet added; read-only or writable. */
  private UaVariableNode variableNode(
      String identifier,
      String browseName,
      NodeId dataType,
      Object initial,
      java.util.Set<AccessLevel> access) {
    return UaVariableNode.builder(getNodeContext())
        .setNodeId(newNodeId(identifier))
        .setBrowseName(newQualifiedName(browseName))
        .setDisplayName(LocalizedText.english(browseName))
        .setDataType(dataType)
        .setTypeDefinition(NodeIds.BaseDataVariableType)
        .setAccessLevel(access)
        .setUserAccessLevel(access)
        .setValue(new DataValue(new Variant(initial)))
        .build();
  }

  /** A variable that clients may write; {@code onWrite} validates and applies the new value. */
  private void writableVariable(
      UaFolderNode parent,
      String identifier,
      String browseName,
      NodeId dataType,
      Object initial,
      ValueWriter onWrite) {
    UaVariableNode node =
        variableNode(identifier, browseName, dataType, initial, AccessLevel.READ_WRITE);
    // Milo has checked the access level and the data type (Bad_NotWritable, Bad_TypeMismatch)
    // before a write reaches the filter. The filter applies the command, which sets the value.
    node.getFilterChain()
        .addLast(
            new AttributeFilter() {
              @Override
              public void writeAttribute(
                  AttributeFilterContext ctx, AttributeId attributeId, Object value)
                  throws UaException {
                if (attributeId != AttributeId.Value) {
                  ctx.writeAttribute(attributeId, value);
                  return;
                }
                onWrite.write(value instanceof DataValue dv ? dv.value().value() : null);
              }
            });
    getNodeManager().addNode(node);
    parent.addOrganizes(node);
    variables.put(identifier, node);
  }

  /** A method on {@code parent}, its arguments and behaviour given by the handler. */
  private void method(
      UaFolderNode parent,
      String identifier,
      String browseName,
      String description,
      Function<UaMethodNode, AbstractMethodInvocationHandler> handlerOf) {
    UaMethodNode method =
        UaMethodNode.builder(getNodeContext())
            .setNodeId(newNodeId(identifier))
            .setBrowseName(newQualifiedName(browseName))
            .setDisplayName(LocalizedText.english(browseName))
            .setDescription(LocalizedText.english(description))
            .setExecutable(true)
            .setUserExecutable(true)
            .build();
    AbstractMethodInvocationHandler handler = handlerOf.apply(method);
    method.setInputArguments(handler.getInputArguments());
    method.setOutputArguments(handler.getOutputArguments());
    method.setInvocationHandler(handler);
    getNodeManager().addNode(method);
    method.addReference(
        new Reference(
            method.getNodeId(),
            NodeIds.HasComponent,
            parent.getNodeId().expanded(),
            Reference.Direction.INVERSE));
  }

  @FunctionalInterface
  private interface ValueWriter {
    void write(Object value) throws UaException;
  }

  @Override
  public void onDataItemsCreated(List<DataItem> dataItems) {
    subscriptionModel.onDataItemsCreated(dataItems);
  }

  @Override
  public void onDataItemsModified(List<DataItem> dataItems) {
    subscriptionModel.onDataItemsModified(dataItems);
  }

  @Override
  public void onDataItemsDeleted(List<DataItem> dataItems) {
    subscriptionModel.onDataItemsDeleted(dataItems);
  }

  @Override
  public void onMonitoringModeChanged(List<MonitoredItem> monitoredItems) {
    subscriptionModel.onMonitoringModeChanged(monitoredItems);
  }
}
