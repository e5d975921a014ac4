/**
 * Several stateless nodes on one PostgreSQL and one broker (issue 19, ADR 0022): a leader chosen by
 * an advisory lock runs the periodic jobs that must run once ({@link
 * vn.cantho.ioc.core.cluster.Leadership}), and what one node commits reaches the others' live feeds
 * and caches through LISTEN/NOTIFY ({@link vn.cantho.ioc.core.cluster.ClusterNotices}, {@link
 * vn.cantho.ioc.core.cluster.ClusterListener}).
 */
package vn.cantho.ioc.core.cluster;
