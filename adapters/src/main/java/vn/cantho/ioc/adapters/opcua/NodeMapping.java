package vn.cantho.ioc.adapters.opcua;

/**
 * One OPC UA variable and the reading it becomes.
 *
 * @param nodeId a parseable NodeId; {@code nsu=<namespace URI>;s=...} survives a server that
 *     renumbers its namespaces, {@code ns=<index>;s=...} is accepted too
 * @param deviceId the device in the registry
 * @param metric a catalog metric of the device's domain
 * @param samplingIntervalMs how often the server samples the variable
 */
public record NodeMapping(String nodeId, String deviceId, String metric, long samplingIntervalMs) {}
