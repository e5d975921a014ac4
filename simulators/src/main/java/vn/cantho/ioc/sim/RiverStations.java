package vn.cantho.ioc.sim;

import java.util.List;

/**
 * The demo's automatic river monitoring stations, whose readings feed the hourly VN_WQI: on the Hậu
 * river at Ninh Kiều and Ô Môn, and on the Cần Thơ river at Cái Răng.
 */
public final class RiverStations {
  private RiverStations() {}

  public static List<SimDevice> demo() {
    return List.of(
        station("wq-song-hau-nk", "Trạm quan trắc sông Hậu (Ninh Kiều)", 105.7880, 10.0360),
        station("wq-song-can-tho", "Trạm quan trắc sông Cần Thơ (Cái Răng)", 105.7600, 10.0050),
        station("wq-song-hau-om", "Trạm quan trắc sông Hậu (Ô Môn)", 105.6300, 10.1150));
  }

  private static SimDevice station(String id, String name, double lon, double lat) {
    return new SimDevice(id, "water", RiverStationModel.TYPE, name, lon, lat, 300, null);
  }
}
