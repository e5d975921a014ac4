package vn.cantho.ioc.flood.forecast;

import java.time.Instant;
import java.util.List;

/**
 * What one station's next high waters will be, issued at {@code issuedAt} from the readings before
 * it.
 *
 * @param highWaters the next two, soonest first
 * @param expectedErrorCm how far off the station's verified forecasts of the next high water have
 *     been (median absolute error), or twice the fit's residual while fewer than {@link
 *     ForecastSkill#MIN_VERIFIED} were verified
 * @param expectedTimingErrorMin the same for the time of the high water, in minutes; null until
 *     verified
 * @param verified how many forecasts the expected error stands on (0: from the fit)
 */
public record Forecast(
    String deviceId,
    Instant issuedAt,
    List<HighWater> highWaters,
    double expectedErrorCm,
    Double expectedTimingErrorMin,
    int verified,
    double fitRmsCm,
    double surgeCm,
    int samples) {
  public Forecast {
    highWaters = List.copyOf(highWaters);
  }

  /** The method, as the API names it. */
  public static final String METHOD =
      "harmonic least squares (M2 S2 N2 K1 O1 Q1 M4 MS4, 29 days) + persisted surge";
}
