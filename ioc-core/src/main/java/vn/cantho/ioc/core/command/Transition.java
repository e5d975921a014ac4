package vn.cantho.ioc.core.command;

import java.time.Instant;
import java.util.UUID;
import vn.cantho.ioc.core.device.Device;

/** A command moving to a status, as the service decided it; the store applies it or not. */
record Transition(
    UUID id, Device device, CommandStatus status, String detail, String transport, Instant at) {}
