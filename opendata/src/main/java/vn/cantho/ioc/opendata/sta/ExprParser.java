package vn.cantho.ioc.opendata.sta;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * Recursive-descent parser of the OData expressions SensorThings uses in {@code $filter} and {@code
 * $orderby} (§9.3.3.5): comparison, logical and arithmetic operators with OData's precedence,
 * string, number, date-time, boolean, null and {@code geography'…'} literals, property paths and
 * function calls.
 */
public final class ExprParser {
  private static final Pattern TOKEN =
      Pattern.compile(
          "\\s*(?:"
              + "(?<geo>geography'[^']*')"
              + "|(?<time>\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:\\d{2}))"
              + "|(?<num>\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)"
              + "|(?<str>'(?:[^']|'')*')"
              + "|(?<name>[A-Za-z_][A-Za-z0-9_.]*)"
              + "|(?<sym>[()/,-])"
              + ")");
  private static final Set<String> COMPARISONS = Set.of("eq", "ne", "gt", "ge", "lt", "le");

  private final List<String> tokens = new ArrayList<>();
  private int next;

  private ExprParser(String text) {
    Matcher m = TOKEN.matcher(text);
    int at = 0;
    while (at < text.length()) {
      if (!m.find(at) || m.start() != at) {
        if (text.substring(at).isBlank()) {
          break;
        }
        throw StaException.badRequest(
            "Biểu thức không đọc được / cannot read: " + text.substring(at));
      }
      tokens.add(m.group().strip());
      at = m.end();
    }
  }

  /** A {@code $filter} value. */
  public static Expr filter(String text) {
    ExprParser p = new ExprParser(text);
    Expr e = p.or();
    p.end();
    return e;
  }

  /** One {@code $orderby} item's expression (without asc/desc). */
  public static Expr operand(String text) {
    ExprParser p = new ExprParser(text);
    Expr e = p.additive();
    p.end();
    return e;
  }

  private void end() {
    if (next < tokens.size()) {
      throw StaException.badRequest("Thừa sau biểu thức / unexpected: " + tokens.get(next));
    }
  }

  private String peek() {
    return next < tokens.size() ? tokens.get(next) : "";
  }

  private boolean accept(String token) {
    if (peek().equals(token)) {
      next++;
      return true;
    }
    return false;
  }

  private void expect(String token) {
    if (!accept(token)) {
      throw StaException.badRequest(
          "Thiếu '" + token + "' / expected '" + token + "' at " + peek());
    }
  }

  private Expr or() {
    Expr e = and();
    while (accept("or")) {
      e = new Expr.Binary("or", e, and());
    }
    return e;
  }

  private Expr and() {
    Expr e = not();
    while (accept("and")) {
      e = new Expr.Binary("and", e, not());
    }
    return e;
  }

  private Expr not() {
    if (accept("not")) {
      return new Expr.Not(not());
    }
    return comparison();
  }

  private Expr comparison() {
    Expr e = additive();
    if (COMPARISONS.contains(peek())) {
      String op = tokens.get(next++);
      return new Expr.Binary(op, e, additive());
    }
    return e;
  }

  private Expr additive() {
    Expr e = multiplicative();
    while (peek().equals("add") || peek().equals("sub")) {
      String op = tokens.get(next++);
      e = new Expr.Binary(op, e, multiplicative());
    }
    return e;
  }

  private Expr multiplicative() {
    Expr e = unary();
    while (peek().equals("mul") || peek().equals("div") || peek().equals("mod")) {
      String op = tokens.get(next++);
      e = new Expr.Binary(op, e, unary());
    }
    return e;
  }

  private Expr unary() {
    if (accept("-")) {
      return new Expr.Negate(unary());
    }
    return primary();
  }

  private Expr primary() {
    String t = peek();
    if (t.isEmpty()) {
      throw StaException.badRequest("Biểu thức chưa hết / expression ends too early");
    }
    next++;
    if (t.equals("(")) {
      Expr e = or();
      expect(")");
      return e;
    }
    if (t.startsWith("geography'")) {
      try {
        return new Expr.Geography(new WKTReader().read(t.substring(10, t.length() - 1)));
      } catch (ParseException e) {
        throw StaException.badRequest("WKT không hợp lệ / bad WKT: " + t);
      }
    }
    if (t.startsWith("'")) {
      return new Expr.Text(t.substring(1, t.length() - 1).replace("''", "'"));
    }
    if (Character.isDigit(t.charAt(0))) {
      if (t.contains("T") && t.contains(":")) {
        try {
          return new Expr.Time(OffsetDateTime.parse(t).toInstant());
        } catch (DateTimeParseException e) {
          throw StaException.badRequest("Thời điểm không hợp lệ / bad time: " + t);
        }
      }
      return new Expr.Number(Double.parseDouble(t));
    }
    switch (t) {
      case "true":
        return new Expr.Bool(true);
      case "false":
        return new Expr.Bool(false);
      case "null":
        return new Expr.Null();
      default:
        break;
    }
    if (!Character.isLetter(t.charAt(0)) && t.charAt(0) != '_') {
      throw StaException.badRequest("Không mong đợi / unexpected: " + t);
    }
    if (accept("(")) {
      List<Expr> args = new ArrayList<>();
      if (!accept(")")) {
        do {
          args.add(or());
        } while (accept(","));
        expect(")");
      }
      return new Expr.Call(t.toLowerCase(Locale.ROOT), args);
    }
    List<String> segments = new ArrayList<>(List.of(t));
    while (accept("/")) {
      String segment = peek();
      if (segment.isEmpty() || !Character.isLetter(segment.charAt(0))) {
        throw StaException.badRequest("Đường dẫn thuộc tính hỏng / bad property path");
      }
      next++;
      segments.add(segment);
    }
    return new Expr.Path(segments);
  }

  /** Parses an instant as the API writes them (ISO 8601 with offset). */
  static Instant instant(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw StaException.badRequest("Thời điểm không hợp lệ / bad time: " + text);
    }
  }
}
