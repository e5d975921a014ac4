package vn.cantho.ioc.water.notify;

import vn.cantho.ioc.water.rules.ThresholdRule.Direction;

/**
 * The one line of advice a message carries, per metric and direction, in a short form for SMS and a
 * full one for the other channels. The advice is the common first response in Mekong delta
 * extension material (docs/domain.md §1): aerate and stop feeding for low oxygen, exchange water
 * for ammonia, stop river intake for salinity.
 */
record Advice(String shortVi, String shortEn, String fullVi, String fullEn) {
  static Advice of(String metric, Direction direction) {
    return switch (metric) {
      case "do", "do_rate", "do_projected" ->
          new Advice(
              "Bật quạt nước, ngừng cho ăn",
              "Run aerators, stop feeding",
              "bật quạt nước (sục khí), ngừng cho ăn đến khi oxy hồi phục.",
              "run the aerators and stop feeding until oxygen recovers.");
      case "nh3", "tan", "no2" ->
          new Advice(
              "Ngừng cho ăn, thay nước",
              "Stop feeding, change water",
              "ngừng cho ăn, thay bớt nước và tăng sục khí.",
              "stop feeding, exchange some water and aerate.");
      case "ph" ->
          direction == Direction.ABOVE
              ? new Advice(
                  "Thay nước, giảm tảo",
                  "Change water, thin algae",
                  "thay bớt nước, giảm mật độ tảo; không bón vôi.",
                  "exchange some water and thin the algae; do not lime.")
              : new Advice(
                  "Bón vôi, kiểm tra độ kiềm",
                  "Apply lime, check alkalinity",
                  "bón vôi (CaCO3) và kiểm tra độ kiềm.",
                  "apply agricultural lime (CaCO3) and check alkalinity.");
      case "ph_swing" ->
          new Advice(
              "Tảo nở: thay nước, giảm ăn",
              "Algae bloom: change water",
              "tảo phát triển mạnh: thay bớt nước, giảm lượng thức ăn.",
              "an algae bloom: exchange some water and feed less.");
      case "salinity", "salinity_rate" ->
          new Advice(
              "Đóng cống, ngừng lấy nước",
              "Close sluice, stop intake",
              "đóng cống, ngừng lấy nước sông đến khi độ mặn giảm.",
              "close the sluice and stop taking in river water until salinity falls.");
      case "temp" ->
          new Advice(
              "Che mát, tăng mực nước",
              "Shade pond, raise water",
              "che mát và tăng mực nước ao.",
              "shade the pond and raise its water level.");
      case "probe_offline", "probe_fault" ->
          new Advice(
              "Kiểm tra đầu đo ngay",
              "Check the probe now",
              "kiểm tra đầu đo và nguồn điện; theo dõi ao bằng tay đến khi sửa xong.",
              "check the probe and its power; watch the pond by hand until it is fixed.");
      default ->
          new Advice(
              "Kiểm tra ao ngay", "Check the pond now", "kiểm tra ao ngay.", "check the pond now.");
    };
  }
}
