/**
 * The seam every feature (a city domain: water, traffic, lighting, flood, open data) plugs into the
 * kernel through: {@link vn.cantho.ioc.core.feature.IocFeature} is what a feature implements,
 * {@link vn.cantho.ioc.core.feature.FeatureContext} what the kernel gives it. ADR 0012.
 */
package vn.cantho.ioc.core.feature;
