package vn.cantho.ioc.opendata.sta;

import java.time.Instant;
import java.util.List;

/** A parsed {@code $filter} or {@code $orderby} expression (§9.3.3.5), before it becomes SQL. */
public sealed interface Expr {
  /** A property path: {@code result}, {@code Thing/name}, {@code properties/reference}. */
  record Path(List<String> segments) implements Expr {
    public Path {
      segments = List.copyOf(segments);
    }
  }

  record Text(String value) implements Expr {}

  record Number(double value) implements Expr {}

  record Time(Instant value) implements Expr {}

  record Bool(boolean value) implements Expr {}

  record Null() implements Expr {}

  /** A {@code geography'…'} literal in WKT (EPSG:4326, longitude first). */
  record Geography(org.locationtech.jts.geom.Geometry value) implements Expr {}

  /** eq ne gt ge lt le, and or, add sub mul div mod. */
  record Binary(String op, Expr left, Expr right) implements Expr {}

  record Not(Expr operand) implements Expr {}

  record Negate(Expr operand) implements Expr {}

  record Call(String function, List<Expr> args) implements Expr {
    public Call {
      args = List.copyOf(args);
    }
  }
}
