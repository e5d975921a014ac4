package vn.cantho.ioc.core.reading;

/** How far a reading can be trusted; stored as its ordinal, so only append new values. */
public enum Quality {
  GOOD,
  UNCERTAIN,
  BAD
}
