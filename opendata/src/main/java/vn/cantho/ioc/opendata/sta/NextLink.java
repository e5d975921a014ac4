package vn.cantho.ioc.opendata.sta;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The {@code @iot.nextLink} of a page (§9.3.3.7): the same request, skipping what it showed. */
final class NextLink {
  private NextLink() {}

  static String of(String base, String rawPath, Map<String, String> params, QueryOptions options) {
    Map<String, String> next = new LinkedHashMap<>(params);
    next.put("$top", Integer.toString(options.top()));
    next.put("$skip", Integer.toString(options.skip() + options.top()));
    return base
        + "/"
        + rawPath
        + "?"
        + next.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%24", "$");
  }
}
