package vn.cantho.ioc.sim.flood;

import java.time.Instant;

/** A tidal high water of the truth: the top of one rise-and-fall cycle. */
public record HighWater(String gaugeId, Instant at, double levelCm) {}
