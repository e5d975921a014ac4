package vn.cantho.ioc.deploy;

import java.nio.file.Path;
import vn.cantho.ioc.core.store.DatabaseConfig;

/**
 * Everything a node needs to run against a database and a broker, embedded or external.
 *
 * @param registryFile devices to register at start, or null
 */
record ServerSettings(
    DatabaseConfig database,
    String mqttUri,
    String mqttUser,
    char[] mqttPassword,
    String httpHost,
    int httpPort,
    Path registryFile) {}
