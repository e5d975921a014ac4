package vn.cantho.ioc.boundaryprobe;

import vn.cantho.ioc.core.feature.IocFeature;
import vn.cantho.ioc.deploy.Main;
import vn.cantho.ioc.geo.ZoneIndex;
import vn.cantho.ioc.ingest.IngestPipeline;
import vn.cantho.ioc.water.WaterFeature;

/**
 * A would-be feature that reaches past the kernel on purpose: into another feature it did not
 * declare, into ingest and into the wiring. Never loaded; {@code ModuleBoundariesTest} checks that
 * its feature rule catches exactly these three and lets the kernel's classes pass.
 */
public final class CarelessFeature {
  IocFeature seam;
  ZoneIndex zones;
  WaterFeature otherFeature;
  IngestPipeline pipeline;
  Main wiring;
}
