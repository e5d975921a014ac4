package vn.cantho.ioc.water.rules;

import java.util.Map;
import java.util.Optional;

/**
 * Which species profile's rules watch a water probe that is in no pond (a pond's own species comes
 * first, from {@code ponds.profile}), by the device's registry type: the simulators' {@code
 * shrimp_pond} is a white-leg shrimp pond, the common one in the former Sóc Trăng.
 */
public final class SpeciesProfiles {
  private static final Map<String, String> BY_DEVICE_TYPE =
      Map.of(
          "pangasius_pond", "pangasius_pond",
          "shrimp_pond", "whiteleg_shrimp_pond",
          "whiteleg_shrimp_pond", "whiteleg_shrimp_pond",
          "black_tiger_shrimp_pond", "black_tiger_shrimp_pond",
          "river_cage", "river_fish_cage",
          "river_fish_cage", "river_fish_cage");

  private SpeciesProfiles() {}

  public static Optional<String> forDeviceType(String type) {
    return Optional.ofNullable(type == null ? null : BY_DEVICE_TYPE.get(type));
  }
}
