package vn.cantho.ioc.core.api;

import vn.cantho.ioc.core.farm.FarmStore;
import vn.cantho.ioc.core.notify.AckLinks;
import vn.cantho.ioc.core.notify.Outbox;
import vn.cantho.ioc.core.notify.SubscriptionStore;

/** What the farmers' routes serve from: ponds, subscriptions, the outbox and acknowledge links. */
public record FarmParts(
    FarmStore farms, SubscriptionStore subscriptions, Outbox outbox, AckLinks ackLinks) {}
