package vn.cantho.ioc.opendata.sta;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resource path of a request below the service root (§9.2): {@code Things(1)/Datastreams},
 * {@code Datastreams(5)/Thing}, {@code Things(1)/name/$value}, {@code Things(1)/Locations/$ref}.
 *
 * @param steps the chain from the first entity set to the addressed one
 * @param property a property of the addressed entity, or null
 * @param value {@code /$value}: the property's raw value
 * @param ref {@code /$ref}: association links only
 */
public record ResourcePath(List<Step> steps, String property, boolean value, boolean ref) {
  private static final Pattern SEGMENT = Pattern.compile("([A-Za-z]+)(?:\\((\\d+)\\))?");

  /**
   * One step: an entity set (first) or a navigation from the previous step, with the id when one
   * entity of it is meant.
   */
  public record Step(EntitySet set, EntitySet.Navigation via, Long id) {
    /** True when this step addresses one entity (by id, or a to-one navigation). */
    boolean single() {
      return id != null || (via != null && !via.many());
    }
  }

  public ResourcePath {
    steps = List.copyOf(steps);
  }

  public Step last() {
    return steps.get(steps.size() - 1);
  }

  public EntitySet target() {
    return last().set();
  }

  /** Addresses one entity (or one entity's property), not a collection. */
  public boolean single() {
    return last().single();
  }

  /** Parses the part after {@code /v1.0/}; empty means the service root, which is not a path. */
  public static ResourcePath parse(String path) {
    String[] parts = path.split("/", -1);
    List<Step> steps = new ArrayList<>();
    String property = null;
    boolean value = false;
    boolean ref = false;
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (part.isEmpty() && i == parts.length - 1 && i > 0) {
        continue; // a trailing slash
      }
      if (property != null) {
        if (part.equals("$value") && !value) {
          value = true;
          continue;
        }
        throw StaException.badRequest("Đường dẫn không hợp lệ sau thuộc tính / bad path: " + path);
      }
      if (part.equals("$ref")) {
        if (steps.isEmpty() || ref) {
          throw StaException.badRequest("$ref cần một thực thể / $ref needs an entity: " + path);
        }
        ref = true;
        continue;
      }
      if (ref) {
        throw StaException.badRequest("Không được gì sau $ref / nothing may follow $ref: " + path);
      }
      Matcher m = SEGMENT.matcher(part);
      if (!m.matches()) {
        throw StaException.badRequest("Phân đoạn không hợp lệ / bad segment: " + part);
      }
      String name = m.group(1);
      Long id = m.group(2) == null ? null : Long.valueOf(m.group(2));
      if (steps.isEmpty()) {
        EntitySet set =
            EntitySet.byPlural(name)
                .orElseThrow(
                    () -> StaException.notFound("Không có tập thực thể / no entity set: " + name));
        steps.add(new Step(set, null, id));
        continue;
      }
      Step previous = steps.get(steps.size() - 1);
      if (!previous.single()) {
        throw StaException.badRequest(
            "Cần chọn một thực thể trước / choose one entity before: " + part);
      }
      var navigation = previous.set().navigation(name);
      if (navigation.isPresent()) {
        if (id != null && !navigation.get().many()) {
          throw StaException.badRequest("Liên kết đơn không có id / a to-one link has no id");
        }
        steps.add(new Step(navigation.get().target(), navigation.get(), id));
      } else if (id == null && previous.set().property(name).isPresent()) {
        property = name;
      } else if (id == null && name.equals("id")) {
        property = "id";
      } else {
        throw StaException.badRequest(
            "Không có thuộc tính hay liên kết / no property or link: " + name);
      }
    }
    if (steps.isEmpty()) {
      throw StaException.notFound("Không có tập thực thể / no entity set");
    }
    if (ref && property != null) {
      throw StaException.badRequest("$ref không đi với thuộc tính / $ref with a property");
    }
    return new ResourcePath(steps, property, value, ref);
  }
}
