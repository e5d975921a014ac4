package vn.cantho.ioc.lighting.fault;

import java.util.Optional;

/**
 * The lamp faults this module detects, each with the TALQ 2.7.1 LampMonitorFunction event it stands
 * for (docs/lighting.md, "Faults"), so that a TALQ gateway's own events and ours name the same
 * thing.
 */
public enum FaultKind {
  LAMP_OUT("Đèn không sáng", "Lamp out", "lampFailure"),
  DAY_BURNER("Đèn sáng ban ngày", "Day burner", "lampUnexpectedOn"),
  POWER_HIGH("Công suất quá cao", "Power too high", "lampPowerTooHigh"),
  POWER_LOW("Công suất quá thấp", "Power too low", "lampPowerTooLow"),
  CYCLING("Đèn chập chờn, bật tắt liên tục", "Cycling", "cyclingFailure"),
  /** TALQ's lamp monitor has no such event: the management system infers it from silence. */
  COMM_LOSS("Mất liên lạc", "Communication lost", null);

  private final String labelVi;
  private final String labelEn;
  private final String talqEvent;

  FaultKind(String labelVi, String labelEn, String talqEvent) {
    this.labelVi = labelVi;
    this.labelEn = labelEn;
    this.talqEvent = talqEvent;
  }

  public String labelVi() {
    return labelVi;
  }

  public String labelEn() {
    return labelEn;
  }

  public Optional<String> talqEvent() {
    return Optional.ofNullable(talqEvent);
  }
}
