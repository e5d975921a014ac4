package vn.cantho.ioc.sim.opcua;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;

/**
 * The simulator's address space: a pumping station folder and a lighting cabinet folder under
 * Objects, each variable read-only, with values pushed in by {@link #update(Instant)}.
 */
final class StationNamespace extends ManagedNamespaceWithLifecycle {
  private final SubscriptionModel subscriptionModel;
  private final Map<String, UaVariableNode> variables = new ConcurrentHashMap<>();
  private final PumpingStationModel station = new PumpingStationModel();
  private final LightingCabinetModel cabinet = new LightingCabinetModel();

  StationNamespace(OpcUaServer server) {
    super(server, StationNodes.NAMESPACE_URI);
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
    booleanVariable(station, StationNodes.PUMP_1, "Pump1");
    booleanVariable(station, StationNodes.PUMP_2, "Pump2");
    booleanVariable(station, StationNodes.PUMP_3, "Pump3");
    doubleVariable(station, StationNodes.GATE_POSITION, "GatePosition");

    UaFolderNode cabinet = folder(StationNodes.CABINET, "Tủ chiếu sáng Ninh Kiều 01");
    booleanVariable(cabinet, StationNodes.CONTACTOR_ON, "ContactorOn");
    doubleVariable(cabinet, StationNodes.TOTAL_POWER, "TotalPower");
    doubleVariable(cabinet, StationNodes.VOLTAGE, "Voltage");
    doubleVariable(cabinet, StationNodes.CURRENT, "Current");
  }

  /** Sets every variable to the models' values at {@code at}, stamped with that source time. */
  void update(Instant at) {
    PumpingStationModel.State s = station.at(at);
    LightingCabinetModel.State c = cabinet.at(at);
    DateTime sourceTime = new DateTime(at);
    set(StationNodes.LEVEL_INSIDE, s.levelInsideCm(), sourceTime);
    set(StationNodes.LEVEL_OUTSIDE, s.levelOutsideCm(), sourceTime);
    set(StationNodes.PUMP_1, s.pump1(), sourceTime);
    set(StationNodes.PUMP_2, s.pump2(), sourceTime);
    set(StationNodes.PUMP_3, s.pump3(), sourceTime);
    set(StationNodes.GATE_POSITION, s.gatePositionPercent(), sourceTime);
    set(StationNodes.CONTACTOR_ON, c.contactorOn(), sourceTime);
    set(StationNodes.TOTAL_POWER, c.totalPowerW(), sourceTime);
    set(StationNodes.VOLTAGE, c.voltageV(), sourceTime);
    set(StationNodes.CURRENT, c.currentA(), sourceTime);
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
        UaVariableNode.builder(getNodeContext())
            .setNodeId(newNodeId(identifier))
            .setBrowseName(newQualifiedName(browseName))
            .setDisplayName(LocalizedText.english(browseName))
            .setDataType(dataType)
            .setTypeDefinition(NodeIds.BaseDataVariableType)
            .setAccessLevel(AccessLevel.READ_ONLY)
            .setUserAccessLevel(AccessLevel.READ_ONLY)
            .setValue(new DataValue(new Variant(initial)))
            .build();
    getNodeManager().addNode(node);
    parent.addOrganizes(node);
    variables.put(identifier, node);
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
