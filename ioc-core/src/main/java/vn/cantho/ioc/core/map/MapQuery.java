package vn.cantho.ioc.core.map;

import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import vn.cantho.ioc.core.api.BadRequest;
import vn.cantho.ioc.core.api.DevicesHandler;
import vn.cantho.ioc.core.api.QueryParams;
import vn.cantho.ioc.core.device.Bbox;
import vn.cantho.ioc.core.device.DeviceFilter;
import vn.cantho.ioc.core.device.Domain;
import vn.cantho.ioc.core.device.WebMercator;

/**
 * What a map view asks for: the box on screen (clipped to the Mercator world), the zoom, and the
 * zone and domain filters of the device list.
 *
 * @param filter the zone and domain asked for, and the box
 */
record MapQuery(Bbox box, int zoom, DeviceFilter filter) {
  static final int MAX_ZOOM = 22;

  /**
   * The most screen pixels a side of the box may span at its zoom: a 4K screen with a margin. It
   * keeps an answer to at most 128 × 128 cells, whatever a client asks.
   */
  static final int MAX_VIEW_PIXELS = 8192;

  static MapQuery parse(RoutingContext ctx, Set<Domain> served) {
    DeviceFilter asked = DevicesHandler.filter(ctx, served);
    if (asked.bbox() == null) {
      throw new BadRequest(
          "bbox is required: W,S,E,N in degrees (minLon,minLat,maxLon,maxLat) of the map's view");
    }
    if (QueryParams.text(ctx, "zoom") == null) {
      throw new BadRequest("zoom is required: the map's zoom level, a whole number from 0 to 22");
    }
    int zoom = QueryParams.intInRange(ctx, "zoom", 0, 0, MAX_ZOOM);
    Bbox box = WebMercator.clip(asked.bbox());
    double wide =
        WebMercator.pixels(WebMercator.x(box.maxLon()) - WebMercator.x(box.minLon()), zoom);
    double high =
        WebMercator.pixels(WebMercator.y(box.minLat()) - WebMercator.y(box.maxLat()), zoom);
    if (wide > MAX_VIEW_PIXELS || high > MAX_VIEW_PIXELS) {
      throw new BadRequest(
          String.format(
              "bbox is %.0f × %.0f pixels at zoom %d; a map view is at most %d pixels a side:"
                  + " send the view's own box and zoom",
              wide, high, zoom, MAX_VIEW_PIXELS));
    }
    return new MapQuery(box, zoom, new DeviceFilter(asked.domain(), asked.zoneId(), box));
  }
}
