package vn.cantho.ioc.flood.forecast;

import java.time.Instant;

/** A high water: when the tide turns from rising to falling, and how high it stands then. */
public record HighWater(Instant at, double levelCm) {}
