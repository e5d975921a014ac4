package vn.cantho.ioc.core.boundaryprobe;

import vn.cantho.ioc.boundaryprobe.CarelessFeature;
import vn.cantho.ioc.core.device.DeviceRegistry;
import vn.cantho.ioc.water.WaterFeature;

/**
 * A kernel class (by its package) that knows features on purpose: water and a feature that does not
 * exist yet. Never loaded; {@code ModuleBoundariesTest} checks that the kernel's rule catches both
 * and lets the kernel's own classes pass.
 */
public final class CarelessKernel {
  DeviceRegistry own;
  WaterFeature water;
  CarelessFeature future;
}
