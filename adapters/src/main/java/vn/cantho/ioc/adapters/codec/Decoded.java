package vn.cantho.ioc.adapters.codec;

import java.util.List;

/**
 * What a payload decodes to: the readings it holds and the items that could not be read, each with
 * its reason. One bad metric never costs the others in the same message.
 */
public record Decoded(List<vn.cantho.ioc.core.reading.Reading> readings, List<ItemError> errors) {

  /** Nothing of the payload could be read. */
  static Decoded whole(String reason) {
    return new Decoded(List.of(), List.of(new ItemError(reason, null)));
  }

  /** A part of the payload (or all of it) that could not become a reading. */
  public record ItemError(String reason, String fragment) {}
}
